"""A music video of a shorter version of a song: the song cut musically (``song_edit``), the video planned on the
cut music as on any song, its music and visualizer lanes playing the song's parts back to back, each join a short
equal-power crossfade (``m.crossfade_ms`` on the part after it) so that no join clicks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ...protocol import Draft, MediaInfo, Segment, Track
from ...protocol.sound_ending import OWN_ENDING
from ...protocol.vocabulary import Role
from ..analysis.types import AudioAnalysis
from .ending import ending_ms
from .music_video import MusicVideoOptions, Visual, plan_music_video
from .shorts import is_short
from .song_edit import SongEdit, hook_span, short_edit, song_edit
from .song_ending import sounding

JOIN_CROSSFADE_MS = 60


def plan_song_version(
    track: MediaInfo,
    analysis: AudioAnalysis,
    visuals: Sequence[Visual],
    options: MusicVideoOptions,
    length_ms: int,
    *,
    from_hook: bool = False,
) -> Draft:
    """A music video ``length_ms`` long of the parts of ``track`` that ``song_edit`` chooses (``short_edit`` when
    ``from_hook``: a short that starts at the chorus); the draft's ``m.song_parts`` lists them (``in_ms``,
    ``out_ms`` in the song, ``hook`` where the part holds the chorus), ``m.short`` where it is a short
    (``shorts.is_short``)."""
    analysis = sounding(analysis)  # a version that keeps the song's ending ends as the song does
    options = replace(options, short=is_short(length_ms))  # paced for a feed: ``shorts``
    edit = short_edit(analysis, length_ms) if from_hook else song_edit(analysis, length_ms)
    cut = edited_analysis(analysis, edit)
    draft = plan_music_video(replace(track, duration_ms=edit.duration_ms), cut, visuals, options)
    tracks = tuple(_play_parts(t, edit) for t in draft.tracks)
    hook = hook_span(analysis)
    parts = [
        {"in_ms": a, "out_ms": b, "hook": min(b, hook[1]) - max(a, hook[0]) >= (b - a) // 2} for a, b in edit.spans
    ]
    meta = {k: v for k, v in draft.meta.items() if k != "cut_off_fade_ms"}  # the version ends as its edit does
    short = {"short": True} if options.short else {}  # the reply says which part of the song it plays
    return replace(draft, tracks=tracks, meta={**meta, "song_parts": parts, **short})


def edited_analysis(analysis: AudioAnalysis, edit: SongEdit) -> AudioAnalysis:
    """``analysis`` of the song as ``edit`` plays it: its beats, onsets, kicks, energy and sections moved to where
    they fall in the edit, and each join a section's start (the music turns there)."""
    offsets = [0, *edit.joins_ms]

    def moved(times: Sequence[int]) -> tuple[int, ...]:
        return tuple(o + t - a for o, (a, b) in zip(offsets, edit.spans, strict=True) for t in times if a <= t < b)

    hop = max(analysis.energy_hop_ms, 1)
    energy = tuple(
        analysis.energy[i]
        for a, b in edit.spans
        for i in range(a // hop, -(-b // hop))
        if 0 <= i < len(analysis.energy)
    )
    sections = sorted({0, *moved(analysis.sections_ms), *offsets[1:]})
    return replace(
        analysis,
        duration_ms=edit.duration_ms,
        beats_ms=moved(analysis.beats_ms),
        downbeats_ms=moved(analysis.downbeats_ms),
        onsets_ms=moved(analysis.onsets_ms),
        kicks_ms=moved(analysis.kicks_ms),
        energy=energy,
        sections_ms=tuple(sections),
    )


def _play_parts(track: Track, edit: SongEdit) -> Track:
    """The music or visualizer lane playing the song's parts back to back (other lanes as they are); the music
    fades out at the end unless the edit keeps the song's own ending, which the last part keeps in the recording's
    time (``m.own_ending``: planned in the edit's, it put a short from the chorus dark 2 s before its final hit)."""
    role = track.meta.get("role")
    if role not in (Role.MUSIC, Role.VISUALIZER) or len(track.segments) != 1:
        return track
    whole = track.segments[0]
    starts = [0, *edit.joins_ms]
    meta = {k: v for k, v in whole.meta.items() if k not in ("fade_out_ms", "fade_out_phrase", OWN_ENDING)}
    parts = [
        Segment(start_ms=s, duration_ms=b - a, src=whole.src, in_ms=a, meta=dict(meta))
        for s, (a, b) in zip(starts, edit.spans, strict=True)
    ]
    own = whole.meta.get(OWN_ENDING)
    if isinstance(own, dict) and parts:  # from the edit's time to the recording's, where the last part plays it
        shift = (parts[-1].in_ms or 0) - parts[-1].start_ms
        moved = {k: v + shift if k in ("from_ms", "until_ms") and isinstance(v, int) else v for k, v in own.items()}
        parts[-1] = parts[-1].with_meta(own_ending=moved)
    if role == Role.MUSIC:
        parts = [parts[0], *(p.with_meta(crossfade_ms=JOIN_CROSSFADE_MS) for p in parts[1:])]
        if not edit.ends_with_song:
            parts[-1] = parts[-1].with_meta(fade_out_ms=min(ending_ms(edit.duration_ms), parts[-1].duration_ms))
    return track.with_segments(parts)


def part_times(draft: Draft) -> list[tuple[int, int, bool]]:
    """(in ms, out ms, holds the hook) of each part of the song a shorter version plays, from ``m.song_parts``."""
    raw = draft.meta.get("song_parts")
    if not isinstance(raw, list):
        return []
    return [(int(p["in_ms"]), int(p["out_ms"]), bool(p.get("hook"))) for p in raw if isinstance(p, dict)]
