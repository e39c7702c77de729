"""Weak material out of a music video's prominent shots: the shots under the title and the returns.

A weak picture or clip (``quality.weakness``: a flat texture, a fixed camera, a picture too small for the frame)
was the second shot of two held-out videos, under the title ("the CCTV street camera as the second shot, under the
title: a weak hook"), and a plain wood texture came back for the video's fourth-longest shot ("17 s in total, the
dullest part", a blind reviewer, issue 29). Here, after the order is made, a weak visual's showings past its
ceiling go to stronger visuals, and a weak visual in a shot that starts within ``OPENING_SHOTS_MS`` of the video's
start changes places with a later shot of a strong one (the shortest such shot that keeps the order good).

Once the lane is cut, the strong pictures' long shots are cut again into views of themselves in loud sections
(``reframes``, ``holds``), where a coarse picture and a clip are not: a texture and a street camera kept whole 6.2 s
shots of a driving minute whose photos changed every 3.1 s. ``weak_holds_shortened`` ends such a weak showing on the
beat nearest the strong showings' median length, the neighbouring strong picture's shot taking the rest.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence
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
    shots: Sequence[Segment], weak: Collection[str], pictures: Collection[str], beats: Sequence[int]
) -> list[Segment]:
    """``shots`` (the visuals lane, in time order) with each shot of a ``weak`` source that outlasts the median
    showing of the strong sources by a quarter (``LONGER``) ended on the beat nearest that median (``beats``, ms; a
    beat in), the shot after it starting there, or else the shot before it ending there, where that shot is of a
    strong picture (``pictures``: a picture's move stretches over its new length, where a clip's footage would run
    short). As they were where no strong source shows, or no such neighbour or beat is there."""
    out = list(shots)
    strong = sorted(sum(s.duration_ms for s in run) for run in showings(out) if run[0].src not in weak)
    if not strong:
        return out
    median = strong[len(strong) // 2]
    for i, shot in enumerate(out):
        end = shot.start_ms + shot.duration_ms
        if shot.src not in weak or shot.duration_ms <= LONGER * median:
            continue
        inside = [b for b in beats if shot.start_ms < b < end]
        for n in (i + 1, i - 1):
            neighbour = out[n] if 0 <= n < len(out) else None
            if not inside or neighbour is None or neighbour.src in weak or neighbour.src not in pictures:
                continue
            if n > i:
                cut = min(inside, key=lambda b: abs(b - shot.start_ms - median))
                out[i] = replace(shot, duration_ms=cut - shot.start_ms)
                out[n] = replace(neighbour, start_ms=cut, duration_ms=neighbour.duration_ms + end - cut)
            else:
                cut = min(inside, key=lambda b: abs(end - b - median))
                in_ms = None if shot.in_ms is None else shot.in_ms + cut - shot.start_ms
                out[i] = replace(shot, start_ms=cut, duration_ms=end - cut, in_ms=in_ms)
                out[n] = replace(neighbour, duration_ms=cut - neighbour.start_ms)
            break
    return out


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
