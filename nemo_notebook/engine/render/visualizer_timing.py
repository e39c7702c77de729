"""When and where a visualizer segment's drawing shows, as ffmpeg expressions: its fades where an automatic strip
moves (``move_fades``) or is hidden (``hide_fades``), its fade at the video's end (``closing_fade``), and the
overlay's enable (``enabled``) and place (``overlay_place``) over time."""

from __future__ import annotations

from ...protocol import Draft, Segment
from .end_card import CARD_FADE_MS, card_start_ms
from .graph import seconds
from .timeline import frame_at, shots
from .visualizer_placement import Placement

MOVE_FADE_MS = 400  # an automatic strip that moves at a section's start fades out over this, and in at its new place
HIDE_FADE_MS = 200  # an automatic strip hidden over a shot (a head or a figure under it, a text) fades out over this
# (``Placement.hide_fade_ms``'s default; a cover video's visualizer, hidden while the cover crosses it, as its type)


def move_fades(placement: Placement, segment: Segment, fps: int) -> str:
    """Where the strip moves (``placement.moves``, at a section's first frame), it fades out over ``MOVE_FADE_MS``
    before and in over as long after at its new place, rather than jump: ``fade``s of its alpha, each enabled only
    over its own while (a fade out would otherwise hold it hidden to the end), each ending in a comma; "" for
    none."""
    d, first = MOVE_FADE_MS / 1000, frame_at(segment.start_ms, fps)
    out = ""
    for frame, _ in placement.moves:
        at = _switch_s(frame, first, fps)  # the switch of ``overlay_place``, on the drawing's own clock
        out += _fade_out_until(at, d) + _fade_in_from(at, d)
    return out


def _switch_s(frame: int, first: int, fps: int) -> float:
    """When, on the drawing's clock (its segment's ``first`` frame at 0), a switch at ``frame`` happens: half a frame
    before it, where the overlay's enable turns (``enabled``)."""
    return (frame - first - 0.5) / fps


def _fade_out_until(at_s: float, d_s: float, *, held: bool = False) -> str:
    """A fade of the drawing's alpha to nothing over ``d_s`` ending at ``at_s`` (as much as there is before it),
    enabled only over that while (``held``: on for good after it), with a comma after it."""
    early = max(0.0, at_s - d_s)
    enable = "" if held else f":enable='between(t,{early:.3f},{at_s:.3f})'"
    return f"fade=t=out:st={early:.3f}:d={at_s - early:.3f}:alpha=1{enable},"


def _fade_in_from(at_s: float, d_s: float, *, held: bool = False) -> str:
    """A fade of the drawing's alpha in over ``d_s`` from ``at_s``, enabled only over that while (``held``: on for
    good before it), with a comma."""
    enable = "" if held else f":enable='between(t,{at_s:.3f},{at_s + d_s:.3f})'"
    return f"fade=t=in:st={at_s:.3f}:d={d_s:.3f}:alpha=1{enable},"


def hide_fades(placement: Placement, segment: Segment, fps: int) -> str:
    """Where the strip is hidden (``placement.hidden``: over a shot whose subject's head or figure its place lies
    over, or while a text it would cross shows), it fades out over ``HIDE_FADE_MS`` before the hidden frames and in
    over as long after them (``placement.hide_fade_ms``): ``fade``s of its alpha, each enabled only over its own while, each ending in a comma;
    "" for none."""
    d = placement.hide_fade_ms / 1000
    first, end = frame_at(segment.start_ms, fps), frame_at(segment.end_ms, fps)
    out = ""
    for start, stop in placement.hidden:
        # hidden from the first frame or to the last, a fade is left on for good (nothing of the drawing shows on
        # the other side of it): enabled only over its while, a drawing frame a little off the video's frames came
        # back at full strength for a frame between the fade's end and the hidden frames (held-out 04 at 15 fps,
        # 56.07 s, a cover video's bars kept into its slide, s55)
        if start > first:
            out += _fade_out_until(_switch_s(start, first, fps), d, held=stop > end)
        if stop < end:
            out += _fade_in_from(_switch_s(stop, first, fps), d, held=start <= first)
    return out


def closing_fade(draft: Draft, segment: Segment) -> str:
    """A visualizer that runs to the end of the video fades out as the end card comes in, else with the last
    shot's fade to black (it was left drawn on black), as a ``fade`` of its alpha ending in a comma; "" otherwise."""
    card_ms = card_start_ms(draft)
    if card_ms is not None and segment.end_ms > card_ms:
        start = max(0, card_ms - segment.start_ms)
        return f"fade=t=out:st={seconds(start)}:d={seconds(CARD_FADE_MS)}:alpha=1,"
    lane = shots(draft)
    fade_ms = lane[-1].segment.meta.get("fade_out_ms") if lane else None
    if not isinstance(fade_ms, (int, float)) or fade_ms <= 0 or segment.end_ms < draft.duration_ms:
        return ""
    fade_ms = min(float(fade_ms), segment.duration_ms)
    return f"fade=t=out:st={seconds(segment.duration_ms - fade_ms)}:d={seconds(fade_ms)}:alpha=1,"


def enabled(placement: Placement, segment: Segment, fps: int) -> str:
    """``overlay``'s enable: over the segment's frames, but for those where it is hidden (half a frame's margin each
    side: a track alone's visualizer cut where its scenes begin (``alone_pieces``) showed both pieces, the last
    scene's ring and the new one's, on a scene's first frame where it fell on a whole ms, 41.8 s at 15 fps)."""
    start, stop = frame_at(segment.start_ms, fps), frame_at(segment.end_ms, fps)
    shown = f"between(t,{seconds(max(start - 0.5, 0) * 1000 / fps)},{seconds((stop - 0.5) * 1000 / fps)})"
    for first, end in placement.hidden:
        shown += f"*not(between(t,{seconds((first - 0.5) * 1000 / fps)},{seconds((end - 0.5) * 1000 / fps)}))"
    return shown


def overlay_place(placement: Placement, fps: int) -> str:
    """``overlay``'s x and y: the box's corner, moved as ``slid`` says, or expressions of ``t`` (evaluated each
    frame) that switch to each move's box half a frame before its first frame."""
    x, y = str(placement.box.x), str(placement.box.y)
    if placement.slid != ("0", "0"):
        return f"x='{x}+{placement.slid[0]}':y='{y}+{placement.slid[1]}'"
    if not placement.moves:
        return f"x={x}:y={y}"
    for frame, box in placement.moves:
        at = seconds((frame - 0.5) * 1000 / fps)
        x, y = f"if(gte(t,{at}),{box.x},{x})", f"if(gte(t,{at}),{box.y},{y})"
    return f"x='{x}':y='{y}'"
