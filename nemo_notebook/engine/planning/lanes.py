"""The lanes a music video's plan adds beside its pictures: the visualizer over them, the music, and the title (or
the track's own credit line, smaller and at the top, for a cover or the track alone)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...protocol import MediaInfo, Segment, Track, TrackType
from ...protocol.vocabulary import ALONE_CREDIT, AUTO, BARS_DESIGN, CALM_DESIGN, Role, Visualizer, credit_parts
from ..analysis.character import CALM_BELOW
from ..analysis.types import AudioAnalysis
from .opening import OPENING_STYLE, opening_title_at

TITLE_STYLE = {"size": 110, "color": "#ffffff", "position": AUTO}  # placed off the subject: render.text
CREDIT_STYLE = {"size": 72, "color": "#ffffff", "position": "top"}  # 56 read as "tiny" to a reviewer
TITLE_FADE_MS = 400
# a track alone's opening title without an artist line under it this much larger than one with it: the line takes
# the room the artist's would (at 96, 8.6 % of the height, "small and at the very top", a blind reviewer of a ballad
# alone; with an artist its two lines reach 0.25 of the height, the tunnel's ring's top)
ALONE_TITLE_GROWTH = 1.35


CALM_OPACITY = 0.8  # the calm design's line: a little see-through (the bars: 0.9)


def visualizer_track(track: MediaInfo, duration_ms: int, options: Any, analysis: AudioAnalysis | None = None) -> Track:
    """The visualizer lane: the kind the options say, or where the user named none and ``analysis`` is given (a
    video of pictures or clips), the one that fits the music (``visualizer_for_the_music``)."""
    meta: dict[str, object] = {
        "effect": options.visualizer,
        "color": options.visualizer_color,
        "position": options.visualizer_position,
        "opacity": 0.9,
    }
    design = None if analysis is None else visualizer_for_the_music(options, analysis)
    if design == CALM_DESIGN:
        meta |= {"effect": Visualizer.LINE.value, "design": CALM_DESIGN, "opacity": CALM_OPACITY}
    elif design == BARS_DESIGN:
        meta |= {"design": BARS_DESIGN}
    segment = Segment(start_ms=0, duration_ms=duration_ms, src=track.id, in_ms=0, meta=meta)
    return Track(TrackType.VIDEO, (segment,), {"role": Role.VISUALIZER, "name": "Visualizer"})


def visualizer_for_the_music(options: Any, analysis: AudioAnalysis) -> str | None:
    """Where the user named no kind (the default bars stand): ``CALM_DESIGN`` (a thin, low wave of the low notes) for
    calm music (drive under ``character.CALM_BELOW``: ambient, ballads, orchestral pieces), ``BARS_DESIGN`` for music
    that flows or drives; None for a kind the user named."""
    if getattr(options, "visualizer_named", False) or options.visualizer != Visualizer.SPECTRUM.value:
        return None
    return CALM_DESIGN if analysis.drive is not None and analysis.drive < CALM_BELOW else BARS_DESIGN


def music_track(
    track: MediaInfo, duration_ms: int, *, fade_out_ms: int = 0, own_ending: dict[str, object] | None = None
) -> Track:
    """The song under the whole video; where it is cut short, its fade over its last phrase (``song_ending``); where
    it ends by itself, how (``song_ending.own_ending``, which the picture follows: ``sound_ending``)."""
    fade: dict[str, object] = {"fade_out_ms": fade_out_ms, "fade_out_phrase": True} if fade_out_ms else {}
    own: dict[str, object] = {"own_ending": own_ending} if own_ending else {}
    meta: dict[str, object] = {"name": track.name, **fade, **own}
    segment = Segment(start_ms=0, duration_ms=duration_ms, src=track.id, in_ms=0, meta=meta)
    return Track(TrackType.AUDIO, (segment,), {"role": Role.MUSIC, "name": track.name, "volume": 1.0})


def title_track(title: str, title_ms: int, credit_line: bool = False) -> Track:
    meta = {
        "text": title,
        "role": Role.TITLE,
        "style": dict(CREDIT_STYLE if credit_line else TITLE_STYLE),
        "fade_in_ms": TITLE_FADE_MS,
        "fade_out_ms": TITLE_FADE_MS,
    }
    return Track(TrackType.TEXT, (Segment(start_ms=0, duration_ms=title_ms, meta=meta),), {"name": "Titles"})


def alone_opening(credit: str, downbeats_ms: Sequence[int], beats_ms: Sequence[int], duration_ms: int) -> Track:
    """A track alone's credit ("Title — Artist") as its opening title (``opening.opening_title_at``: in on a downbeat
    after 0.4 s, out about 5.5 s later; the end card brings it back, ``agent.end_card.default_end_card``), set at the
    top of the backdrop with its artist on a line of its own (``render.text``) at the size of a photo video's opening
    title (``opening.OPENING_STYLE``; ``ALONE_TITLE_GROWTH`` larger without an artist). It stayed for the whole video before: a blind reviewer of a ballad and an
    electronic track alone wrote "the title stays on for all 60 s" of both."""
    opening = opening_title_at(credit, downbeats_ms, beats_ms, duration_ms)
    size = OPENING_STYLE["size"]
    size = size if isinstance(size, (int, float)) else 96
    growth = 1.0 if credit_parts(credit)[1] else ALONE_TITLE_GROWTH  # a title alone takes its artist's room
    style = {**CREDIT_STYLE, "size": round(size * growth)}
    return opening.with_segments([s.with_meta(layout=ALONE_CREDIT, style=dict(style)) for s in opening.segments])
