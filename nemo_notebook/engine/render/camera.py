"""A picture's camera move in a shot: a push in or pull out, eased, or a pan at a steady step, over the picture scaled
to the motion margin.

A pan is a ``crop`` moved the same whole number of pixels every frame (``pan_step``: 2 at 720 and 1080 lines, 60 px a
second at 30 fps, even so that the 4:2:0 chroma moves with the luma; 1 in smaller previews), from the shot's first
frame until it has crossed its way, then held (``steady_way``). An eased pan moved unevenly whatever its rounding:
rounded to even pixels (stop 50) a slow one held two or three frames and then jumped 2 px; at any whole pixel
(``exact=1``, stops 51-54) it still moved 1, 1, 0 px (held-out 03's wood at 720p, 0.575 px a frame: 42 % of frames
held), and its odd corners put the chroma half a chroma pixel out of step with the luma every other frame, which
x264 paid for (stop 54: the ``music_video`` benchmark's pans ~12.6 CPU s a minute, nearly all x264's).
Measured (stop 55): a 3 s 720p pan of seeded colour noise, export x264, moves 2.00 px every frame of its move
with the chroma 1.00 chroma px (eased: 1.39 px on average, coefficient of variation 0.45, 6 frames held inside the
move, its chroma 25). The ``music_video`` benchmark (60 s, three alternating pairs, load 12-18): 43.4, 42.3, 41.2
CPU s (1.39x, 1.30x, 1.32x of the floor) -> 41.5, 41.9, 40.9 (1.33x, 1.29x, 1.35x); its MP4 16.9 -> 16.0 MB. At 2 px a frame a pan up or down
crossed the motion box's room in 65 frames at 1080 lines (44 at 720) and stood still after it, most of a calm 8-12 s
shot; so a longer shot's picture is enlarged once to hold its way (``pan_way``, at most ``PAN_ROOM_CAP`` frames), and
where even that cannot hold 2 px a frame the pan moves 1 px a frame over a 4:4:4 copy, its colour averaged back to
4:2:0 after the crop so that it moves with the picture (``pan_chain``). Measured (stop 55, second try): held-out
03's 2.5 s 720p pans up and down move 2.0 px on every frame to the cut (first try: 41 frames, then held); an 8 s
1080p pan up of a 1920x1200 photo (240 frames, veryfast crf 20) costs 3.8-4.4 CPU s (eased 3.4, first try 2.2 as it
held), the filters 0.75-0.9 s of it for 200 frames (0.05 before: the 4:4:4 copy's conversion back); the ``music_video``
benchmark (60 s, short shots, three alternating pairs, load 4-7) 40.6, 41.0, 40.4 CPU s -> 38.5, 40.0, 38.7, peak RSS
791 -> 796 MB. Stop 55 read x264's B-frames as holding 125 of that pan's 239 frames on the smooth photo; that was
phase correlation failing on a smooth encoded picture: measured from the gradients, by the whole-pixel shift with the
least squared difference and by the frames' difference, none is held (stop 56: held-out 03's photos, 8 s 720p pans
at the export's settings, 0 held of 956; RainDrops across, 5 steps of 239 under 0.6 of the median, half steps).
A pan's way is centred on the figures the wide framing holds (``pan_held``), the picture enlarged no more than keeps
them whole in every frame (a painting's girl ended on the frame's bottom edge), and a pan up or down longer than
its largest room at 1 px a frame pans across (``steady_axis``).

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

from math import ceil, floor
from typing import NamedTuple

from ...protocol.vocabulary import MOTION_MARGIN
from .eased_pan import eased_stepping, eased_steps
from .graph import Canvas, even
from .timeline import Shot

MOTION_RATE = 0.03  # of the frame per second: slow enough to read as a camera move, not a jolt


DRIVEN_TRAVEL = 0.24  # the most a paced zoom travels (``m.move_pace``): its picture scaled up to 1.11x the motion box


def move_pace(shot: Shot) -> float:
    """How many times the usual pace the shot's picture moves (``m.move_pace``, from ``planning.driven_moves``: a
    loud section of driving music), at least 1."""
    pace = shot.segment.meta.get("move_pace")
    return max(float(pace), 1.0) if isinstance(pace, (int, float)) else 1.0


def travel(shot: Shot, fps: int) -> float:
    """How far a picture moves in a shot, as a share of the frame: slow, and never past the motion margin; a
    paced shot (``move_pace``) that many times as far, up to ``DRIVEN_TRAVEL``.

    >>> from nemo_notebook.protocol import Segment
    >>> [round(travel(Shot(Segment(0, 3000, "p", None, m), 0, 90), 30), 3) for m in ({}, {"move_pace": 1.3})]
    [0.09, 0.117]
    """
    pace = move_pace(shot)
    most = MOTION_MARGIN - 1 if pace == 1 else DRIVEN_TRAVEL
    return min(most, MOTION_RATE * pace * shot.frames / fps)


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
    a corner past a smaller frame read outside its buffer). Both count frames by their time (``t``), not by ``n``:
    the bundled ffmpeg's scaler numbers its frames from 1 and the crop from 0, so that at each of the zoom's size steps
    the crop reached one pixel past the frame's edge (a column of whatever the buffer held: black, white or the
    frame before, in 27 of a 240-frame push's frames). Held to an edge (``from_edge``), the crop keeps to the
    left edge pushing in and to the right one pulling out. ``format`` pins the scaler's output: left open, ffmpeg's
    negotiation chose another pixel format there and converted every frame back later (twice the filters' CPU)."""
    w, h = canvas.width, canvas.height
    span, way = max(shot.frames - 1, 1), travel(shot, canvas.fps)
    frame = f"round(t*{canvas.fps})"  # the frame's own number, from its time: the same in the scaler and the crop
    e = _eased(f"({frame}-1)", span)
    eased = f"(1+{way:.4f}*{e})" if motion == "zoom_in" else f"(1+{way:.4f}*(1-{e}))"
    zoom = f"if(eq({frame},0),{1 + way:.4f},{eased})"  # frame 0: the largest, dropped below
    sw, sh = f"round({w}*{zoom})", f"round({h}*{zoom})"
    repeated = f"loop=loop={shot.frames}:size=1:start=0,settb=expr=1/{canvas.fps},setpts=N"
    scaled = f"scale=w='{sw}':h='{sh}':eval=frame,format=yuv420p"
    x = f"({sw}-{w})/2" if not from_edge(shot) else "0" if motion == "zoom_in" else f"({sw}-{w})"
    cropped = f"crop={w}:{h}:x='{x}':y='({sh}-{h})/2':exact=1"
    return f"{repeated},{scaled},{cropped},trim=start_frame=1,setpts=N"


