"""The draft's visuals lane as shots on the frame grid.

Cut positions are rounded from the cumulative times on the timeline, never from each duration, so that a cut lies
within half a frame of where the draft puts it however many shots come before it (no drift over minutes).
Gaps in the lane are filled with a generated background: the renderer never shows black where the draft is silent.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...protocol import Draft, Segment, Track, TrackType
from ...protocol.vocabulary import Role

FILLER = Segment(start_ms=0, duration_ms=0, meta={"role": Role.BACKGROUND, "effect": "gradient"})


@dataclass(frozen=True)
class Shot:
    """One segment of the visuals lane placed on frames: it covers frames ``[start_frame, start_frame + frames)``.

    ``in_ms`` is where a clip starts playing, already moved on by any part of the segment that was cut off.
    """

    segment: Segment
    start_frame: int
    frames: int
    in_ms: int = 0


def frame_at(t_ms: int, fps: int) -> int:
    """Index of the frame nearest to ``t_ms`` (halves round up, so the same time always lands on the same frame)."""
    return (t_ms * fps + 500) // 1000


def total_frames(draft: Draft) -> int:
    """Frames in the export: the draft's length on the frame grid, at least one."""
    return max(frame_at(draft.duration_ms, draft.fps), 1)


def visuals_track(draft: Draft) -> Track | None:
    """The lane that fills the picture: the video track with role "visuals", else the first that is not a visualizer."""
    video = [t for t in draft.tracks_of(TrackType.VIDEO) if t.meta.get("role") != Role.VISUALIZER]
    for track in video:
        if track.meta.get("role") == Role.VISUALS:
            return track
    return video[0] if video else None


def shots(draft: Draft) -> tuple[Shot, ...]:
    """The visuals lane as back-to-back shots covering every frame of the export, gaps filled with backgrounds."""
    fps, end = draft.fps, total_frames(draft)
    track = visuals_track(draft)
    segments = sorted(track.segments, key=lambda sg: sg.start_ms) if track else []
    out: list[Shot] = []
    cursor = 0
    for sg in segments:
        first, last = max(frame_at(sg.start_ms, fps), cursor), min(frame_at(sg.end_ms, fps), end)
        if last <= first:
            continue
        if first > cursor:
            out.append(Shot(FILLER, cursor, first - cursor))
        skipped_ms = (first - frame_at(sg.start_ms, fps)) * 1000 // fps
        out.append(Shot(sg, first, last - first, (sg.in_ms or 0) + skipped_ms))
        cursor = last
    if cursor < end:
        out.append(Shot(FILLER, cursor, end - cursor))
    return tuple(out)


def shot_fades(shot: Shot, fps: int) -> str:
    """Fades from and to black at the shot's edges, counted in frames so they end exactly at the cut."""
    fps_ms = fps / 1000
    parts = []
    fade_in = _number(shot.segment.meta.get("fade_in_ms"))
    fade_out = _number(shot.segment.meta.get("fade_out_ms"))
    if fade_in > 0:
        parts.append(f",fade=t=in:s=0:n={max(1, min(shot.frames, round(fade_in * fps_ms)))}")
    if fade_out > 0:
        n = max(1, min(shot.frames, round(fade_out * fps_ms)))
        parts.append(f",fade=t=out:s={shot.frames - n}:n={n}")
    return "".join(parts)


def _number(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0
