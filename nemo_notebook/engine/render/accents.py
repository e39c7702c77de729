"""Accents on the visuals lane: the transitions the draft asks for where a shot begins, and punch-ins on its beats.

A shot's ``m.transition_in`` ("flash", "whip", "dissolve" or "dip") lasting ``m.transition_ms`` changes how it begins;
every other cut stays hard. A dissolve is an ``xfade`` between the two shots, centred on the cut: the outgoing
shot's chain draws a few frames more at its end and the incoming one's a few frames more at its start, and xfade
lays those over each other, so the pair fills exactly their own frames and every cut after them stays where the
frame count puts it. (Each xfade keeps the frames it made in its buffer pool for the rest of the render, or of its
segment in a lane drawn in segments (``segments``): about 30 MB a dissolve at 1080p.)

The rest works on the concatenated lane, one filter of a kind for all, enabled on its frames only, since a filter
that makes new frames in a shot's own chain keeps them the same way, and a punch-in on every beat of a chorus would
multiply that. A flash is ``eq`` lifting the picture ``FLASH_LIFT`` of the way to white and taking as much of its
colour out, easing back over the transition's frames: a lift a viewer feels, the picture still under it (it went all
the way: a blind reviewer's electronic track alone went from a mean luma of 37 to 253 in one frame, 'harsh on a
phone'). A whip is a fast pan across the cut (a ``crop`` moved by ``sendcmd``: the outgoing view speeds
to its right edge, the incoming one comes in from its left), blurred sideways by one ``avgblur``. A punch-in
(``m.punch_ms``: offsets in the shot) jumps ``PUNCH_ZOOM`` closer and eases back over ``PUNCH_S`` with the same
crop; a pulse (``m.pulse_ms``: a photo shot's push on its loud section's beat grid) eases in and back, sampled at any
fraction of a pixel by one ``perspective`` (``beat_pulse``). A dip (a track alone's change of scene, or a join whose dissolve would go muddy) takes the picture down towards
black and back up on the other side of a hard cut (``_dipped``; or only down, before it: ``m.dip_before_cut``, a
drop coming in at its full light), held at its darkest around the cut for
``m.dip_hold`` of its frames (a join's dip to black: ``planning.colour_joins``); where it asks (``m.dip_blend``: calm
music's gentle scene change) the two shots cross-dissolve over that share of its frames around the cut instead, in the
dimmed picture, as a dissolve's ``xfade`` does. A dissolve between clashing colours (``m.dissolve_lift``:
``planning.colour_mix.lift``) has its saturation lifted on a half sine over its frames by one ``eq``, so that its middle
frame is amber, not olive (a cross-fade of coded values mixes green and orange into a duller colour than either). The ``scale`` behind the crop passes frames of the canvas size through untouched, so only the frames a whip
or a punch-in moves pay for a rescale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .beat_pulse import pulse_filter, pulse_windows
from .graph import Canvas, Graph
from .sums import sum_of
from .timeline import Shot, frame_at

FLASH, WHIP, DISSOLVE, DIP = "flash", "whip", "dissolve", "dip"
FLASH_LIFT = 0.4  # how far a flash takes the picture towards white, at its first frame
DIP_DEPTH = 0.9  # how far a dip takes the picture towards black at its cut, where its shot's m.dip_depth is not set
LIMITED_BLACK = 16 / 255  # black in the video's limited range
BLENDS = {DISSOLVE: "fade"}  # the xfade transition of each kind that lays two shots over each other
PUNCH_ZOOM = 0.06  # how much closer the picture jumps on a punch-in
PUNCH_S = 0.2  # how long it takes to ease back
WHIP_BLUR = 1 / 24  # the sideways blur of a whip, as a share of the frame's width
WHIP_ZOOM = 0.15  # how much closer a whip looks at the cut, for room to pan in


@dataclass(frozen=True)
class Transition:
    """How shot ``index`` begins: ``kind`` over ``frames`` frames, of which ``head`` come before its cut (drawn by
    this shot's chain under the end of the shot before, for the kinds that blend); a dip ``depth`` of the way to
    black (``m.dip_depth``, else ``DIP_DEPTH``), held there for ``hold`` frames around the cut."""

    kind: str
    frames: int
    head: int
    depth: float = DIP_DEPTH
    hold: int = 0  # a dip's frames around its cut held at its depth (``m.dip_hold``: a share of its frames)
    blend: int = 0  # a dip's frames around its cut where the two scenes cross-dissolve (``m.dip_blend``: a share)
    lift: float = 1.0  # a dissolve's saturation at its middle frame (``m.dissolve_lift``), easing up and back
    before_cut: bool = (
        False  # a dip dark before its cut only, the incoming shot in its full light (``m.dip_before_cut``)
    )

    @property
    def blends(self) -> bool:
        """Whether the two shots lie over each other (``xfade``): a dissolve, or a dip that crosses in the dark."""
        return self.kind in BLENDS or (self.kind == DIP and self.blend >= 2)

    @property
    def lead(self) -> int:
        """The frames before the cut that this shot's chain draws under the end of the shot before."""
        if self.kind == DIP:
            return self.blend // 2 if self.blends else 0
        return self.head if self.kind in BLENDS else 0

    @property
    def tail(self) -> int:
        """The frames after the cut that the shot before draws on under this one."""
        if self.kind == DIP:
            return self.blend - self.blend // 2 if self.blends else 0
        return self.frames - self.head if self.kind in BLENDS else 0

    @property
    def blend_frames(self) -> int:
        """How many frames ``xfade`` lays the two shots over each other."""
        return self.lead + self.tail


def transitions(shots: Sequence[Shot], fps: int) -> dict[int, Transition]:
    """The transitions of the lane by shot number: those the draft asks for, at most half of either shot long."""
    out = {}
    for i in range(1, len(shots)):
        meta = shots[i].segment.meta
        kind, ms = meta.get("transition_in"), meta.get("transition_ms")
        if kind not in (FLASH, WHIP, DISSOLVE, DIP) or not isinstance(ms, (int, float)) or isinstance(ms, bool):
            continue
        frames = min(round(ms * fps / 1000), shots[i].frames // 2, shots[i - 1].frames // 2)
        if frames >= (1 if kind == FLASH else 2):
            depth, hold = _depth(meta.get("dip_depth")), round(frames * _share(meta.get("dip_hold")))
            blend = round(frames * _share(meta.get("dip_blend"))) if kind == DIP else 0
            lift = _lift(meta.get("dissolve_lift")) if kind == DISSOLVE else 1.0
            before = kind == DIP and meta.get("dip_before_cut") is True
            head = 0 if kind == FLASH else frames // 2
            out[i] = Transition(str(kind), frames, head, depth, hold, blend, lift, before)
    return out


def drawn(shot: Shot, index: int, found: dict[int, Transition], fps: int) -> Shot:
    """The shot as its chain draws it: longer by the frames it blends with its neighbours, starting that much
    earlier (a clip from that much earlier in it)."""
    head = found[index].lead if index in found else 0
    tail = found[index + 1].tail if index + 1 in found else 0
    if not head and not tail:
        return shot
    in_ms = max(shot.in_ms - head * 1000 // fps, 0)
    return replace(shot, start_frame=shot.start_frame - head, frames=shot.frames + head + tail, in_ms=in_ms)


def finish(index: int, found: dict[int, Transition], fps: int) -> str:
    """What a shot's chain ends with when it blends with a neighbour: the frame rate that ``xfade`` checks."""
    blends = any(i in found and found[i].blends for i in (index, index + 1))
    return f",fps={fps}" if blends else ""


def join(
    graph: Graph, labels: Sequence[str], shots: Sequence[Shot], found: dict[int, Transition], canvas: Canvas
) -> list[str]:
    """The shots' streams (``labels``) as the pieces to concatenate: shots that blend merged into one by ``xfade``."""
    fps = canvas.fps
    pieces: list[str] = []
    run_frames = 0
    for i, (label, shot) in enumerate(zip(labels, shots, strict=True)):
        t = found.get(i)
        if pieces and t is not None and t.blends:
            merged = graph.label("x")
            start = run_frames - t.lead
            graph.add(
                f"{pieces[-1]}{label}xfade=transition={BLENDS.get(t.kind, 'fade')}:duration={t.blend_frames / fps:.6f}"
                f":offset={start / fps:.6f}{merged}"
            )
            pieces[-1] = merged
        else:
            pieces.append(label)
            run_frames = 0
        run_frames += shot.frames
    return pieces


def lane_chain(shots: Sequence[Shot], found: dict[int, Transition], canvas: Canvas) -> str:
    """The filters the concatenated lane goes through (frames numbered from 0, in order): flashes, the whips' blur,
    punch-ins. One instance of each for the whole lane, enabled on its frames only: a filter in a shot's own chain
    keeps a few frames of memory (its buffer pool) for the whole render."""
    flashes = [(shots[i].start_frame, t.frames) for i, t in found.items() if t.kind == FLASH]
    whips = [(shots[i].start_frame - t.head, t.frames) for i, t in found.items() if t.kind == WHIP]
    dips = [  # a dip of no depth (into a louder scene) only crosses, or cuts
        Dip(shots[i].start_frame - t.head, t.head if t.before_cut else t.frames, shots[i].start_frame, t.depth, t.hold)
        for i, t in found.items()
        if t.kind == DIP and t.depth > 0
    ]
    out = _dipped(dips)
    lifts = [(shots[i].start_frame - t.lead, t.blend_frames, t.lift) for i, t in found.items() if t.lift > 1]
    if lifts:  # on a half sine over the dissolve's frames, its peak at the middle one
        lifted = sum_of([f"between(n,{a},{a + k - 1})*{x - 1:g}*sin(PI*(n-{a}+0.5)/{k})" for a, k, x in lifts])
        out += f",eq=saturation='1+{lifted}':eval=frame:enable='{_during([(a, k) for a, k, _ in lifts])}'"
    if flashes:
        lift = (
            f"{FLASH_LIFT}*(" + sum_of([f"between(n,{a},{a + k - 1})*pow(1-(n-{a})/{k},2)" for a, k in flashes]) + ")"
        )
        # eq maps luma v (0..1 over 0..255) to contrast*(v-0.5)+0.5+brightness: (1-s)*v+s*white is the picture a
        # share s of the way to white, which is 235 of 255 in the video's limited range
        lifted = f"contrast='1-{lift}':brightness='{lift}*{235 / 255 - 0.5:.4f}':saturation='1-{lift}'"
        out += f",eq={lifted}:eval=frame:enable='{_during(flashes)}'"
    if whips:
        size = min(max(1, round(canvas.width * WHIP_BLUR)), 1024)
        out += f",avgblur=sizeX={size}:sizeY=1:enable='{_during(whips)}'"
    busy = [(a, a + k) for a, k in flashes + whips]
    crops: dict[int, str] = {}
    for i, t in found.items():
        if t.kind == WHIP:
            crops.update(_whip(shots[i].start_frame, t, canvas))
    punches = _punch_windows(shots, busy, canvas.fps)
    crops.update(_punches(punches, canvas))
    w, h = canvas.width, canvas.height
    for _, b in [(a, a + k) for a, k in whips] + punches:
        crops.setdefault(b, _crop(w, h, 0, 0))  # the whole frame again after each, unless another begins there
    if crops:
        lines = ";".join(f"{_at(n, canvas.fps)} {crops[n]}" for n in sorted(crops))
        out += f",sendcmd=c='{lines}',crop@punch=w={w}:h={h}:x=0:y=0,scale={w}:{h}"
    joins = [(shots[i].start_frame - t.head, shots[i].start_frame - t.head + t.frames) for i, t in found.items()]
    pulses = pulse_windows(shots, [*busy, *punches, *joins], canvas.fps)  # long photo shots
    return out + pulse_filter(pulses, canvas.fps)


@dataclass(frozen=True)
class Dip:
    """A dip on the lane: its first frame, its frames, its cut (the incoming shot's first frame), its depth, and the
    frames around the cut held at that depth."""

    first: int
    frames: int
    cut: int
    depth: float
    hold: int = 0

    def darkness(self) -> str:
        """How far towards black the dip takes frame ``n`` (an ffmpeg expression): down on a half cosine to its depth,
        held there for ``hold`` frames around the cut (the first half before it), back up on a half cosine."""
        a, k, cut = self.first, self.frames, self.cut
        inside = f"{self.depth:g}*between(n,{a},{a + k - 1})"
        if self.hold <= 0:
            return f"{inside}*(0.5+0.5*cos(PI*(n-{cut})/{max(cut - a, a + k - cut, 1)}))"
        held_from = cut - self.hold // 2
        held_to = held_from + self.hold - 1
        # frames from the held black out to the picture, on the longer side
        reach = max(held_from - a, a + k - 1 - held_to) + 1
        return f"{inside}*(0.5+0.5*cos(PI*min(max(max({held_from}-n,n-{held_to}),0)/{reach},1)))"


def _dipped(dips: Sequence[Dip]) -> str:
    """The lane darkened towards black around each dip's cut (``Dip.darkness``): ``eq`` taking the picture its depth
    of the way to black at the cut, easing down and back up on a half cosine, so that the two scenes meet in the dark
    and never lie over each other (a dissolve between two palettes of a track alone read as "double-exposed frames"
    to a blind reviewer); "" for none."""
    if not dips:
        return ""
    keep = f"(1-({sum_of([d.darkness() for d in dips])}))"  # the share of the picture's light kept
    # eq maps v to contrast*(v-0.5)+0.5+brightness: keep*(v-black)+black is the picture that far from black
    dark = f"contrast='{keep}':brightness='(1-{keep})*{LIMITED_BLACK - 0.5:.4f}':saturation='{keep}'"
    return f",eq={dark}:eval=frame:enable='{_during([(d.first, d.frames) for d in dips])}'"


def _depth(raw: object) -> float:
    """A dip's ``m.dip_depth`` (0..1), else ``DIP_DEPTH``."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return min(max(float(raw), 0.0), 1.0)
    return DIP_DEPTH


def _lift(raw: object) -> float:
    """A dissolve's ``m.dissolve_lift``: 1 (none) to 2."""
    if not isinstance(raw, (int, float)) or isinstance(raw, bool):
        return 1.0
    return min(max(float(raw), 1.0), 2.0)


def _share(raw: object) -> float:
    """A dip's ``m.dip_hold`` (0..1 of its frames), else none held."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return min(max(float(raw), 0.0), 1.0)
    return 0.0


def _during(spans: Sequence[tuple[int, int]]) -> str:
    return sum_of([f"between(n,{a},{a + k - 1})" for a, k in spans])


def _whip(cut: int, t: Transition, canvas: Canvas) -> dict[int, str]:
    """The crops of a whip around the frame ``cut``: the view of the outgoing shot, closer and closer, speeds to its
    right edge; the incoming one's comes in from its left edge, easing back to the whole frame."""
    w, h = canvas.width, canvas.height
    out = {}
    for j in range(t.frames):
        if j < t.head:
            z, across = 1 + WHIP_ZOOM * ((j + 1) / t.head) ** 2, 0.5 + 0.5 * ((j + 1) / t.head) ** 2
        else:
            p = (j - t.head) / (t.frames - t.head)
            z, across = 1 + WHIP_ZOOM * (1 - p) ** 2, 0.5 * (1 - (1 - p) ** 2)
        cw, ch = 2 * round(w / z / 2), 2 * round(h / z / 2)
        out[cut - t.head + j] = _crop(cw, ch, round(across * (w - cw)), (h - ch) // 2)
    return out


def _punch_windows(shots: Sequence[Shot], busy: Sequence[tuple[int, int]], fps: int) -> list[tuple[int, int]]:
    """The frames ``[a, b)`` of each punch-in: not over a flash or a whip, cut short by the next one or a cut."""
    length = max(2, round(PUNCH_S * fps))
    windows: list[tuple[int, int]] = []
    for shot in shots:
        end = shot.start_frame + shot.frames
        for f in _punch_frames(shot, fps):
            a = shot.start_frame + f
            if any(x <= a < y for x, y in busy) or (windows and a < windows[-1][1]):
                continue
            windows.append((a, min(a + length, end, *(x for x, _ in busy if x > a))))
    return windows


def _punches(windows: Sequence[tuple[int, int]], canvas: Canvas) -> dict[int, str]:
    """The crops of each frame of each punch-in (``windows``: ``_punch_windows``): the ``scale`` after the crop
    passes frames of the canvas size through untouched, so only those frames are scaled."""
    w, h = canvas.width, canvas.height
    length = max(2, round(PUNCH_S * canvas.fps))
    out = {}
    for a, b in windows:
        for n in range(a, b):
            z = 1 + PUNCH_ZOOM * (1 - (n - a) / length) ** 2
            cw, ch = 2 * round(w / z / 2), 2 * round(h / z / 2)
            out[n] = _crop(cw, ch, (w - cw) // 2, (h - ch) // 2)
    return out


def _at(frame: int, fps: int) -> str:
    """A time between the frame before ``frame`` and it (seconds), where ``sendcmd`` acts on ``frame``."""
    return f"{max(frame - 0.5, 0) / fps:.5f}"


def _crop(w: int, h: int, x: int, y: int) -> str:
    """One frame's crop as commands to ``crop@punch``: the corner first, so that no step asks for more than the
    frame (growing back to the whole frame moves the corner to 0 before the size grows)."""
    target = "crop@punch"
    return f"{target} x {x}\\, {target} y {y}\\, {target} w {w}\\, {target} h {h}"


def _punch_frames(shot: Shot, fps: int) -> list[int]:
    """The frames (from the shot's first) where the shot's ``m.punch_ms`` asks for a punch-in."""
    raw = shot.segment.meta.get("punch_ms")
    if not isinstance(raw, list):
        return []
    start = frame_at(shot.segment.start_ms, fps)
    frames = {frame_at(shot.segment.start_ms + int(ms), fps) - start for ms in raw if isinstance(ms, (int, float))}
    return sorted(f for f in frames if 0 <= f < shot.frames)