def zoom_course(motion: str, shot: Shot, fps: int) -> list[float]:
    """How many times the frame the picture is on each frame of a push in or pull out (``zoom_filter``'s ``zoom``,
    before its whole-pixel rounding); [] for any other move."""
    if motion not in ("zoom_in", "zoom_out"):
        return []
    span, way = max(shot.frames - 1, 1), travel(shot, fps)
    eased = [p * p * (3 - 2 * p) for p in (min(max(k / span, 0.0), 1.0) for k in range(shot.frames))]
    return [1 + way * (e if motion == "zoom_in" else 1 - e) for e in eased]


def from_edge(shot: Shot) -> bool:
    """Whether the shot's move is held to an edge (``m.move_from`` "edge", a picture whose views look alike:
    ``planning.edge_pans``) rather than centred on the picture's middle: a pan starts at the edge of the margin it
    leaves, a push in goes into the left edge and a pull out comes out of the right one."""
    return shot.segment.meta.get("move_from") == "edge"


STEADY_SHARE = 0.9  # a sweep moves at least this share of its shot: a faster step may not stop it much sooner
EVEN_STEP_LINES = 720  # from this many lines a pan moves an even number of pixels a frame; below, 1


def pan_step(canvas: Canvas) -> int:
    """Pixels a pan moves every frame: the even number nearest 2 px a frame at 1080 lines and 30 fps (the
    ``MOTION_RATE`` across a 16:9 frame), at least 2; 1 in a frame under ``EVEN_STEP_LINES`` lines (a preview),
    where 2 would be over 1.5 times as fast a share of the frame."""
    if min(canvas.width, canvas.height) < EVEN_STEP_LINES:
        return 1
    return max(2, 2 * round(canvas.scale_1080 * 30 / canvas.fps))


