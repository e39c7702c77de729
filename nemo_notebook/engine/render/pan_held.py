"""What a pan over a picture keeps whole: its upright figures (``figures.figures_of``, each with room round it), as
the wide framing places them in the motion box (``framings.wide_centre``: held whole in the still frame's view), so
that a long pan, over the picture enlarged to hold its way (``camera.pan_way``), never cuts them. Stop 55's second
try centred every pan's way on the enlarged picture's middle: a pan across a painting 4 s long ended with its small
girl on the frame's bottom edge."""

from __future__ import annotations

from pathlib import Path

from ...protocol import MediaInfo, MediaKind
from .camera import Held
from .figures import figures_of
from .framings import framing_key, motion_box, wide_centre
from .graph import Canvas, MediaMap
from .originals import original_size, reference_canvas
from .timeline import Shot


def held_in_box(shot: Shot, media: MediaMap, canvas: Canvas) -> Held | None:
    """The box round the figures (with their room) that a wide view of the shot's picture shows whole, as shares of
    the motion box (left, top, right, bottom); None for another framing, a clip, or a picture without a figure."""
    src = shot.segment.src
    if src is None or src not in media or framing_key(shot.segment):
        return None
    path, info = media[src]
    if info.kind != MediaKind.IMAGE or not figures_of(path):
        return None
    return _placed(path, info, canvas)


def _placed(path: Path, info: MediaInfo, canvas: Canvas) -> Held | None:
    own = original_size(path, (info.width or 1, info.height or 1))
    bw, bh = motion_box(reference_canvas(canvas))
    cx, cy = wide_centre(path, own, (bw, bh))
    k = max(bw / own[0], bh / own[1])
    sw, sh = own[0] * k, own[1] * k  # scaled to cover the box, then cropped round the centre (``framings.fill``)
    left, top = min(max(cx * sw - bw / 2, 0), sw - bw), min(max(cy * sh - bh / 2, 0), sh - bh)
    boxes = [
        ((f.left * sw - left) / bw, (f.top * sh - top) / bh, (f.right * sw - left) / bw, (f.bottom * sh - top) / bh)
        for f in (g.grown() for g in figures_of(path))
    ]
    shown = [b for b in boxes if b[0] >= 0 and b[1] >= 0 and b[2] <= 1 and b[3] <= 1]
    if not shown:
        return None
    return min(b[0] for b in shown), min(b[1] for b in shown), max(b[2] for b in shown), max(b[3] for b in shown)
