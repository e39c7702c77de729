"""Video → music: drafts that put a score under the user's clips, or cut the user's clips to a piece of music.

``plan_score``: the clips play back to back with their own sound; the music (usually composed for them on the grid
``sync.choose_beat_grid`` picked) is a ``bgm`` track under them. Mixing follows what a video editor does: each clip with
sound is marked with its kind (``m.sound``: "speech" from ``SPEECH_LEVEL_RATIO`` of speech up, else "ambience"), which
the render levels against the music (``render.clip_level``: speech about as loud as the music elsewhere, ambience
12 dB under it); the music plays at ``BGM_UNDER_SPEECH_VOLUME`` (10 dB under the levelled voice) under the lines of
a clip's speech and at full level in the pauses between them (``speech_levels``), rising back over
``RISE_UNDER_SPEECH_MS`` before the next clip where the speech runs up to it, at full level under ambience and under
clips without sound, and ducks further where the clips have speech (``m.duck``); it fades in and out.

``recut_clips_to_beats``: the music is given and the clips are the user's, so the picture moves instead. The music's
beats (every ``beats_per_cut`` of them) become the cuts, snapped to the frame grid, and each shot is filled with the
liveliest unused stretch of a clip that holds no cut of its own, clips taken in the order the user gave them. The
only cuts in the export are then the ones on beats.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Protocol

from ...protocol import Draft, MediaInfo, Segment, Track, TrackType
from ...protocol.sound_ending import sound_ending_of
from ...protocol.vocabulary import DEFAULT_FPS, Role
from ..analysis.types import AudioAnalysis, VideoAnalysis
from .clip_windows import ClipWindows, Window
from .ending import ending
from .speech_levels import lane_level_spans
from .sync import BeatGrid, choose_beat_grid, choose_tempo_and_phase

BGM_UNDER_SPEECH_VOLUME = 0.32
"""A score's level (-10 dB) under a clip's speech, which the render levels about as loud as the music at full level.
At 0.25 (-12 dB) a blind reviewer of held-out 07 heard the intro under the dialogue as "close to inaudible (voice ~15
dB over the music)", -28 LUFS in the speech's pauses, and asked for it about 8 to 10 dB under the voice: measured on
07's export against its score alone, the voice sat 10.6 LU over the music (its voice-band dip aside), 8.5 at 0.32."""
RISE_UNDER_SPEECH_MS = 1000
"""The music quieter under a clip's speech comes back up over this long before the next clip (evenly in dB, ending at
the cut): at 0.25 held-out 07's score stepped up 12 dB within 50 ms at the cut after the dialogue, which a blind
reviewer heard as "a 20 dB jump ... like an edit over a calm tree shot". Its speech ended 0.7 s before the cut."""
SPEECH_LEVEL_RATIO = 0.12
"""A clip with at least this share of speech (``VideoAnalysis.speech_ratio``) is levelled as speech, else as ambience.
Measured: Megamind.avi (a cartoon's dialogue over its music and effects) 0.143; Big Buck Bunny's 30 s (music and
effects, no words) 0.085."""

__all__ = [
    "BeatGrid",
    "Rhythm",
    "aspect_for_clips",
    "beat_cut_bounds",
    "choose_beat_grid",
    "choose_tempo_and_phase",
    "plan_score",
    "recut_clips_to_beats",
    "speech_spans",
]

Clip = tuple[MediaInfo, VideoAnalysis]
SPEECH_DUCK_RATIO = 0.2
"""A clip with at least this share of speech makes the music duck (``m.duck``) under the clips' sound."""
_PACE_SHOT_MS = (3500.0, 1000.0)
"""Target shot length (ms) for the calmest and the liveliest footage when the caller leaves ``beats_per_cut`` open."""


class Rhythm(Protocol):
    """The beat grid of a piece: an ``AudioAnalysis``, or what the composer returns for a track it made."""

    @property
    def tempo_bpm(self) -> float: ...

    @property
    def beats_ms(self) -> Sequence[int]: ...

    @property
    def downbeats_ms(self) -> Sequence[int]: ...


