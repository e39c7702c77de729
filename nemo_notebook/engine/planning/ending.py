"""How a music video ends: with the music. The last shot fades to black over the last seconds; a song cut short
fades out with it (a song that ends by itself keeps its own ending in the sound)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ...protocol import Segment
from ...protocol.sound_ending import ENDING_FADE_MS, SoundEnding
from ..analysis.types import VideoAnalysis
from .clip_windows import JOIN_GAP_MS

SONG_END_SLACK_MS = 500  # a cut this close to the song's own end is its end
CUT_CLEAR_MS = 80  # a held clip keeps this clear of each of its own cuts (one may be found a frame early or late)
UNFIT_SHARE = 0.1  # a hop with this share of frames unfit to show is not held (as ``clip_windows`` rules it out)
Span = tuple[int, int]
MIN_BEFORE_MS = 1000  # a shot cut short for a held picture still lasts this long
NEARER_KEYS = frozenset({"framing", "zoom", "reframe"})  # a held picture is shown whole: its near views' keys go
HELD_MS = 4500  # an end card's 4 s (``protocol.sound_ending.END_CARD_MS``) and its fade in: one shot under all of it


@dataclass(frozen=True)
class ClipRoom:
    """What the clips allow a held shot: each clip's length (``lengths_ms``, by its id; a clip not named has no
    footage to hold) and the stretches of it a held shot must not run over (``breaks_ms``, each clip's
    ``clip_breaks`` by its id)."""

    lengths_ms: Mapping[str, int] = field(default_factory=dict)
    breaks_ms: Mapping[str, Sequence[Span]] = field(default_factory=dict)


def ending_ms(duration_ms: int) -> int:
    return min(ENDING_FADE_MS, duration_ms // 4)


def picture_fade_ms(duration_ms: int, sound: SoundEnding | None = None) -> int:
    """How long the last shot fades out: from where the sound begins to end (``sound_ending``: the engine's fade, the
    song's own decay or ring, its final hit, the render darkening the silence after it: ``render.picture_ending``;
    after a quiet outro's dim, ``SoundEnding.black_from_ms``, ``render.outro_dim``), else over ``ending_ms`` (a song
    that plays on to the end at its level)."""
    if sound is None or not sound.how:
        return ending_ms(duration_ms)
    return max(duration_ms - sound.black_from_ms, 1)


def ending(shots: list[Segment], duration_ms: int, sound: SoundEnding | None = None) -> list[Segment]:
    """The video ends with the music: its last shot fades to black as the sound ends (``picture_fade_ms``: over the
    last seconds, the song's own decay, or from its final hit; a song that ends by itself keeps its own ending in the
    sound; one cut short fades with the picture, `lanes.music_track`)."""
    if not shots:
        return shots
    last = shots[-1]
    fade = min(picture_fade_ms(duration_ms, sound), last.duration_ms)
    return [*shots[:-1], replace(last, meta={**last.meta, "fade_out_ms": fade})]


def without_ending(shot: Segment) -> Segment:
    """``shot`` without the ending's fade, for a shot re-used elsewhere on a re-cut timeline."""
    if "fade_out_ms" not in shot.meta:
        return shot
    return replace(shot, meta={k: v for k, v in shot.meta.items() if k != "fade_out_ms"})


def held_ending(
    shots: list[Segment], duration_ms: int, room: ClipRoom, beats_ms: Sequence[float] = (), *, held_ms: int = HELD_MS
) -> list[Segment]:
    """``shots`` with the last held over the last ``held_ms`` (where an end card shows, or as the user asked): the
    shots that would begin there are dropped and the one before runs to the end, a clip only where it has the footage (``room.lengths_ms``;
    otherwise the shots are left as they are). The cuts kept stay on their beats.

    A held clip runs clear of its own cuts and unfit frames (``room.breaks_ms``; ``held_window``): held from where it was, the demo's last shot crossed the clip's cut at 15.75 s, 3.8 s into the
    shot, and another picture came under the card (and the window after that cut ends on the clip's title card).
    Where the clip has no such stretch, a picture shown before is held from a beat before the card
    (``_picture_held``; ``beats_ms``: the draft's beat grid)."""
    held_from = duration_ms - held_ms
    kept = [sg for sg in shots if sg.start_ms <= held_from]
    if not kept:
        return shots
    last = kept[-1]
    closing = shots[-1]  # the picture the video opened on closes it (``shot_order``): held, not dropped for the card
    if closing is not last and closing.in_ms is None and closing.src not in (None, last.src):
        held = _held_from_beat(kept, closing, duration_ms, beats_ms, held_ms)
        if held is not None:
            return held
    length = duration_ms - last.start_ms
    if last.in_ms is not None:
        src = last.src or ""
        shown = [(sg.in_ms, sg.in_ms + sg.duration_ms) for sg in kept[:-1] if sg.src == src and sg.in_ms is not None]
        avoid = list(room.breaks_ms.get(src, ()))
        if len(kept) > 1 and kept[-2].src == src and shown:  # not the moment the shot before it showed
            avoid.append((shown[-1][0] - JOIN_GAP_MS, shown[-1][1] + JOIN_GAP_MS))
        start = held_window(last.in_ms, length, room.lengths_ms.get(src, 0), avoid, shown)
        if start is None:
            return _picture_held(shots, kept, duration_ms, beats_ms, held_ms)
        last = replace(last, in_ms=start)
    if len(kept) == len(shots) and last == shots[-1]:
        return shots
    return [*kept[:-1], replace(last, duration_ms=length)]


