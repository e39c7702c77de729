"""How much of the time the visualizer lies over what a viewer looks at.

For each shot under a visualizer, its frame as it lands on the canvas and its saliency map (the ones the renderer
used to place the visualizer, ``render.visualizer_auto``), and the visualizer's box where it is drawn during that shot
(``render.visualizer.placed``, its move at a section start included). A shot's frames count as covered when at
least ``COVER_SHARE`` of its saliency lies under the box; a generated background has no subject and never counts.
"""

from __future__ import annotations

from ...protocol import Draft, TrackType
from ...protocol.report import COVER_SHARE
from ...protocol.vocabulary import Role
from ..render.graph import Canvas, MediaMap
from ..render.timeline import frame_at, shots
from ..render.visualizer import Box, Placement, placed, region_of
from ..render.visualizer_auto import covered_share, shot_sample


def visualizer_cover_share(draft: Draft, media: MediaMap, canvas: Canvas) -> float | None:
    """The share (0..1) of the visualizer's frames during which it covers a subject; None without a visualizer."""
    lane = shots(draft)
    shown = covered = 0
    for track in draft.tracks_of(TrackType.VIDEO):
        if track.meta.get("role") != Role.VISUALIZER:
            continue
        for segment in track.segments:
            if segment.duration_ms <= 0:
                continue
            placement = placed(draft, segment, media, canvas)
            first, last = frame_at(segment.start_ms, canvas.fps), frame_at(segment.end_ms, canvas.fps)
            for shot in lane:
                frames = min(last, shot.start_frame + shot.frames) - max(first, shot.start_frame)
                if frames <= 0:
                    continue
                shown += frames
                sample = shot_sample(shot, media, canvas)
                box = box_at(placement, max(first, shot.start_frame) + frames // 2)
                if sample is not None and covered_share([sample], region_of(box, canvas)) >= COVER_SHARE:
                    covered += frames
    return round(covered / shown, 3) if shown else None


def box_at(placement: Placement, frame: int) -> Box:
    """Where the visualizer is drawn at ``frame``."""
    box = placement.box
    for start, moved in placement.moves:
        if frame >= start:
            box = moved
    return box