def plan_score(
    videos: Sequence[Clip],
    music: MediaInfo,
    rhythm: Rhythm | None = None,
    *,
    music_beats_ms: Sequence[int] = (),
    music_downbeats_ms: Sequence[int] = (),
    bpm: float | None = None,
    volume: float | None = None,
    fade_in_ms: int = 1000,
    fade_out_ms: int = 2000,
    aspect: str | None = None,
    fps: int | None = None,
) -> Draft:
    """A draft with the clips back to back (their own sound on) and ``music`` under them as background music.

    Parameters
    ----------
    videos : the clips and their analysis, in the order they play.
    music : the score (composed to the clips' length, or the user's track: looped when shorter, cut when longer).
    rhythm : the music's beat grid (its analysis, or the composer's result), kept in the draft's ``m`` for later edits.
    music_beats_ms, music_downbeats_ms, bpm : the same given piece by piece; each one given wins over ``rhythm``'s.
    volume : the music's level (0..1) everywhere; None applies the mixing rule (25% under speech, else 100%).
    fade_in_ms, fade_out_ms : the music's fades (ms); with none at the end (a score that rings out by itself) the
        last clip fades to black under its ring, from its final hit (``rhythm``'s "ending" section, kept on the
        music as ``m.own_ending``), else over the video's last seconds (``ending.ending_ms``).
    aspect : "16:9", "9:16" or "1:1"; None takes it from the clips (mostly portrait → 9:16).
    fps : the export's frame rate; None: the clips' own when they agree (24–60), else 30.

    Returns
    -------
    Draft
        Visuals lane (``m.role`` "visuals"), a ``bgm`` audio track, ``m`` with aspect, fps and the beat grid.

    Examples
    --------
    >>> draft = plan_score([(clip, analyze_video(path))], song, composed)  # doctest: +SKIP
    >>> draft.tracks[1].meta["volume"]                                       # doctest: +SKIP
    0.32
    """
    _check(videos, volume)
    if rhythm is not None:
        bpm = bpm if bpm is not None else rhythm.tempo_bpm
        music_beats_ms = music_beats_ms or tuple(rhythm.beats_ms)
        music_downbeats_ms = music_downbeats_ms or tuple(rhythm.downbeats_ms)
    lane = _clip_lane(videos)
    duration_ms = lane[-1].end_ms
    music_track = _bgm_track(videos, lane, music, duration_ms, volume, fade_in_ms, fade_out_ms)
    if fade_out_ms <= 0:  # a score that rings out to the end by itself: the last clip fades to black under its ring
        music_track = _with_ring(music_track, rhythm)
        lane = ending(lane, duration_ms, sound_ending_of(music_track.segments[-1:], duration_ms))
    visuals = Track(TrackType.VIDEO, tuple(lane), {"role": Role.VISUALS, "name": "Clips"})
    meta = _draft_meta(videos, aspect, fps, duration_ms, bpm, music_beats_ms, music_downbeats_ms)
    return Draft(tracks=(visuals, music_track), duration_ms=duration_ms, meta=meta)


def recut_clips_to_beats(
    videos: Sequence[Clip],
    music: MediaInfo,
    music_analysis: AudioAnalysis,
    *,
    beats_per_cut: int | None = None,
    keep_clip_sound: bool = False,
    fade_out_ms: int = 2000,
    aspect: str | None = None,
    fps: int = DEFAULT_FPS,
) -> Draft:
    """A draft as long as ``music`` whose cuts fall on its beats, filled with the liveliest parts of the clips.

    Parameters
    ----------
    videos : the clips and their analysis; shots take from them in this order, round and round.
    music, music_analysis : the piece and its beats (``analyze_audio``).
    beats_per_cut : beats a shot lasts; None picks 1, 2, 4 or 8 from the footage's pace (lively footage cuts faster).
    keep_clip_sound : False mutes the clips and plays the music at full level (role "music"); True keeps their
        sound and mixes the music under it as in ``plan_score``.
    fade_out_ms : the music's fade out at the end (ms).
    aspect, fps : of the export; aspect None takes it from the clips.

    Returns
    -------
    Draft
        Cuts on beats, rounded to whole frames at ``fps``; in-points on the clips' own frames.
    """
    _check(videos, None)
    if beats_per_cut is not None and not 1 <= beats_per_cut <= 64:
        raise ValueError(f"beats_per_cut must be between 1 and 64, not {beats_per_cut}")
    duration_ms = music.duration_ms or music_analysis.duration_ms
    if duration_ms <= 0:
        raise ValueError(f"{music.name} has no length: it cannot set the length of the video")
    bounds = beat_cut_bounds(music_analysis, duration_ms, fps, beats_per_cut or _beats_for_pace(videos, music_analysis))
    lane = _recut_lane(videos, bounds, keep_clip_sound)
    if keep_clip_sound:
        music_track = _bgm_track(videos, lane, music, duration_ms, None, 0, fade_out_ms)
    else:
        music_track = _full_track(music, duration_ms, fade_out_ms)
    visuals = Track(TrackType.VIDEO, tuple(lane), {"role": Role.VISUALS, "name": "Clips"})
    meta = _draft_meta(
        videos, aspect, fps, duration_ms, music_analysis.tempo_bpm, music_analysis.beats_ms, music_analysis.downbeats_ms
    )
    return Draft(tracks=(visuals, music_track), duration_ms=duration_ms, meta=meta)


