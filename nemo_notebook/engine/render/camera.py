"""A picture's camera move in a shot: a push in or pull out, or a pan, eased, over the picture scaled to the motion
margin.

A pan is a ``crop`` moved by an expression of the frame number with ``exact=1``: without it ffmpeg rounds a yuv420p
crop's corner down to even pixels, and a slow pan (0.7 px a frame in a 360p preview, 1.1 at 1080p) held still for
two or three frames and then jumped 2 px, which a blind reviewer saw as "stepped". Measured on a 10 s pan over a
detailed picture (phase correlation between frames, middle third): 32 of 50 preview frames and 45 of 100 1080p
frames did not move at all on even pixels; with ``exact=1`` the 1080p pan moves 1 px every frame (2 px one frame in
ten) and the preview 1 px three frames in four, at no pixel cost (a crop only moves pointers).

A zoom is ``scale`` evaluated every frame (the picture at ``zoom`` times the frame's size) and a centre crop at any
pixel. ``zoompan`` placed its view at even pixels and sized it in whole ones, so the picture wobbled as it grew: the
change between frames of a 10 s 1080p push in (mean absolute difference, middle third, unencoded) varied by 0.56 of
its mean on a detailed painting; scaled to a whole-pixel size and cropped at any pixel it varies by 0.35, never
holding a frame (the size still moves in whole pixels, so the crop's corner is a half pixel off on odd sizes).
``perspective`` glides truly (0.05) but cost five times ``zoompan``'s CPU (stop 51: the ``music_video`` benchmark
1.39x -> 1.65x of the encode floor). This costs more than ``zoompan`` too (stop 52): a 10 s 1080p zoom shot with its
x264 encode 6.4-6.7 -> 7.4-7.7 CPU s, the benchmark 1.38x and 1.42x -> 1.47x and 1.46x (alternating, one sitting),
still over issue 29's 1.3x, as main is.
"""

from __future__ import annotations

from ...protocol.vocabulary import MOTION_MARGIN
from .graph import Canvas, even
from .timeline import Shot

MOTION_RATE = 0.03  # of the frame per second: slow enough to read as a camera move, not a jolt


def _travel(shot: Shot, canvas: Canvas) -> float:
    """How far a picture moves in a shot, as a share of the frame: slow, and never past the motion margin."""
    return min(MOTION_MARGIN - 1, MOTION_RATE * shot.frames / canvas.fps)


def _eased(t: str, span: int) -> str:
    """Smoothstep of ``t``/``span`` (an ffmpeg expression): the move starts and ends gently, as a camera does."""
    p = f"({t}/{span})"
    return f"({p}*{p}*(3-2*{p}))"


def zoom_filter(motion: str, shot: Shot, canvas: Canvas) -> str:
    """``shot.frames`` frames pushing into (or pulling out of) the centre of a picture scaled to the motion
    margin, eased: the picture repeated, scaled every frame to ``zoom`` times the frame (all of it at zoom 1, as
    ``zoompan`` showed it) and the frame cropped from its middle at any pixel (``exact=1``).

    ``crop`` keeps the size its input had when the graph was configured (the scaler's first frame): the frames lead
    with one at the largest size, which the chain drops, so that every later, smaller frame lies within it, and the
    corner is worked out from the frame number, never from ``iw`` (a stale ``iw`` drifted the zoom off centre, and
    a corner past a smaller frame read outside its buffer). Held to an edge (``from_edge``), the crop keeps to the
    left edge pushing in and to the right one pulling out. ``format`` pins the scaler's output: left open, ffmpeg's
    negotiation chose another pixel format there and converted every frame back later (twice the filters' CPU)."""
    w, h = canvas.width, canvas.height
    span, travel = max(shot.frames - 1, 1), _travel(shot, canvas)
    e = _eased("(n-1)", span)
    eased = f"(1+{travel:.4f}*{e})" if motion == "zoom_in" else f"(1+{travel:.4f}*(1-{e}))"
    zoom = f"if(eq(n,0),{1 + travel:.4f},{eased})"  # frame 0: the largest, dropped below
    sw, sh = f"round({w}*{zoom})", f"round({h}*{zoom})"
    repeated = f"loop=loop={shot.frames}:size=1:start=0,settb=expr=1/{canvas.fps},setpts=N"
    scaled = f"scale=w='{sw}':h='{sh}':eval=frame,format=yuv420p"
    x = f"({sw}-{w})/2" if not from_edge(shot) else "0" if motion == "zoom_in" else f"({sw}-{w})"
    cropped = f"crop={w}:{h}:x='{x}':y='({sh}-{h})/2':exact=1"
    return f"{repeated},{scaled},{cropped},trim=start_frame=1,setpts=N"


def from_edge(shot: Shot) -> bool:
    """Whether the shot's move is held to an edge (``m.move_from`` "edge", a picture whose views look alike:
    ``planning.edge_pans``) rather than centred on the picture's middle: a pan starts at the edge of the margin it
    leaves, a push in goes into the left edge and a pull out comes out of the right one."""
    return shot.segment.meta.get("move_from") == "edge"


def pan_corner(motion: str, shot: Shot, canvas: Canvas) -> str:
    """``crop``'s ":x=…:y=…" for a pan (left, right, up or down) over the picture scaled to the motion margin: where
    the frame's top left corner is, as ffmpeg expressions of the frame number, eased (a moving crop, no pixel work),
    at odd pixels too (``exact=1``); its way centred on the picture's middle, or from the edge (``from_edge``)."""
    w, h = canvas.width, canvas.height
    bw, bh = even(w * MOTION_MARGIN), even(h * MOTION_MARGIN)
    span = max(shot.frames - 1, 1)
    e = _eased("n", span)
    across = motion in ("pan_left", "pan_right")
    room, size = (bw - w, w) if across else (bh - h, h)
    d = min(room, int(_travel(shot, canvas) * size))
    forward = motion in ("pan_right", "pan_down")
    start = (room - d) // 2 if not from_edge(shot) else 0 if forward else room - d
    moving = f"{start}+{d}*{e}" if forward else f"{start + d}-{d}*{e}"
    x, y = (f"'{moving}'", str((bh - h) // 2)) if across else (str((bw - w) // 2), f"'{moving}'")
    return f":x={x}:y={y}:exact=1"
