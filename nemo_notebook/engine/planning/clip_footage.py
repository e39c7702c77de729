"""No clip shot runs past its clip's footage.

The render holds a clip's last frame where its shot outlasts the footage after its in-point (``render.visuals``,
``tpad stop_mode=clone``). With a 15 s song and one 4 s clip the plan made two shots of 7.7 and 7.3 s, each from the
clip's start: the clip played to 3.95 s and then stood still for 3.7 s, twice (s54-kinds2). Here a clip shot longer
than its footage after its in-point is split: the clip plays to its end (cut on the beat nearest before it), then
plays again from its start, mirrored left to right (``m.mirror``, as ``clip_spans_apart`` shows a moment again), as
often as the shot needs; each part after the first continues its showing (``m.reframe``). A dissolve plays the
shots on either side of its cut over each other (``render.accents``): a clip shot whose footage holds it but not the
dissolves into and out of it has them shortened, else it is split with them counted. A shot first starts
earlier in its clip, where the clip holds it from there, else at the clip's start; a shot that plays on from the one
before (``m.reframe``) only where its in-point leaves less than ``MIN_PART_MS``. A clip shorter than that is left
as planned (parts that short would flicker), and a part is not cut shorter for the half of a dissolve after it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ...protocol import Segment
from .accents import ACCENT_KEYS
from .clip_spans_apart import mirrored

FRAME_MS = 34  # a clip's last frame may show this long (one frame at 30 fps): it is still playing
MIN_DISSOLVE_MS = 200  # a dissolve shorter than this reads as a glitch: a hard cut instead
MIN_PART_MS = 1000  # a part cut on a beat lasts at least this long
STARTS_ONLY = frozenset({*ACCENT_KEYS, "fade_in_ms"})  # what belongs to a shot's first frame: not its later parts


def within_footage(shots: Sequence[Segment], lengths: Mapping[str, int], beats: Sequence[int] = ()) -> list[Segment]:
    """``shots`` (the visuals lane, its transitions set) with each clip shot (``lengths``: each clip's length, ms, by
    media id) that needs more than its clip's footage after its in-point (its length, and the halves of the dissolves
    into it and into the next shot that it plays under: ``blend_tail_ms``) split as the module says, its cuts on ``beats`` (ms)
    where one falls in the part's last second; the other shots as they are.

    >>> lane = [Segment(start_ms=0, duration_ms=7700, src="clip", in_ms=0, meta={})]
    >>> [(s.start_ms, s.duration_ms, s.in_ms, s.meta.get("mirror")) for s in within_footage(lane, {"clip": 4000})]
    [(0, 4000, 0, None), (4000, 3700, 0, True)]
    >>> [s.duration_ms for s in within_footage(lane, {"clip": 4000}, beats=[3800, 5000])]
    [3800, 3900]
    """
    lane, out = list(shots), []
    for k, shot in enumerate(lane):
        after = lane[k + 1] if k + 1 < len(lane) else None
        length, lead, tail = lengths.get(shot.src or "", 0), blend_tail_ms(shot), blend_tail_ms(after)
        if shot.in_ms is None or length < MIN_PART_MS:
            out.append(shot)
            continue
        parts = _parts(shot, length, lead, beats) if shot.in_ms + shot.duration_ms > length + FRAME_MS else [shot]
        last, lead = parts[-1], lead if len(parts) == 1 else 0
        over = max(last.in_ms or 0, lead) + last.duration_ms + tail - length - FRAME_MS
        own = min(max(over, 0), max(lead - (last.in_ms or 0), 0))  # first the dissolve into it, then out of it
        parts[-1] = _dissolving(last, lead - own) if own else last
        if after is not None and over > own:
            lane[k + 1] = _dissolving(after, max(tail - (over - own), 0))
        out.extend(parts)
    return out


def _dissolving(shot: Segment, half_ms: int) -> Segment:
    """``shot`` with the two shots crossing ``half_ms`` on either side of its cut: a dissolve shortened (a hard cut
    where that is under ``MIN_DISSOLVE_MS`` in all), a dip's cross in the dark narrowed (none under that)."""
    meta, ms = dict(shot.meta), shot.meta.get("transition_ms")
    if meta.get("transition_in") == "dip" and isinstance(ms, (int, float)) and ms > 0:
        meta["dip_blend"] = round(half_ms * 2 / ms, 3) if half_ms * 2 >= MIN_DISSOLVE_MS else 0.0
    elif half_ms * 2 >= MIN_DISSOLVE_MS:
        meta["transition_ms"] = half_ms * 2
    else:
        meta = {k: v for k, v in meta.items() if k not in ("transition_in", "transition_ms")}
    return replace(shot, meta=meta)