def beat_cut_bounds(analysis: AudioAnalysis, duration_ms: int, fps: int, beats_per_cut: int) -> list[int]:
    """0, every ``beats_per_cut``-th beat (counted from the first downbeat), and the end, each on a frame (ms)."""
    beats = sorted(b for b in analysis.beats_ms if 0 < b < duration_ms)
    if len(beats) < 2 and analysis.tempo_bpm > 0:
        step = 60_000.0 / analysis.tempo_bpm
        beats = [round(k * step) for k in range(1, int(duration_ms / step) + 1) if k * step < duration_ms]
    first_down = next((beats.index(d) for d in sorted(analysis.downbeats_ms) if d in beats), 0)
    chosen = beats[first_down % beats_per_cut :: beats_per_cut]
    min_gap_ms = 2 * 1000 / fps
    bounds = [0]
    for t in (frame_ms(b, fps) for b in chosen):
        if t - bounds[-1] >= min_gap_ms and duration_ms - t >= min_gap_ms:
            bounds.append(t)
    return [*bounds, duration_ms]


def frame_ms(t_ms: float, fps: float) -> int:
    """``t_ms`` moved to the nearest frame boundary at ``fps`` (ms, rounded)."""
    return round(round(t_ms * fps / 1000.0) * 1000.0 / fps)


def _check(videos: Sequence[Clip], volume: float | None) -> None:
    if not videos:
        raise ValueError("no clips to score: upload at least one video")
    if volume is not None and not 0.0 <= volume <= 1.0:
        raise ValueError(f"volume must be between 0 and 1 (a share of full level), not {volume}")


def _clip_lane(videos: Sequence[Clip]) -> list[Segment]:
    lane: list[Segment] = []
    start = 0
    for info, analysis in videos:
        length = analysis.duration_ms or info.duration_ms or 0
        if length <= 0:
            raise ValueError(f"{info.name} has no length; re-upload it or leave it out")
        meta = {"name": info.name, "volume": 1.0 if analysis.has_audio else 0.0, **_sound_kind(analysis)}
        lane.append(Segment(start_ms=start, duration_ms=length, src=info.id, in_ms=0, meta=meta))
        start += length
    return lane


def speech_spans(videos: Sequence[Clip]) -> tuple[tuple[int, int], ...]:
    """(start, end) in ms of each clip levelled as speech (``SPEECH_LEVEL_RATIO``) where ``plan_score`` plays the
    clips back to back: where a score plays under someone speaking."""
    spans = []
    for segment in _clip_lane(videos):
        if segment.meta.get("sound") == "speech":
            spans.append((segment.start_ms, segment.start_ms + segment.duration_ms))
    return tuple(spans)


def _recut_lane(videos: Sequence[Clip], bounds: list[int], keep_sound: bool) -> list[Segment]:
    windows = ClipWindows(videos, shots=len(bounds) - 1)
    lane = []
    after: Window | None = None  # the shot before: the next does not join it alike (``ClipWindows``)
    for k, (start, end) in enumerate(itertools.pairwise(bounds)):
        clip_index, in_ms = windows.take(k % len(videos), end - start, after=after)
        after = (clip_index, in_ms, in_ms + end - start)
        info, analysis = videos[clip_index]
        meta = {"name": info.name, "volume": 1.0 if keep_sound and analysis.has_audio else 0.0}
        meta |= _sound_kind(analysis) if keep_sound else {}
        lane.append(Segment(start_ms=start, duration_ms=end - start, src=info.id, in_ms=in_ms, meta=meta))
    return lane


