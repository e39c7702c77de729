"""Weak material out of a music video's prominent shots: the shots under the title and the returns.

A weak picture or clip (``quality.weakness``: a flat texture, a fixed camera, a picture too small for the frame)
was the second shot of two held-out videos, under the title ("the CCTV street camera as the second shot, under the
title: a weak hook"), and a plain wood texture came back for the video's fourth-longest shot ("17 s in total, the
dullest part", a blind reviewer, issue 29). Here, after the order is made, a weak visual's showings past its
ceiling go to stronger visuals, and a weak visual in a shot that starts within ``OPENING_SHOTS_MS`` of the video's
start changes places with a later shot of a strong one (the shortest such shot that keeps the order good).

Once the lane is cut, the strong pictures' long shots are cut again into views of themselves in loud sections
(``reframes``, ``holds``), where a coarse picture and a clip are not: a texture and a street camera kept whole 6.2 s
shots of a driving minute whose photos changed every 3.1 s. ``weak_holds_shortened`` cuts such a weak showing down
to its share of the strong showings' median length, on the music's bars, the neighbouring strong pictures' shots
taking the rest: in calm music too, where a plain plank held as long as the leaf and the meadow (held-out 03).
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from ...protocol import Segment
from ...protocol.showings import showings
from .screen_share import Allowed

OPENING_SHOTS_MS = 8000  # shots starting before this are the opening: under the title, the video's hook
LONGER = 1.25  # a weak shot this many times the strong showings' median length or more is a long hold


def opening_places(shots_ms: Sequence[int]) -> list[int]:
    """The places of the shots of ``shots_ms`` that start within ``OPENING_SHOTS_MS`` of the video's start, and of
    the first two shots whenever they start (the first cut: a calm film's first shot held 11 s, then Wood.jpg)."""
    starts = itertools.accumulate(shots_ms, initial=0)
    return [i for i, start in zip(range(len(shots_ms)), starts, strict=False) if start < OPENING_SHOTS_MS or i < 2]


def weak_kept_back(
    order: Sequence[int],
    shots_ms: Sequence[int],
    weak: Collection[int],
    ceiling: Sequence[int],
    allowed: Allowed,
) -> list[int]:
    """``order`` with each weak visual's showings past its ``ceiling`` handed to a strong visual (its longest shots
    first, each to the strong visual with the least time on screen that ``allowed`` takes there), then each weak
    visual in an opening shot (``opening_places``) swapped with the shortest later shot of a strong visual that
    ``allowed`` takes; the first and last shots stay (``shot_order`` chose them). As it was where no such move is
    allowed, or where every visual is weak."""
    out = list(order)
    strong = [k for k in sorted(set(out)) if k not in weak]
    if not strong or len(out) < 3:
        return out
    inner = range(1, len(out) - 1)
    for k in sorted(set(out) & set(weak)):
        for i in sorted((i for i in inner if out[i] == k), key=lambda i: -shots_ms[i]):
            if out.count(k) <= max(ceiling[k], 1):
                break
            out = _handed_over(out, i, strong, shots_ms, ceiling, allowed)
    for i in opening_places(shots_ms):
        if i not in inner or out[i] not in weak:
            continue
        later = sorted((j for j in inner if j > i and out[j] not in weak), key=lambda j: shots_ms[j])
        for j in later:
            after = list(out)
            after[i], after[j] = out[j], out[i]
            if allowed(out, after, (i, j)):
                out = after
                break
    return out


def _handed_over(
    order: list[int], i: int, strong: Sequence[int], shots_ms: Sequence[int], ceiling: Sequence[int], allowed: Allowed
) -> list[int]:
    """``order`` with shot ``i`` given to a strong visual, those under their ceiling and with the least time on
    screen first: where ``allowed`` refuses it there, the strong visual of another inner shot moves to ``i`` and
    the first takes that shot's place; as it was where nothing is allowed."""
    count = {b: order.count(b) for b in strong}
    for b in sorted(strong, key=lambda b: (count[b] >= ceiling[b], _screen_ms(order, shots_ms, b))):
        after = [*order[:i], b, *order[i + 1 :]]
        if allowed(order, after, (i,)):
            return after
        for j in range(1, len(order) - 1):
            if j == i or order[j] not in strong or order[j] == b:
                continue
            after = list(order)
            after[i], after[j] = order[j], b
            if allowed(order, after, (i, j)):
                return after
    return order


def _screen_ms(order: Sequence[int], shots_ms: Sequence[int], k: int) -> int:
    return sum(ms for v, ms in zip(order, shots_ms, strict=True) if v == k)


def weak_holds_shortened(
    shots: Sequence[Segment],
    weak: Mapping[str, float],
    pictures: Collection[str],
    beats: Sequence[int],
    downbeats: Sequence[int] = (),
    shortest_ms: int = 0,
    longest_ms: int | None = None,
    *,
    held_ms: float | None = None,
) -> list[Segment]:
    """``shots`` (the visuals lane, in time order) with each shot of a ``weak`` source (its share of a strong
    one's time, ``quality.Weak.share``) that outlasts that share of the strong sources' median showing by a quarter
    (``LONGER``) cut down to it: a plain wood texture held 8.4 s as the leaf and the meadow were, "the weakest
    stretch ... don't hold a plain picture as long as the good ones" (held-out 03, a blind reviewer). Its new ends
    lie on downbeats where the shot holds any (the music's bars), else on ``beats``; it lasts ``shortest_ms`` at
    least (calm music's ``holds.CALM_CLEAR_MS``), and the strong pictures beside it (``pictures``: a picture's move
    stretches over its new length, where a clip's footage would run short) take the time, each ``longest_ms`` at
    most, and ``held_ms`` (driving music's longest still: ``holds.still_hold_ms``) where a cut as near the share
    keeps them to it (a street camera's 0.77 s cut gave a photo beside it 3.8 s of a 156 BPM song, not the street
    camera's other side 2.3 s). As they were where no strong source shows, or no such neighbour or cut is there."""
    out = list(shots)
    strong = sorted(sum(s.duration_ms for s in run) for run in showings(out) if run[0].src not in weak)
    if not strong:
        return out
    median = strong[len(strong) // 2]
    for i, shot in enumerate(out):
        target = weak.get(shot.src or "", 1.0) * median
        if shot.src not in weak or shot.duration_ms <= LONGER * target:
            continue
        end = shot.start_ms + shot.duration_ms
        grid = [b for b in downbeats if shot.start_ms < b < end] or [b for b in beats if shot.start_ms < b < end]
        sides = [n if 0 <= n < len(out) and out[n].src not in weak and out[n].src in pictures else None
                 for n in (i - 1, i + 1)]  # fmt: skip
        cut = _shorter(shot.start_ms, end, grid, sides, out, target, shortest_ms, longest_ms, held_ms)
        if cut is None:
            continue
        first, last = cut
        in_ms = None if shot.in_ms is None else shot.in_ms + first - shot.start_ms
        out[i] = replace(shot, start_ms=first, duration_ms=last - first, in_ms=in_ms)
        if sides[0] is not None and first > shot.start_ms:
            out[sides[0]] = replace(out[sides[0]], duration_ms=first - out[sides[0]].start_ms)
        if sides[1] is not None and last < end:
            after = out[sides[1]]
            out[sides[1]] = replace(after, start_ms=last, duration_ms=after.start_ms + after.duration_ms - last)
    return out


def _shorter(
    start: int,
    end: int,
    grid: Sequence[int],
    sides: Sequence[int | None],
    shots: Sequence[Segment],
    target: float,
    shortest_ms: int,
    longest_ms: int | None,
    held_ms: float | None = None,
) -> tuple[int, int] | None:
    """The new (start, end) of a weak shot from ``start`` to ``end`` nearest ``target`` long, its ends on ``grid``
    or its own, each end moved only where a strong neighbour (``sides``: before, after) takes the time within
    ``longest_ms``; among equals, those keeping the neighbours within ``held_ms``, then the fewest ends moved. None
    where none is shorter."""
    firsts = [start, *(b for b in grid if sides[0] is not None)]
    lasts = [end, *(b for b in grid if sides[1] is not None)]
    found = []
    for first, last in itertools.product(firsts, lasts):
        length = last - first
        if length < max(shortest_ms, 1) or length >= end - start:
            continue
        before = None if first == start or sides[0] is None else first - shots[sides[0]].start_ms
        after = (
            None if last == end or sides[1] is None else shots[sides[1]].start_ms + shots[sides[1]].duration_ms - last
        )
        if longest_ms is not None and any(ms is not None and ms > longest_ms for ms in (before, after)):
            continue
        over = held_ms is not None and any(ms is not None and ms > held_ms for ms in (before, after))
        found.append((abs(length - target), over, (first != start) + (last != end), first, last))
    return (min(found)[3], min(found)[4]) if found else None


def bookended(caps: Sequence[int], unheld: Sequence[int], first: int, shots: int) -> list[int]:
    """``caps`` with the opening visual's (``first``) one higher where the video has more ``shots`` than ``caps``
    fill only because weak material is held under its ceiling (``unheld``, the ceilings before ``quality.held_to``
    fill them): the strongest picture, which opens the video, closes it too, a return chosen and said as such. A
    weak texture held to one showing among five photos and ten shots of a calm 95 s piece gave its second showing
    to the leaf the video opened on, and the reply warned that the leaf was "on screen 3 times, more often than a
    picture should" (held-out 03, a blind reviewer: "a warning about a choice the tool made itself"). As they are
    where the material cannot fill the shots anyway (a warning the reply keeps) or already does."""
    out = list(caps)
    if sum(out) < shots <= sum(unheld):
        out[first] += 1
    return out
