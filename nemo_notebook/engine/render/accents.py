"""Accents on the visuals lane: the transitions the draft asks for where a shot begins, and punch-ins on its beats.

A shot's ``m.transition_in`` ("flash", "whip" or "dissolve") lasting ``m.transition_ms`` changes how it begins;
every other cut stays hard. A flash fades the shot in from white over those frames (``fade``, which passes frames
through untouched once it has faded). A dissolve and a whip are an ``xfade`` between the two shots, centred on the
cut: the outgoing shot's chain draws a few frames more at its end and the incoming one's a few frames more at its
start, and xfade lays those over each other, so the pair fills exactly their own frames and every cut after them
stays where the frame count puts it. A whip is xfade's push to the left, blurred sideways (``avgblur``, enabled in
those frames only). ``m.punch_ms`` lists offsets in the shot (ms) where the picture jumps ``PUNCH_ZOOM`` closer and
eases back over ``PUNCH_S``: those frames are cut out of the stream (``split``, then ``trim``), zoomed with
``zoompan`` and put back in place with ``concat``, so only the frames that move pay for a rescale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .graph import Canvas, Graph
from .timeline import Shot, frame_at

FLASH, WHIP, DISSOLVE = "flash", "whip", "dissolve"
BLENDS = {DISSOLVE: "fade", WHIP: "slideleft"}  # the xfade transition of each kind that lays two shots over each other
PUNCH_ZOOM = 0.06  # how much closer the picture jumps on a punch-in
PUNCH_S = 0.2  # how long it takes to ease back
WHIP_BLUR = 1 / 24  # the sideways blur of a whip, as a share of the frame's width


@dataclass(frozen=True)
class Transition:
    """How shot ``index`` begins: ``kind`` over ``frames`` frames, of which ``head`` come before its cut (drawn by
    this shot's chain under the end of the shot before, for the kinds that blend)."""

    kind: str
    frames: int
    head: int

    @property
    def tail(self) -> int:
        """The frames after the cut that the shot before draws on under this one."""
        return self.frames - self.head if self.kind in BLENDS else 0


def transitions(shots: Sequence[Shot], fps: int) -> dict[int, Transition]:
    """The transitions of the lane by shot number: those the draft asks for, at most half of either shot long."""
    out = {}
    for i in range(1, len(shots)):
        meta = shots[i].segment.meta
        kind, ms = meta.get("transition_in"), meta.get("transition_ms")
        if kind not in (FLASH, WHIP, DISSOLVE) or not isinstance(ms, (int, float)) or isinstance(ms, bool):
            continue
        frames = min(round(ms * fps / 1000), shots[i].frames // 2, shots[i - 1].frames // 2)
        if frames >= (1 if kind == FLASH else 2):
            out[i] = Transition(str(kind), frames, frames // 2 if kind in BLENDS else 0)
    return out


def drawn(shot: Shot, index: int, found: dict[int, Transition], fps: int) -> Shot:
    """The shot as its chain draws it: longer by the frames it blends with its neighbours, starting that much
    earlier (a clip from that much earlier in it)."""
    head = found[index].head if index in found else 0
    tail = found[index + 1].tail if index + 1 in found else 0
    if not head and not tail:
        return shot
    in_ms = max(shot.in_ms - head * 1000 // fps, 0)
    return replace(shot, start_frame=shot.start_frame - head, frames=shot.frames + head + tail, in_ms=in_ms)


def finish(index: int, found: dict[int, Transition], fps: int) -> str:
    """What a shot's chain ends with for its transitions: a flash from white, or the frame rate that ``xfade``
    checks on the shots it blends."""
    out = ""
    if index in found and found[index].kind == FLASH:
        out += f",fade=t=in:s=0:n={found[index].frames}:color=white"
    if (index in found and found[index].kind in BLENDS) or (index + 1 in found and found[index + 1].kind in BLENDS):
        out += f",fps={fps}"
    return out


def join(
    graph: Graph, labels: Sequence[str], shots: Sequence[Shot], found: dict[int, Transition], canvas: Canvas
) -> list[str]:
    """The shots' streams (``labels``) as the pieces to concatenate: shots that blend merged into one by ``xfade``,
    with their whips blurred and their punch-ins drawn."""
    fps = canvas.fps
    pieces: list[str] = []
    run, run_frames = "", 0
    blurs: list[tuple[int, int]] = []
    punches: list[tuple[int, int]] = []
    for i, (label, shot) in enumerate(zip(labels, shots, strict=True)):
        t = found.get(i)
        if run and t is not None and t.kind in BLENDS:
            merged = graph.label("x")
            start = run_frames - t.head
            graph.add(
                f"{run}{label}xfade=transition={BLENDS[t.kind]}:duration={t.frames / fps:.6f}"
                f":offset={start / fps:.6f}{merged}"
            )
            if t.kind == WHIP:
                blurs.append((start, start + t.frames))
            run = merged
        else:
            if run:
                pieces.append(_accented(graph, run, run_frames, blurs, punches, canvas))
            run, run_frames, blurs, punches = label, 0, [], []
        punches += [(run_frames + f, run_frames + f + n) for f, n in _punch_frames(shot, fps)]
        run_frames += shot.frames
    if run:
        pieces.append(_accented(graph, run, run_frames, blurs, punches, canvas))
    return pieces


def _punch_frames(shot: Shot, fps: int) -> list[tuple[int, int]]:
    """(first frame in the shot, frames) of each punch-in the shot's ``m.punch_ms`` asks for."""
    raw = shot.segment.meta.get("punch_ms")
    if not isinstance(raw, list):
        return []
    start = frame_at(shot.segment.start_ms, fps)
    length = max(2, round(PUNCH_S * fps))
    frames = sorted(
        {frame_at(shot.segment.start_ms + int(ms), fps) - start for ms in raw if isinstance(ms, (int, float))}
    )
    return [(f, length) for f in frames if 0 <= f < shot.frames]


def _accented(
    graph: Graph,
    label: str,
    frames: int,
    blurs: Sequence[tuple[int, int]],
    punches: Sequence[tuple[int, int]],
    canvas: Canvas,
) -> str:
    """``label`` (a stream of ``frames`` frames) with its whips blurred and its punch-ins drawn."""
    if blurs:
        enable = "+".join(f"between(n,{a},{b - 1})" for a, b in blurs)
        blurred = graph.label("wb")
        size = min(max(1, round(canvas.width * WHIP_BLUR)), 1024)
        graph.add(f"{label}avgblur=sizeX={size}:sizeY=1:enable='{enable}'{blurred}")
        label = blurred
    windows: list[tuple[int, int]] = []
    for a, b in sorted(punches):
        if any(x < b and a < y for x, y in blurs) or (windows and a < windows[-1][1]):
            continue  # not over a whip; and a punch that comes before the last has eased back cuts it short
        windows.append((a, min(b, frames)))
    windows = [(a, b) for a, b in windows if a < b]
    if not windows:
        return label
    spans: list[tuple[int, int, bool]] = []
    at = 0
    for a, b in windows:
        if at < a:
            spans.append((at, a, False))
        spans.append((a, b, True))
        at = b
    if at < frames:
        spans.append((at, frames, False))
    outs = [graph.label("pk") for _ in spans]
    graph.add(f"{label}split={len(spans)}{''.join(outs)}")
    parts = []
    length = max(2, round(PUNCH_S * canvas.fps))
    for out, (a, b, zoomed) in zip(outs, spans, strict=True):
        part = graph.label("pp")
        end = f":end_frame={b}" if b < frames else ""
        chain = f"{out}trim=start_frame={a}{end},setpts=PTS-STARTPTS"
        if zoomed:
            z = f"1+{PUNCH_ZOOM}*pow(1-on/{length},2)"
            centre = "x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2'"
            chain += f",zoompan=z='{z}':{centre}:d=1:s={canvas.width}x{canvas.height}:fps={canvas.fps},setsar=1"
        graph.add(chain + part)
        parts.append(part)
    out = graph.label("pc")
    graph.add(f"{''.join(parts)}concat=n={len(parts)}:v=1:a=0,settb=expr=1/{canvas.fps},setpts=N{out}")
    return out
