"""A cover video's visualizer at a turn of its layout (``cover_stage``): around the cover, never over its painting.

A blind reviewer of held-out 04 (stop 50): "during the 400 ms layout turn the visualizer slides with the cover and
is drawn across the painting for ~0.1-0.2 s". Beside or under the cover (the poster's bars, the wave's line) it now
does what the type does since stop 50: it stays at its place until the cover, drifted and pulsing
(``cover_stage.cover_reach``), may reach it, fading out over ``TYPE_FADE_MS`` before that (``visualizer_timing.hide_fades``), and comes
back at its new place once the cover has left it (``cover_stage.type_windows`` on the visualizer's box). The drawing
at the old place until it is gone is the scene's before it (``kept_until``): the new scene's drawing first shows at
its new place (a blind reviewer of held-out 04, s51: "at each change the new visualizer style pops into the old
position for 1-3 frames before the slide"). A ring,
whose bars go round the cover, turns with the cover as before (``cover_stage.slid``): it never lies over it.
"""

from __future__ import annotations

from dataclasses import replace

from ...protocol import Draft, Segment
from .box import Box
from .cover_art import CoverVideo
from .cover_layout import CoverLayout, Rect
from .cover_motion import drift_path, drifted
from .cover_stage import TYPE_FADE_MS, slid, type_windows
from .graph import Canvas
from .timeline import frame_at
from .visualizer_placement import Placement


def around_cover(
    placement: Placement, cover: CoverVideo | None, shown: CoverVideo | None, draft: Draft, canvas: Canvas,
    segment: Segment,
) -> tuple[Placement, int | None]:  # fmt: skip
    """``placement`` (the layout's visualizer box, as laid out at ``segment``'s start: ``shown``) at a turn that
    begins with the segment: hidden from its first frame (the drawing before it, ``kept_until``, stays at the old
    place until the cover may reach it) until the cover has left its new place; a ring (or a box whose size the turn
    changes) slid with the cover (``cover_stage.slid``); as it is elsewhere. With it, the frame from which the
    drawing before the turn is gone (None where that one is not to change)."""
    if cover is None or shown is None or not cover.changes:
        return placement, None
    r = shown.layout.visualizer
    if placement.box != Box(r.x, r.y, r.width, r.height):
        return placement, None
    first, changes, to = cover.layout, cover.changes, shown.layout
    n = next((k for k, (start_ms, _) in enumerate(changes) if start_ms == segment.start_ms), None)
    before = first if not n else changes[n - 1][1]
    old = before.visualizer
    if n is None and not _holds(r, to.cover) and not any(segment.start_ms < at < segment.end_ms for at, _ in changes):
        return placement, None  # no turn while it is drawn (kept into the next one, it stays: ``kept_until``)
    if n is None or _holds(r, to.cover) or (old.width, old.height) != (r.width, r.height):
        across = slid(first, changes, lambda lay: lay.visualizer.x, to, canvas.fps)
        return replace(
            placement, slid=(across, slid(first, changes, lambda lay: lay.visualizer.y, to, canvas.fps))
        ), None
    path = drift_path(draft, [first, *(lay for _, lay in changes)], canvas)
    windows = type_windows(before, [changes[n]], lambda t_s: drifted(path, t_s), box=_box)
    gone, back = windows[0]
    if back <= gone:  # a cut (``cover_scenes.TURN_MS`` 0): drawn at its new place from the segment's first frame
        return placement, None
    fps = canvas.fps
    hidden = (frame_at(segment.start_ms, fps), frame_at(round(back * 1000), fps) + 1)
    switch = frame_at(round((gone + back) * 500), fps)
    at_old = Box(old.x, old.y, old.width, old.height)
    moved = replace(
        placement, box=at_old, moves=((switch, placement.box),), hidden=(hidden,), hide_fade_ms=TYPE_FADE_MS
    )
    return moved, frame_at(round(gone * 1000), fps)


def kept_until(segment: Segment, placement: Placement, frame: int, fps: int) -> tuple[Segment, Placement]:
    """The visualizer ``segment`` before a turn (``around_cover``), drawn on at its place into the turn, fading out
    over ``TYPE_FADE_MS`` before ``frame`` (where the cover may reach it) and hidden from it: the drawing a viewer
    saw until the turn leaves as the type does, and the next scene's first shows at its new place."""
    end_ms = round((frame + 1) * 1000 / fps)
    longer = replace(segment, duration_ms=max(segment.duration_ms, end_ms - segment.start_ms))
    hidden = (*placement.hidden, (frame, frame_at(longer.end_ms, fps) + 1))  # its end's frame too (``enabled``)
    return longer, replace(placement, hidden=hidden, hide_fade_ms=TYPE_FADE_MS)


def _holds(box: Rect, cover: Rect) -> bool:
    """Whether the visualizer's ``box`` holds the cover (the ring round it)."""
    return (
        box.x <= cover.x
        and box.y <= cover.y
        and box.x + box.width >= cover.x + cover.width
        and box.bottom >= cover.bottom
    )


def _box(layout: CoverLayout) -> tuple[float, float, float, float]:
    r = layout.visualizer
    return r.x, r.y, r.x + r.width, r.bottom