def _sound_kind(analysis: VideoAnalysis) -> dict[str, object]:
    """``m.sound`` for a clip's segment: "speech" or "ambience" (``render.clip_level``); nothing for a silent clip."""
    if not analysis.has_audio:
        return {}
    return {"sound": "speech" if analysis.speech_ratio >= SPEECH_LEVEL_RATIO else "ambience"}


def _beats_for_pace(videos: Sequence[Clip], analysis: AudioAnalysis) -> int:
    """1, 2, 4 or 8 beats a shot: the power of two nearest the shot length the footage's pace suggests."""
    pace = sum(a.pace * a.duration_ms for _, a in videos) / max(sum(a.duration_ms for _, a in videos), 1)
    calm_ms, lively_ms = _PACE_SHOT_MS
    target_ms = calm_ms + (lively_ms - calm_ms) * pace
    beat_ms = 60_000.0 / analysis.tempo_bpm if analysis.tempo_bpm > 0 else 500.0
    return min((1, 2, 4, 8), key=lambda n: abs(n * beat_ms - target_ms))


def _bgm_track(
    videos: Sequence[Clip],
    lane: Sequence[Segment],
    music: MediaInfo,
    duration_ms: int,
    volume: float | None,
    fade_in_ms: int,
    fade_out_ms: int,
) -> Track:
    """The music under the clips: one level for all (``volume``, or 32%/100% when the clips and their lines agree),
    or segment levels that follow each clip's sound and the lines of its speech."""
    speaking = {str(info.id): a.speech_lines_ms for info, a in videos if _sound_kind(a).get("sound") == "speech"}
    meta = {"role": Role.BGM, "name": music.name, "duck": any(a.speech_ratio >= SPEECH_DUCK_RATIO for _, a in videos)}
    spans, ramps = lane_level_spans(lane, speaking, BGM_UNDER_SPEECH_VOLUME)  # down under the lines of speech
    if volume is not None or len({level for _, _, level in spans}) == 1:
        level = volume if volume is not None else spans[0][2]
        pieces = _music_pieces(music, [(0, duration_ms, None)])
        return Track(TrackType.AUDIO, _with_fades(pieces, fade_in_ms, fade_out_ms), {**meta, "volume": level})
    pieces = _rising(_music_pieces(music, _merge_spans(spans)), ramps)
    return Track(TrackType.AUDIO, _with_fades(pieces, fade_in_ms, fade_out_ms), {**meta, "volume": 1.0})


