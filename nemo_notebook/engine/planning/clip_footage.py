"""No clip shot runs past its clip's footage.

The render holds a clip's last frame where its shot outlasts the footage after its in-point (``render.visuals``,
``tpad stop_mode=clone``). With a 15 s song and one 4 s clip the plan made two shots of 7.7 and 7.3 s, each from the
clip's start: the clip played to 3.95 s and then stood still for 3.7 s, twice (s54-kinds2).

Here a clip shot that needs more footage than its clip has after its in-point first starts earlier in its clip where
the clip then holds it (a shot that plays on from the one before, ``m.reframe``, only where its in-point leaves less
than ``MIN_PART_MS``); else it is cut into parts of about equal length, as few as fit the footage (or one more where
that puts every cut on a beat), each cut moved to a beat within ``SNAP_MS``: the clip plays, then plays again from
its start mirrored left to right (``m.mirror``, as ``clip_spans_apart`` shows a moment again), and so on; each part
after the first continues its showing (``m.reframe``), with a hard cut. A dissolve plays the shots on either side
of its cut over each other (``render.accents``), so the clip shot after it starts earlier in its clip and the one
before it plays on: the first part counts the dissolve into it, and where the last does not hold the dissolves
into and out of it, they are shortened (a hard cut under ``MIN_DISSOLVE_MS``). A clip shorter than ``MIN_PART_MS``
is left as planned (parts that short would flicker).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ...protocol import Segment
from .accents import ACCENT_KEYS
from .clip_spans_apart import mirrored

FRAME_MS = 34  # a clip's last frame may show this long (one frame at 30 fps): it is still playing
MIN_DISSOLVE_MS = 200  # a dissolve shorter than this reads as a glitch: a hard cut instead
MIN_PART_MS = 1000  # a part cut on a beat lasts at least this long
SNAP_MS = 300  # a part's cut moves this far at most to land on a beat
STARTS_ONLY = frozenset({*ACCENT_KEYS, "fade_in_ms"})  # what belongs to a shot's first frame: not its later parts


def within_footage(shots: Sequence[Segment], lengths: Mapping[str, int], beats: Sequence[int] = ()) -> list[Segment]:
    """``shots`` (the visuals lane, its transitions set) with each clip shot (``lengths``: each clip's length, ms, by
    media id) that needs more than its clip's footage after its in-point (its length, and the halves of the dissolves
    into it and into the next shot that it plays under: ``blend_tail_ms``) split as the module says, its cuts on ``beats`` (ms)
    where one falls in the part's last second; the other shots as they are.

    >>> lane = [Segment(start_ms=0, duration_ms=7700, src="clip", in_ms=0, meta={})]
    >>> [(s.start_ms, s.duration_ms, s.in_ms, s.meta.get("mirror")) for s in within_footage(lane, {"clip": 4000})]
    [(0, 3850, 0, None), (3850, 3850, 0, True)]
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
    earlier in its clip, from its start at the earliest). The cuts between the parts are hard ones (``_cuts``)."""
    in_ms = shot.in_ms or 0
    if not shot.meta.get("reframe") or length - in_ms < MIN_PART_MS:  # a shot playing on from the one before goes on
        in_ms = min(in_ms, max(length - shot.duration_ms, 0))
    start, end, flip = shot.start_ms, shot.start_ms + shot.duration_ms, mirrored(shot)
    first = length - max(in_ms, lead) if end - start > length - in_ms + FRAME_MS else length - in_ms
    bounds = [start, *_cuts(start, end, (first, length), beats), end]
    return [
        _part(shot, a, b, in_ms if n == 0 else 0, flip != (n % 2 == 1), first=n == 0)
        for n, (a, b) in enumerate(itertools.pairwise(bounds))
    ]


def _cuts(start: int, end: int, room: tuple[int, int], beats: Sequence[int]) -> list[int]:
    """Where a shot from ``start`` to ``end`` is cut so that its parts fit the footage (``room``: the first part's,
    each other's, ms): into as few parts as that takes, or one more, of about equal length, every cut on a beat
    (within ``SNAP_MS`` of where it would fall); else into as few, cut where they fall."""
    first, rest = room
    if end - start <= first + FRAME_MS or first <= 0:
        return []
    fewest = 2 + max(end - start - FRAME_MS - first - rest, 0) // rest
    cuts: list[int] = []
    for count, on_beats in ((fewest, True), (fewest + 1, True), (fewest, False)):
        cuts, at = [], start
        for left in range(count, 1, -1):
            lowest, highest = end - (left - 1) * rest - FRAME_MS, at + (first if at == start else rest)
            ideal = min(max(at + (end - at) // left, lowest), highest)
            near = [b for b in beats if abs(b - ideal) <= SNAP_MS and max(lowest, at + MIN_PART_MS) <= b <= highest]
            if not near and on_beats:
                break
            at = min(near, key=lambda b: abs(b - ideal)) if near else ideal
            cuts.append(at)
        if len(cuts) == count - 1:
            return cuts
    return cuts


def _part(shot: Segment, start: int, end: int, in_ms: int, flip: bool, *, first: bool) -> Segment:
    """One part of ``shot``: ``start`` to ``end`` of the lane, from ``in_ms`` of its clip, mirrored where ``flip``."""
    meta = {k: v for k, v in shot.meta.items() if k != "mirror" and (first or k not in STARTS_ONLY)}
    meta |= ({"mirror": True} if flip else {}) | ({} if first else {"reframe": 1})
    return replace(shot, start_ms=start, duration_ms=end - start, in_ms=in_ms, meta=meta)
