"""What a pan over a picture keeps whole: its upright figures (``figures.figures_of``, each with room round it), as
the wide framing places them in the motion box (``framings.wide_centre``: held whole in the still frame's view), so
that a long pan, over the picture enlarged to hold its way (``camera.pan_way``), never cuts them. Stop 55's second
try centred every pan's way on the enlarged picture's middle: a pan across a painting 4 s long ended with its small
girl on the frame's bottom edge. A picture without a figure holds its subject (``framing.subject_extent``, with
``SUBJECT_ROOM`` round it) where a view can: held-out 01's painting tilted down a 3 s shot to end with its elephant's
forehead cut by the frame's top edge (stop 60's brief)."""

from __future__ import annotations

from pathlib import Path

from ...protocol import MediaInfo, MediaKind
from .camera import Held, pan_way
from .figures import figures_of
from .framing import Box, subject_extent
from .framings import framing_key, motion_box, wide_centre
from .graph import Canvas, MediaMap
from .originals import original_size, reference_canvas
from .timeline import Shot


def held_in_box(shot: Shot, media: MediaMap, canvas: Canvas) -> Held | None:
    """The box round the figures, or else the subject (``_kept``, with their room), that a wide view of the shot's
    picture shows whole, as shares of the motion box (left, top, right, bottom); None for another framing, a clip, or
    a picture with neither."""
    src = shot.segment.src
    if src is None or src not in media or framing_key(shot.segment):
        return None
    path, info = media[src]
    if info.kind != MediaKind.IMAGE:
        return None
    return _placed(path, info, canvas)


MOVING_SHARE = 0.8  # a pan held to its subject moves at least this share of the frames the unheld pan moves
TURNED = {"pan_left": "pan_up", "pan_right": "pan_down", "pan_up": "pan_left", "pan_down": "pan_right"}


def held_pan(motion: str, shot: Shot, media: MediaMap, canvas: Canvas) -> tuple[str, Held | None]:
    """A pan (``motion``) and what it keeps whole (``held_in_box``). Its figures are kept however short that makes
    its way; its subject only where the pan then still moves ``MOVING_SHARE`` of the frames the unheld pan does,
    along its own axis or else along the other (``TURNED``), else nothing: a pan across held-out 01's painting kept
    its elephant whole by moving 16 frames of a 3 s shot at 720p and standing still for the rest, where a tilt keeps
    it moving 78 of 91."""
    held = held_in_box(shot, media, canvas)
    if held is None or motion not in TURNED or figures_of(media[str(shot.segment.src)][0]):
        return motion, held
    for way in (motion, TURNED[motion]):
        if pan_way(way, shot, canvas, held).moves >= MOVING_SHARE * pan_way(way, shot, canvas).moves:
            return way, held
    return motion, None


SUBJECT_ROOM = 0.03  # of the picture's width and height: room kept round a subject (a head clear of the edge)


def _kept(path: Path) -> list[Box]:
    """What a pan keeps whole: the figures (with their room), else the subject with ``SUBJECT_ROOM``; none where
    the picture has neither."""
    figures = figures_of(path)
    if figures:
        return [(f.left, f.top, f.right, f.bottom) for f in (g.grown() for g in figures)]
    subject = subject_extent(path)
    if subject is None:
        return []
    left, top, right, bottom = subject
    return [(left - SUBJECT_ROOM, top - SUBJECT_ROOM, right + SUBJECT_ROOM, bottom + SUBJECT_ROOM)]


def _placed(path: Path, info: MediaInfo, canvas: Canvas) -> Held | None:
    own = original_size(path, (info.width or 1, info.height or 1))
    bw, bh = motion_box(reference_canvas(canvas))
    cx, cy = wide_centre(path, own, (bw, bh))
    k = max(bw / own[0], bh / own[1])
    sw, sh = own[0] * k, own[1] * k  # scaled to cover the box, then cropped round the centre (``framings.fill``)
    left, top = min(max(cx * sw - bw / 2, 0), sw - bw), min(max(cy * sh - bh / 2, 0), sh - bh)
    boxes = [
        ((x0 * sw - left) / bw, (y0 * sh - top) / bh, (x1 * sw - left) / bw, (y1 * sh - top) / bh)
        for x0, y0, x1, y1 in _kept(path)
    ]
    shown = [b for b in boxes if b[0] >= 0 and b[1] >= 0 and b[2] <= 1 and b[3] <= 1]
    if not shown:
        return None
    return min(b[0] for b in shown), min(b[1] for b in shown), max(b[2] for b in shown), max(b[3] for b in shown)