def _rising(pieces: tuple[Segment, ...], ramps_ms: dict[int, int]) -> tuple[Segment, ...]:
    """``pieces`` with each one that the next follows at another level without a gap moving to that level over its
    last ``ramps_ms[its end]`` (a line's ``speech_levels.LINE_RISE_MS`` up or ``LINE_FALL_MS`` down), or where none
    is given and the next is louder, rising to it over its last ``RISE_UNDER_SPEECH_MS``; half of it at most
    (``m.rise_to``, ``m.rise_ms``, played by the render)."""
    out = list(pieces)
    for index, (piece, after) in enumerate(itertools.pairwise(pieces)):
        level, to = _level(piece), _level(after)
        if piece.end_ms != after.start_ms or level <= 0 or to <= 0 or level == to:
            continue
        ramp = ramps_ms.get(piece.end_ms, RISE_UNDER_SPEECH_MS if to > level else 0)
        if ramp:
            out[index] = piece.with_meta(rise_to=to, rise_ms=min(ramp, piece.duration_ms // 2))
    return tuple(out)


def _level(piece: Segment) -> float:
    volume = piece.meta.get("volume", 1.0)
    return float(volume) if isinstance(volume, (int, float)) else 1.0


def _with_ring(track: Track, rhythm: Rhythm | None) -> Track:
    """``track`` whose last piece carries the score's ring-out (``m.own_ending``: its "ending" section, from the
    final hit to its end, in the score's time), where ``rhythm`` (the composer's result) has one."""
    sections = getattr(rhythm, "sections", ()) or ()
    ring = next((s for s in sections if getattr(s, "name", "") == "ending"), None)
    if ring is None or not track.segments or ring.end_ms <= ring.start_ms:
        return track
    own = {"how": "decay", "from_ms": int(ring.start_ms), "until_ms": int(ring.end_ms)}
    return track.with_segments((*track.segments[:-1], track.segments[-1].with_meta(own_ending=own)))


def _full_track(music: MediaInfo, duration_ms: int, fade_out_ms: int) -> Track:
    pieces = _music_pieces(music, [(0, duration_ms, None)])
    meta = {"role": Role.MUSIC, "name": music.name, "volume": 1.0}
    return Track(TrackType.AUDIO, _with_fades(pieces, 0, fade_out_ms), meta)


def _merge_spans(spans: Sequence[tuple[int, int, float | None]]) -> list[tuple[int, int, float | None]]:
    merged: list[tuple[int, int, float | None]] = []
    for start, end, level in spans:
        if merged and merged[-1][2] == level:
            merged[-1] = (merged[-1][0], end, level)
        else:
            merged.append((start, end, level))
    return merged


def _music_pieces(music: MediaInfo, spans: list[tuple[int, int, float | None]]) -> tuple[Segment, ...]:
    """Segments playing ``music`` continuously over the spans (from its start, again from 0 when it runs out)."""
    length = music.duration_ms or 0
    out = []
    for start, end, level in spans:
        cursor = start
        while cursor < end:
            position = cursor % length if length > 0 else cursor
            piece = min(end - cursor, length - position) if length > 0 else end - cursor
            meta: dict[str, object] = {"name": music.name} if level is None else {"name": music.name, "volume": level}
            out.append(Segment(start_ms=cursor, duration_ms=piece, src=music.id, in_ms=position, meta=meta))
            cursor += piece
    return tuple(out)


def _with_fades(pieces: tuple[Segment, ...], fade_in_ms: int, fade_out_ms: int) -> tuple[Segment, ...]:
    """The first piece fades in, the last fades out (one piece does both)."""
    if not pieces:
        return pieces
    faded = [*pieces]
    faded[0] = faded[0].with_meta(fade_in_ms=fade_in_ms)
    faded[-1] = faded[-1].with_meta(fade_out_ms=fade_out_ms)
    return tuple(faded)


def _draft_meta(
    videos: Sequence[Clip],
    aspect: str | None,
    fps: int | None,
    duration_ms: int,
    bpm: float | None,
    beats_ms: Sequence[int],
    downbeats_ms: Sequence[int],
) -> dict[str, object]:
    meta: dict[str, object] = {"aspect": aspect or aspect_for_clips(videos), "fps": fps or _clips_fps(videos)}
    meta["loudnorm"] = True
    if bpm:
        meta["bpm"] = round(float(bpm), 3)
    if beats_ms:
        meta["beats_ms"] = [int(b) for b in beats_ms if 0 <= b < duration_ms]
    if downbeats_ms:
        meta["downbeats_ms"] = [int(b) for b in downbeats_ms if 0 <= b < duration_ms]
    return meta


def aspect_for_clips(videos: Sequence[Clip]) -> str:
    """ "9:16" when most of the footage (by length) is portrait, "1:1" when square, "16:9" otherwise (as displayed)."""
    weights = {"9:16": 0, "1:1": 0, "16:9": 0}
    for _, analysis in videos:
        ratio = analysis.width / analysis.height if analysis.height else 16 / 9
        shape = "1:1" if 0.9 <= ratio <= 1.1 else ("9:16" if ratio < 1 else "16:9")
        weights[shape] += max(analysis.duration_ms, 1)
    return max(weights, key=lambda shape: (weights[shape], shape == "16:9"))


def _clips_fps(videos: Sequence[Clip]) -> int:
    rates = {round(a.fps) for _, a in videos if a.fps}
    if len(rates) == 1 and 24 <= (rate := rates.pop()) <= 60:
        return rate
    return DEFAULT_FPS