def steady_way(room: int, frames: int, step: int, fastest: int | None = None) -> tuple[int, int]:
    """(pixels a frame, frames moving) of a move across at most ``room`` pixels in a shot of ``frames`` frames, the
    same pixels every frame from the first until it has crossed its way (held from then on): never a frame held
    within the move. At ``step`` pixels a frame; where ``fastest`` (a multiple of ``step``) is given, the multiple
    of ``step`` up to it that crosses the most of the room while moving at least ``STEADY_SHARE`` of the shot.

    >>> steady_way(232, 61, 2), steady_way(130, 90, 2), steady_way(2148, 90, 2, 14), steady_way(600, 90, 2, 26)
    ((2, 60), (2, 65), (14, 89), (6, 89))
    >>> steady_way(760, 90, 1, 9)  # 9 px a frame for 84 frames, where 8 for all 89 would cross only 712
    (9, 84)
    """
    moves = max(frames - 1, 1)
    best = (step, min(moves, room // step))
    for faster in range(step, (fastest or step) + 1, step):
        going = min(moves, room // faster)
        if going >= STEADY_SHARE * moves and faster * going > best[0] * best[1]:
            best = (faster, going)
    return best


PAN_ROOM_CAP = 1.3  # a long pan's picture is enlarged to at most this many frames along its axis
DRIVEN_ROOM_CAP = 1.4  # a paced pan's (``m.move_pace``): 156 BPM's two bars (92 frames) tilt 237 px at 720p
REFERENCE_LINES, REFERENCE_FPS = EVEN_STEP_LINES, 30  # the export a pan's axis is chosen for (``steady_axis``)

Held = tuple[float, float, float, float]  # what a pan keeps whole: left, top, right, bottom, shares of the motion box


class PanWay(NamedTuple):
    """A pan's picture size (``box``: the motion box, or larger for a long shot), its step in pixels a frame, the
    frames it moves, and where the frame's corner lies: along the pan where the way starts (its lower end) and
    across it."""

    box: tuple[int, int]
    step: int
    moves: int
    start: int = 0
    across: int = 0
    eased: int = 0  # a paced pan's way in pixels, eased over ``moves`` frames (``eased_pan``); 0: steady steps

    @property
    def way(self) -> int:
        """Pixels the pan crosses."""
        return self.eased or self.step * self.moves


def steady_axis(motion: str, shot: Shot, canvas: Canvas) -> str:
    """``motion``, save that a pan up or down too long for the largest room at 1 px a frame of a 720-line, 30 fps
    export (``PAN_ROOM_CAP``: over 7.2 s) pans across instead (down as right, up as left), where the frame is wider
    than high: an 8 s 720p pan up crossed its room in 216 frames and stood still for the last 23. Decided on that
    reference frame, the smallest export that steps whole pixels, not the canvas, so that a preview or a test's
    small frame moves the way every export does (a 2 s pan up at 320x180 crossed 54 px of room in 59 frames and was
    turned across: ``test_render_layers``). Chosen on a 1080-line frame (over 10.8 s), held-out 03's 10.3 s 720p
    pan up over the meadow crossed its 216 px in 7.2 s and stood still for 2.5 s before its dissolve ("it looks like
    the player hung", a blind reviewer); a 1080-line export turns a pan of 7.2-10.8 s across too, as the 720p one.
    >>> from nemo_notebook.protocol import Segment
    >>> canvas = Canvas(1280, 720, 30, 330, 11000)
    >>> [steady_axis("pan_up", Shot(Segment(0, n * 1000, "p"), 0, n * 30), canvas) for n in (7, 8)]
    ['pan_up', 'pan_left']
    """
    if motion not in ("pan_up", "pan_down") or canvas.width <= canvas.height:
        return motion
    seconds = shot.frames / max(canvas.fps, 1)
    room = even(REFERENCE_LINES * PAN_ROOM_CAP) - REFERENCE_LINES  # 1 px a frame at 30 fps
    if seconds * REFERENCE_FPS - 1 <= room:
        return motion
    return "pan_left" if motion == "pan_up" else "pan_right"


def pan_way(motion: str, shot: Shot, canvas: Canvas, held: Held | None = None) -> PanWay:
    """How a pan crosses its picture so that it moves on every frame of the shot, evenly: ``pan_step`` pixels a
    frame (or half of it, down to 1, where even the largest room cannot hold that step for the whole shot), over
    the picture scaled so that its extent along the pan is the frame plus the way (at least the motion box, at most
    ``PAN_ROOM_CAP`` frames), its way centred on what it keeps whole (``held``: a figure, as the framing placed it
    in the motion box; the box's middle where none is given) and every frame of it holding that whole, across the
    pan as along it: the enlargement is the least that holds the way, or less where a larger one would cut it.
    Only a shot longer than that room at 1 px a frame crosses it and holds.

    >>> from nemo_notebook.protocol import Segment
    >>> pan_way("pan_up", Shot(Segment(0, 7000, "p"), 0, 210), Canvas(1920, 1080, 30, 210, 7000))
    PanWay(box=(2294, 1290), step=1, moves=209, start=0, across=187, eased=0)
    >>> pan_way("pan_right", Shot(Segment(0, 3000, "p"), 0, 90), Canvas(1920, 1080, 30, 90, 3000))
    PanWay(box=(2152, 1210), step=2, moves=89, start=26, across=64, eased=0)

    Paced (``m.move_pace``, loud driving music), it crosses that many times the way, eased over every frame in whole
    pixels (``eased_pan``: 1 px a frame at either end), over a picture enlarged to hold it (held-out 01's two-bar
    tilts at 720p, 3.08 s: 237 px where a plain one crosses 182):

    >>> paced = Segment(0, 3077, "p", None, {"move_pace": 1.3})
    >>> pan_way("pan_up", Shot(paced, 0, 92), Canvas(1280, 720, 30, 92, 3077))
    PanWay(box=(1704, 958), step=1, moves=91, start=0, across=212, eased=237)

    A figure low in the picture is held above the frame's bottom (centred, the frame would sit 67 px higher); one
    near the box's left end (at 0.12 of it: ``figures.uncut`` keeps it in what a pan over the motion box shows
    throughout) shortens the way, moving 182 frames of 239 and holding, rather than leaving the frame past it:

    >>> wide, canvas = Shot(Segment(0, 8000, "p"), 0, 240), Canvas(1280, 720, 30, 240, 8000)
    >>> pan_way("pan_right", wide, canvas, (0.3, 0.7, 0.4, 0.95)), pan_way("pan_right", wide, canvas, (0.12, 0.4, 0.18, 0.6))
    (PanWay(box=(1520, 856), step=1, moves=239, start=0, across=136, eased=0), PanWay(box=(1520, 856), step=1, moves=182, start=0, across=68, eased=0))
    """
    w, h = canvas.width, canvas.height
    across = steady_axis(motion, shot, canvas) in ("pan_left", "pan_right")
    frame, other = (w, h) if across else (h, w)
    pace = move_pace(shot)
    least, most = even(frame * MOTION_MARGIN), even(frame * (PAN_ROOM_CAP if pace == 1 else DRIVEN_ROOM_CAP))
    moves = max(shot.frames - 1, 1)
    step = 1 if pace > 1 else pan_step(canvas)  # paced: eased in whole pixels, any of them
    while step > 1 and frame + step * moves > most:
        step //= 2
    want = round(pan_step(canvas) * pace * moves) if pace > 1 else step * moves
    a0, c0, a1, c1 = (0.5, 0.5, 0.5, 0.5) if held is None else held if across else (held[1], held[0], held[3], held[2])
    best: tuple[int, int, int, int, int] | None = None  # (way, along, frames moving, start, across)
    needed = frame + want
    for along in range(max(least, min(most, needed + needed % 2)), least - 1, -2):
        side = even(other * MOTION_MARGIN) if along == least else even(other * along / frame)
        lo, hi = 0, along - frame
        if held is not None:
            lo, hi = max(lo, ceil(a1 * along) - frame), min(hi, floor(a0 * along))
        near, far = max(0, ceil(c1 * side) - other), min(side - other, floor(c0 * side))
        if hi < lo or far < near:
            continue
        by, going = steady_way(hi - lo, shot.frames, step)
        d = min(want, hi - lo) if pace > 1 and hi - lo > moves else by * going
        going = moves if pace > 1 and hi - lo > moves else going
        start = min(max(round((a0 + a1) / 2 * along - (frame + d) / 2), lo), hi - d)
        cross = min(max(round((c0 + c1) / 2 * side - other / 2), near), far)
        if best is None or d > best[0]:
            best = (d, along, going, on_step(start, step), on_step(cross, step))
        if d >= want or held is None:
            break
    if best is None:  # nothing holds it whole: the motion box, centred, as an unheld pan's
        return pan_way(motion, shot, canvas)
    d, along, going, start, cross = best
    side = even(other * MOTION_MARGIN) if along == least else even(other * along / frame)
    box = (along, side) if across else (side, along)
    return PanWay(box, step, going, start, cross, d if pace > 1 and d > going else 0)


def pan_corner(motion: str, shot: Shot, canvas: Canvas, held: Held | None = None) -> str:
    """``crop``'s ":x=…:y=…" for a pan (left, right, up or down) over its picture (``pan_way``: the motion box, or
    larger for a long shot): where the frame's top left corner is, as ffmpeg expressions of the frame number (a
    moving crop, no pixel work), the same pixels every frame (``steady_way``) on even pixels where the step is even
    (odd ones too, ``exact=1``, where it moves 1); its way centred on what it keeps whole (``held``), or from the
    edge (``from_edge``)."""
    w, h = canvas.width, canvas.height
    motion = steady_axis(motion, shot, canvas)
    way = pan_way(motion, shot, canvas, held)
    (bw, bh), step, moves, start, cross = way[:5]
    across = motion in ("pan_left", "pan_right")
    room = bw - w if across else bh - h
    d = way.way
    forward = motion in ("pan_right", "pan_down")
    if from_edge(shot):
        start = 0 if forward else room - d
    moving = (
        eased_stepping(start, eased_steps(d, moves), forward=forward)
        if way.eased
        else stepping(start, step, moves, forward=forward)
    )
    x, y = (f"'{moving}'", cross) if across else (cross, f"'{moving}'")
    return f":x={x}:y={y}" + (":exact=1" if step % 2 else "")


def pan_chain(motion: str, shot: Shot, canvas: Canvas, held: Held | None = None) -> tuple[str, str]:
    """The filters before a pan's picture is repeated (a long shot's picture enlarged once to its ``pan_way`` box;
    a 1 px step at 720 lines and above crops a 4:4:4 copy) and after its moving crop (back to 4:2:0, its colour
    averaged from the shifted full-size chroma, so that the colour moves with the picture every frame instead of
    a chroma pixel every other frame)."""
    (bw, bh), step, *_ = pan_way(motion, shot, canvas, held)
    grown = (bw, bh) != motion_box_of(canvas)
    before = f"scale={bw}:{bh}:flags=lanczos," if grown else ""
    if step % 2 and min(canvas.width, canvas.height) >= EVEN_STEP_LINES:
        return before + "format=yuv444p,", ",format=yuv420p"
    return before, ""


def motion_box_of(canvas: Canvas) -> tuple[int, int]:
    """The motion box (``framings.motion_box``) the pictures are scaled to before their shots."""
    return even(canvas.width * MOTION_MARGIN), even(canvas.height * MOTION_MARGIN)


def stepping(start: int, step: int, moves: int, *, forward: bool) -> str:
    """The corner's place on its axis, an ffmpeg expression of the frame number: ``step`` pixels a frame from
    ``start`` (back from ``start`` plus the way where not ``forward``) for ``moves`` frames, then held."""
    moved = f"{step}*min(n,{moves})"
    return f"{start}+{moved}" if forward else f"{start + step * moves}-{moved}"


def on_step(value: int, step: int) -> int:
    """``value`` down to an even pixel (4:2:0 chroma lies on even ones) where the pan moves an even step."""
    return value if step % 2 else value - value % 2