def _picture_held(
    shots: list[Segment], kept: list[Segment], duration_ms: int, beats_ms: Sequence[float], held_ms: int
) -> list[Segment]:
    """``shots`` with the last kept shot (a clip that cannot be held) cut at the last beat before the card
    (``HELD_MS`` from the end, ``MIN_BEFORE_MS`` or more into the shot) and the picture shown last before it held
    from there to the end, in its wide view; ``shots`` as they are without such a beat or picture. The demo's last
    shot, 7.4 s of a 30 s clip cut every few seconds, could not be held 9.8 s, and the shot after it came 1.4 s into
    the end card."""
    pictures = [sg for sg in kept[:-1] if sg.in_ms is None and sg.src is not None]
    return (_held_from_beat(kept, pictures[-1], duration_ms, beats_ms, held_ms) if pictures else None) or shots


def _held_from_beat(
    kept: list[Segment], picture: Segment, duration_ms: int, beats_ms: Sequence[float], held_ms: int
) -> list[Segment] | None:
    """``kept`` with its last shot cut at the last beat before the card (``MIN_BEFORE_MS`` or more into it) and
    ``picture`` held from there to the end, in its wide view; None without such a beat. Where the video closed on
    the picture it opened on, a shot under the card dropped for the one before gave that shot its time (a calm
    minute of five photos: its last photo 11.6 s, the opening one 5.5 s in all)."""
    last = kept[-1]
    cut = max((round(b) for b in beats_ms if last.start_ms + MIN_BEFORE_MS <= b <= duration_ms - held_ms), default=None)
    if cut is None:
        return None
    wide = {k: v for k, v in picture.meta.items() if k not in NEARER_KEYS}
    held = replace(picture, start_ms=cut, duration_ms=duration_ms - cut, meta=wide)
    return [*kept[:-1], replace(last, duration_ms=cut - last.start_ms), held]


def held_window(
    in_ms: int, length_ms: int, footage_ms: int, avoid: Sequence[Span], shown: Sequence[Span] = ()
) -> int | None:
    """Where a clip's held shot of ``length_ms`` starts: at ``in_ms`` where that runs inside the clip
    (``footage_ms``) and over none of ``avoid`` (its cuts and unfit frames, in-point to out-point), else at the start
    that does, showing least of what ``shown`` (the clip's windows shown before) showed, nearest ``in_ms``; None
    where none does."""
    starts = {in_ms, 0, *(b for _, b in avoid), *(a - length_ms for a, _ in avoid)}

    def fits(start: int) -> bool:
        end = start + length_ms
        return start >= 0 and end <= footage_ms and all(not (start < b and a < end) for a, b in avoid)

    def seen(start: int) -> int:
        return sum(max(0, min(b, start + length_ms) - max(a, start)) for a, b in shown)

    fitting = [start for start in starts if fits(start)]
    if in_ms in fitting:
        return in_ms
    return min(fitting, key=lambda start: (seen(start), abs(start - in_ms))) if fitting else None


def clip_breaks(analysis: VideoAnalysis) -> tuple[Span, ...]:
    """The stretches of a clip (in-point to out-point, ms) a held shot must not run over: each of its own cuts,
    ``CUT_CLEAR_MS`` either side, and each stretch of frames unfit to show (``VideoAnalysis.unfit``: a title card,
    black, a fade; a hop with ``UNFIT_SHARE`` of them)."""
    cuts = [(c - CUT_CLEAR_MS, c + CUT_CLEAR_MS) for c in analysis.cut_points_ms]
    hop = max(analysis.hop_ms, 1)
    unfit = [(i * hop, (i + 1) * hop) for i, share in enumerate(analysis.unfit) if share >= UNFIT_SHARE]
    return tuple(cuts + unfit)