def blend_tail_ms(shot: Segment | None) -> int:
    """How long the shot before ``shot`` plays on under it, and ``shot`` plays before its cut: half of a dissolve
    (or of a dip's cross-dissolve) into it, which the render centres on the cut (``render.accents``)."""
    meta = shot.meta if shot is not None else {}
    ms, blend = meta.get("transition_ms"), meta.get("dip_blend")
    if not isinstance(ms, (int, float)) or isinstance(ms, bool):
        return 0
    share = 1.0 if meta.get("transition_in") == "dissolve" else 0.0
    if meta.get("transition_in") == "dip" and isinstance(blend, (int, float)) and not isinstance(blend, bool):
        share = float(blend)
    return round(ms * share) // 2


def _parts(shot: Segment, length: int, lead: int, beats: Sequence[int]) -> list[Segment]:
    """``shot`` from earlier in its clip of ``length`` ms where that holds it, else cut into parts that each play
    inside it, the first from ``lead`` ms before its in-point (the dissolve into it: the render starts it that much
    earlier in its clip, from its start at the earliest). The cuts between the parts are hard ones."""
    in_ms = shot.in_ms or 0
    if not shot.meta.get("reframe") or length - in_ms < MIN_PART_MS:  # a shot playing on from the one before goes on
        in_ms = min(in_ms, max(length - shot.duration_ms, 0))
    parts: list[Segment] = []
    start, end, flip, played = shot.start_ms, shot.start_ms + shot.duration_ms, mirrored(shot), in_ms
    if end - start > length - in_ms + FRAME_MS:
        played = max(in_ms, lead)
    while end - start > length - played + FRAME_MS and start + length - played < end:
        cut = _cut(start, start + length - played, end, beats)
        parts.append(_part(shot, start, cut, in_ms, flip, first=not parts))
        start, in_ms, played, flip = cut, 0, 0, not flip
    return [*parts, _part(shot, start, end, in_ms, flip, first=not parts)]


def _cut(start: int, last: int, end: int, beats: Sequence[int]) -> int:
    """Where a part from ``start`` ends: on the latest beat in the second before ``last`` (where its footage ends),
    leaving the rest of the shot (to ``end``) ``MIN_PART_MS`` at least where the clip allows, else there."""
    latest = min(last, end - MIN_PART_MS) if end - MIN_PART_MS > start else last
    near = [b for b in beats if latest - MIN_PART_MS <= b <= latest and b > (start + latest) // 2]
    return max(near) if near else latest


def _part(shot: Segment, start: int, end: int, in_ms: int, flip: bool, *, first: bool) -> Segment:
    """One part of ``shot``: ``start`` to ``end`` of the lane, from ``in_ms`` of its clip, mirrored where ``flip``."""
    meta = {k: v for k, v in shot.meta.items() if k != "mirror" and (first or k not in STARTS_ONLY)}
    meta |= ({"mirror": True} if flip else {}) | ({} if first else {"reframe": 1})
    return replace(shot, start_ms=start, duration_ms=end - start, in_ms=in_ms, meta=meta)
