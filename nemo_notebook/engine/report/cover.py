"""How much of the time the visualizer lies over what a viewer looks at.

For each shot under a visualizer, its frame as it lands on the canvas and its saliency map (the ones the renderer
used to place the visualizer, ``render.visualizer_auto``), and the visualizer's box where it is drawn during that shot
(``render.visualizer.placed``, its move at a section start included; the renderer decides on the sources' own pixels,
so this is the box it drew: ``render.originals``). A shot's frames where the strip is drawn count as covered when the
box lies over the subject's head or figures in any frame the renderer looked at (``subject_regions``: what it keeps
the strip off, or draws it light over, its faces included (``render.faces``), but the subject's whole box: a tree's
crown is not a face), or at least ``COVER_SHARE`` of its saliency lies under the box; a
generated background has no subject and never counts. The saliency share alone missed the bars across a man's mouth
and forehead in a close-up (issue 29: "covers the subject 0.0 %"): his face holds little of the map's mass.
A cover video's design lays its visualizer round or under the cover, never over it (``render.cover_layout``): none
of its frames count (its ring's box holds the cover, which the box test would have counted as covered).
"""

from __future__ import annotations

from ...protocol import Draft, TrackType
from ...protocol.report import COVER_SHARE
from ...protocol.vocabulary import Role
from ..render.cover_art import cover_video
from ..render.graph import Canvas, MediaMap
from ..render.timeline import Shot, frame_at, shots
from ..render.visualizer import Placement, placed, region_of
from ..render.visualizer_auto import Region, covered_share, shot_sample, subject_regions
from ..render.visualizer_draw import Box
from ..render.visualizer_head import over


def visualizer_cover_share(draft: Draft, media: MediaMap, canvas: Canvas) -> float | None:
    """The share (0..1) of the visualizer's frames during which it covers a subject; None without a visualizer (0.0
    for one hidden throughout: over a close-up's face)."""
    if cover_video(draft, media, canvas) is not None:
        return _cover_video_share(draft)
    lane = shots(draft)
    shown = covered = drawn = 0
    for track in draft.tracks_of(TrackType.VIDEO):
        if track.meta.get("role") != Role.VISUALIZER:
            continue
        for segment in track.segments:
            if segment.duration_ms <= 0:
                continue
            placement = placed(draft, segment, media, canvas)
            drawn += 1
            first, last = frame_at(segment.start_ms, canvas.fps), frame_at(segment.end_ms, canvas.fps)
            for shot in lane:
                span = (max(first, shot.start_frame), min(last, shot.start_frame + shot.frames))
                frames = span[1] - span[0] - _hidden(placement, span)
                if frames <= 0:
                    continue
                shown += frames
                if _covers(shot, media, canvas, region_of(box_at(placement, (span[0] + span[1]) // 2), canvas)):
                    covered += frames
    return round(covered / shown, 3) if shown else (0.0 if drawn else None)


def _covers(shot: Shot, media: MediaMap, canvas: Canvas, region: Region) -> bool:
    """Whether the strip at ``region`` lies over the shot's subject (the module's docstring)."""
    if any(over(region, subject) for subject in subject_regions(shot, media, canvas, whole=False)):
        return True
    sample = shot_sample(shot, media, canvas)
    return sample is not None and covered_share([sample], region) >= COVER_SHARE


def _hidden(placement: Placement, span: tuple[int, int]) -> int:
    """How many frames of ``span`` ([first, end)) the strip is not drawn in (while a text shows, or over a face that
    both its places cross)."""
    return sum(max(0, min(b, span[1]) - max(a, span[0])) for a, b in placement.hidden)


def _cover_video_share(draft: Draft) -> float | None:
    """0 for a cover video with a visualizer (its design keeps it off the cover), None for one without."""
    lanes = [t for t in draft.tracks_of(TrackType.VIDEO) if t.meta.get("role") == Role.VISUALIZER]
    return 0.0 if any(s.duration_ms > 0 for t in lanes for s in t.segments) else None


def box_at(placement: Placement, frame: int) -> Box:
    """Where the visualizer is drawn at ``frame``."""
    box = placement.box
    for start, moved in placement.moves:
        if frame >= start:
            box = moved
    return box
