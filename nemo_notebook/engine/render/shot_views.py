"""Where a region of a picture's sample lands on the frame over its shot's camera move.

A picture's sample (``visualizer_auto.shot_sample``) is the picture cropped to the frame's shape; the renderer
scales it to the motion box (``framings.motion_box``: ``MOTION_MARGIN`` times the frame) and shows a frame's worth
of it, moved by the shot's pan, or pushes in from the whole box (``camera``). So a head at 22 % of the sample's
height lands at 18 % of the frame's in a pan and higher still at the end of a push in: the demo's bunny kept its
head under 21 % of the sample, out of the top strip (6-21 %), while his ears and brow lay under it at full strength
(29.6-33.3 s and 44.3-61.5 s of ``make demo``). ``on_frame`` maps a region through the first and last views of the
move and keeps the box round both, so the strip keeps off it from the first frame of the shot to the last.
"""

from __future__ import annotations

from ...protocol.vocabulary import MOTION_MARGIN
from .camera import Held, from_edge, pan_way, steady_axis, travel
from .graph import Canvas
from .timeline import Shot

Region = tuple[float, float, float, float]  # x, y, width, height as shares
ZOOMS = ("zoom_in", "zoom_out")
PANS = {"pan_left": (-1, 0), "pan_right": (1, 0), "pan_up": (0, -1), "pan_down": (0, 1)}


def views(motion: str, shot: Shot, canvas: Canvas, held: Held | None = None) -> tuple[Region, ...]:
    """The parts of a picture's sample (shares of its width and height) that the frame shows at the first and the
    last frame of ``shot`` under ``motion`` (``camera``: a push in or out from the whole motion box, or a frame's
    worth of it, centred or panned ``camera.pan_step`` pixels a frame)."""
    if motion in ZOOMS:
        near = 1 / (1 + travel(shot, canvas.fps))
        x = (1 - near) / 2 if not from_edge(shot) else 0.0 if motion == "zoom_in" else 1 - near
        return (0.0, 0.0, 1.0, 1.0), (x, (1 - near) / 2, near, near)
    dx, dy = PANS.get(steady_axis(motion, shot, canvas), (0, 0))
    if not (dx or dy):
        side = 1 / MOTION_MARGIN
        middle = (1 - side) / 2
        return (middle, middle, side, side), (middle, middle, side, side)
    way = pan_way(steady_axis(motion, shot, canvas), shot, canvas, held)
    (bw, bh), start, cross = way.box, way.start, way.across
    room = bw - canvas.width if dx else bh - canvas.height
    d = way.way
    if from_edge(shot):  # from the edge of the margin it leaves (``camera.pan_corner``)
        start = 0 if dx + dy > 0 else room - d
    ends = (start, start + d) if dx + dy > 0 else (start + d, start)
    sx, sy = canvas.width / bw, canvas.height / bh
    return tuple((a / bw, cross / bh, sx, sy) if dx else (cross / bw, a / bh, sx, sy) for a in ends)


def on_frame(region: Region, seen: tuple[Region, ...]) -> Region:
    """``region`` (shares of the sample) as shares of the frame over the views ``seen`` (``views``): the box round
    where it lands in each."""
    x, y, w, h = region
    placed = [((x - vx) / vw, (y - vy) / vh, (x + w - vx) / vw, (y + h - vy) / vh) for vx, vy, vw, vh in seen]
    left, top = min(p[0] for p in placed), min(p[1] for p in placed)
    right, bottom = max(p[2] for p in placed), max(p[3] for p in placed)
    return left, top, right - left, bottom - top
