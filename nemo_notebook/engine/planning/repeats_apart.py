"""A picture's return as far from its other showings as the order allows: the last pass over a music video's shot
order.

Held-out 03 (ten shots of five photos under a calm 95 s piece) brought the leaf back 23 s after its first showing,
and a blind reviewer noticed ("keep a second showing of the same picture well apart from the first"); the same ten
shots in another order keep every return 28 s or more apart, the leaf's middle showing 31.7 s after its first and
31.6 s before its last. The visuals of the inner shots move while that lengthens the shortest rest between two
showings of one visual (``rests_ms``; then the next shortest, and so on): in a video of at most ``SEARCHED_UP_TO``
shots every order is searched (``_searched``), then single moves are tried (a swap, a showing moved a few places
on, or in a video of at most ``colour_joins.TWO_SWAPS_UP_TO`` shots two swaps at once). A new order is kept only
where the order's other rules take it (``allowed``: ``shot_order``'s spacing, no replays, no weak picture under the
title, no visual beside itself), it has no more joins of one colour nor of clashing colours (``colour_joins``) and
every visual keeps its time on screen within ``SCREEN_TIME_CHANGE`` (a weak one gains none, unless its shots stay
shorter than most).
Then, held-out 03 having replayed its opening pair (A then B) at its midpoint, a loop to a blind
reviewer, a search (``_fewest_pairs``, up to ``SEARCH_STEPS`` places) and then the same moves lessen the pairs shown
again in the same order (``pairs_again``), then the joins of two visuals met before (``joins_again``), then lengthen
the rests, while the shortest rest stays at least ``REST_KEPT`` of the longest found, no visual comes back within
``REPEAT_GAP`` shots where it did not, and ``allowed`` takes the change (five pictures over twenty shots of 6-11 s,
eight draws: 31 pairs again before, 18 so; ``tests/planning/test_pairs_not_replayed.py``).
The first and last shots stay (the picture the video opens and closes on). Only a video of long shots
(``LONG_SHOT_MS``, ``LONG_SHOTS_UP_TO``) is reordered: in a fast cut, returns as far apart as possible make the
sources come round in a fixed order (``tests/planning/test_accents.py``).
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from typing import Any

from .colour_joins import TWO_SWAPS_UP_TO, clash_joins, same_colour_joins
from .screen_share import Allowed

LONG_SHOT_MS = 5000  # shots this long on average (calm music's) are each seen as a picture a viewer remembers; ...
LONG_SHOTS_UP_TO = 24  # ... in a video of this many shots or fewer (a faster cut's quick returns are its pace)
SCREEN_TIME_CHANGE = 0.2  # a visual's time on screen changes by at most this share of it
SEARCHED_UP_TO = 12  # shots: in a video of this many or fewer (a calm film's), every order is searched, ...
SEARCH_STEPS = 50_000  # ... up to this many places tried
REPEAT_GAP = 3  # shot_order's rule, with many sources: none back within this many shots where it was not, ...
REPEAT_MS = 8000  # ... nor within this long of its last shot where another one can fill it
REST_KEPT = 0.8  # a pair not shown again may shorten the shortest rest to this share of the longest found


def repeats_apart(
    order: Sequence[int],
    shots_ms: Sequence[int],
    hues: Sequence[float | None],
    weak: Collection[int],
    allowed: Allowed,
) -> list[int]:
    """``order`` with inner shots' visuals moved while the rests between showings of one visual (``rests_ms``,
    shortest first) grow and ``allowed`` takes the change, then while fewer pairs and joins come again
    (``pairs_again``, ``joins_again``) and ``allowed`` still takes it; as it was where no move does."""
    out = list(order)
    if len(out) > LONG_SHOTS_UP_TO or sum(shots_ms) < LONG_SHOT_MS * len(out):
        return out
    if len(out) <= SEARCHED_UP_TO and all(a != b for a, b in itertools.pairwise(out)):
        out = _searched(out, shots_ms, hues, weak, allowed)
    inner = range(1, len(out) - 1)
    swaps = [{i: j, j: i} for i, j in itertools.combinations(inner, 2)]
    moves = swaps + [_rotated(i, j, step) for i, j in itertools.combinations(inner, 2) if j - i > 1 for step in (1, -1)]
    if len(out) <= TWO_SWAPS_UP_TO:
        moves += [{**a, **b} for a, b in itertools.combinations(swaps, 2) if not a.keys() & b.keys()]
    rests = _improved(out, moves, lambda o: rests_ms(o, shots_ms), lambda o: True, shots_ms, hues, weak, allowed)
    floor_ms = REST_KEPT * min(rests_ms(rests, shots_ms), default=0)
    unpaired = _fewest_pairs(rests, shots_ms, hues, weak, allowed, floor_ms) if pairs_again(rests) else rests
    return _improved(
        unpaired,
        moves,
        lambda o: (-pairs_again(o), -joins_again(o), rests_ms(o, shots_ms)),
        lambda o: min(rests_ms(o, shots_ms), default=0) >= floor_ms,
        shots_ms,
        hues,
        weak,
        allowed,
    )


def _fewest_pairs(
    order: list[int],
    shots_ms: Sequence[int],
    hues: Sequence[float | None],
    weak: Collection[int],
    allowed: Allowed,
    floor_ms: float,
) -> list[int]:
    """The order of ``order``'s inner visuals (each as often) with the fewest ``pairs_again`` (then ``joins_again``,
    then the longest rests), no rest under ``floor_ms``, none back within ``REPEAT_GAP`` shots where it was not,
    taken by ``allowed`` and ``fair``, with no more colour joins: a search that drops an order once it replays
    more pairs than the best found, stopping after ``SEARCH_STEPS`` places tried; ``order`` where none is better."""
    starts = list(itertools.accumulate(shots_ms, initial=0))
    colours, left = _colour_joins(order, hues), Counter(order[1:-1])
    gap = {k: REPEAT_GAP if spacing(order, k) > REPEAT_GAP else 0 for k in left}

    def key(o: list[int]) -> tuple[int, int, list[int]]:
        return -pairs_again(o), -joins_again(o), rests_ms(o, shots_ms)

    best, trial, steps = (key(order), order), list(order), 0

    def place(i: int, ended: dict[int, int], seen: set[tuple[int, int]], again: int) -> None:
        nonlocal best, steps
        if i == len(order) - 1:
            again += (trial[i - 1], trial[i]) in seen
            changed = [n for n in range(len(order)) if trial[n] != order[n]]
            fits = _colour_joins(trial, hues) <= colours and fair(order, trial, shots_ms, weak)
            if -again >= best[0][0] and key(trial) > best[0] and fits and allowed(order, trial, changed):
                best = (key(trial), list(trial))
            return
        ready = [
            k
            for k in left
            if left[k]
            and k not in trial[max(i - gap[k], 0) : i]
            and k != trial[i - 1]
            and starts[i] - ended.get(k, -starts[-1]) >= floor_ms
        ]
        for k in sorted(ready, key=lambda k: ((trial[i - 1], k) in seen, ended.get(k, -starts[-1]))):
            steps += 1
            now = again + ((trial[i - 1], k) in seen)
            if steps > SEARCH_STEPS or -now < best[0][0] or (i == len(order) - 2 and k == trial[-1]):
                continue
            left[k] -= 1
            trial[i] = k
            place(i + 1, {**ended, k: starts[i + 1]}, seen | {(trial[i - 1], k)}, now)
            left[k] += 1
        trial[i] = order[i]

    place(1, {order[0]: starts[1]}, set(), 0)
    return best[1]


def spacing(order: Sequence[int], k: int) -> int:
    """The fewest shots from one showing of ``k`` to its next in ``order`` (its length where it shows once)."""
    places = [i for i, v in enumerate(order) if v == k]
    return min((b - a for a, b in itertools.pairwise(places)), default=len(order))


def _improved(
    order: list[int],
    moves: Sequence[dict[int, int]],
    key: Callable[[list[int]], Any],
    kept: Callable[[list[int]], bool],
    shots_ms: Sequence[int],
    hues: Sequence[float | None],
    weak: Collection[int],
    allowed: Allowed,
) -> list[int]:
    """``order`` moved (``moves``, the best by ``key`` first) while a move raises ``key``, ``kept`` and ``allowed``
    take it, the time on screen stays fair (``fair``) and it has no more colour joins; as it was where none does."""
    out = order
    for _ in range(len(out)):
        colours, here = _colour_joins(out, hues), key(out)
        found = []
        for move in moves:
            after = list(out)
            for place, source in move.items():
                after[place] = out[source]
            if after == out or not fair(out, after, shots_ms, weak) or _colour_joins(after, hues) > colours:
                continue
            better = key(after)
            if better > here and kept(after):
                found.append((better, sorted(move), after))
        found.sort(key=lambda f: f[0], reverse=True)
        chosen = next((after for _, places, after in found if allowed(out, after, places)), None)
        if chosen is None:
            return out
        out = chosen
    return out


def pairs_again(order: Sequence[int]) -> int:
    """How many times two different visuals side by side in ``order`` come again in the same order (a visual in two
    shots side by side is one showing): held-out 03 replayed its opening pair at its midpoint, a loop."""
    pairs = list(itertools.pairwise(k for k, _ in itertools.groupby(order)))
    return len(pairs) - len(set(pairs))


def joins_again(order: Sequence[int]) -> int:
    """How many times two different visuals meet again at a cut of ``order``, in either order."""
    pairs = [frozenset(pair) for pair in itertools.pairwise(k for k, _ in itertools.groupby(order))]
    return len(pairs) - len(set(pairs))


def rests_ms(order: Sequence[int], shots_ms: Sequence[int]) -> list[int]:
    """The time (ms) from the end of each showing of a visual to its next, for every visual, shortest first."""
    starts = list(itertools.accumulate(shots_ms, initial=0))
    ended: dict[int, int] = {}  # each visual's last showing's end so far (ms)
    out = []
    for i, k in enumerate(order):
        if k in ended and order[i - 1] != k:  # a visual in shots side by side is one showing
            out.append(starts[i] - ended[k])
        ended[k] = starts[i + 1]
    return sorted(out)


def _rotated(first: int, last: int, step: int) -> dict[int, int]:
    """The move that takes each visual from ``first`` to ``last`` one place on (``step`` 1) or back (-1), the one at
    the end to the other end: a showing moved across a few shots, the others between closing up."""
    places = list(range(first, last + 1))
    return {place: places[(n - step) % len(places)] for n, place in enumerate(places)}


def fair(before: Sequence[int], after: Sequence[int], shots_ms: Sequence[int], weak: Collection[int]) -> bool:
    """Whether each visual keeps its time on screen within ``SCREEN_TIME_CHANGE`` of it, and a weak one
    (``quality.weakness``) gains none, or only in shots shorter than most (held-out 03's plain wood, 8.31 -> 8.44 s
    among shots of 6.4-11.6 s)."""
    was, now = _screen_ms(before, shots_ms), _screen_ms(after, shots_ms)
    most = statistics.median(shots_ms)
    return all(
        abs(now[k] - ms) <= SCREEN_TIME_CHANGE * ms
        and (k not in weak or now[k] <= ms or all(shots_ms[i] < most for i, v in enumerate(after) if v == k))
        for k, ms in was.items()
    )


def _screen_ms(order: Sequence[int], shots_ms: Sequence[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for k, ms in zip(order, shots_ms, strict=True):
        out[k] = out.get(k, 0) + ms
    return out


def _searched(
    order: list[int],
    shots_ms: Sequence[int],
    hues: Sequence[float | None],
    weak: Collection[int],
    allowed: Allowed,
) -> list[int]:
    """The order of ``order``'s inner visuals (each as often) whose rests (``rests_ms``) are longest, no visual beside
    itself, taken by ``allowed`` and ``fair``, with no more colour joins: a search that drops any order whose rests
    so far already fall short of the best found, stopping after ``SEARCH_STEPS`` places tried."""
    starts = list(itertools.accumulate(shots_ms, initial=0))
    colours, left = _colour_joins(order, hues), Counter(order[1:-1])
    best = (rests_ms(order, shots_ms), order)
    trial, steps = list(order), 0

    def place(i: int, ended: dict[int, int]) -> None:
        nonlocal best, steps
        if i == len(order) - 1:
            rests = rests_ms(trial, shots_ms)
            changed = [n for n in range(len(order)) if trial[n] != order[n]]
            fits = _colour_joins(trial, hues) <= colours and fair(order, trial, shots_ms, weak)
            if rests > best[0] and fits and allowed(order, trial, changed):
                best = (rests, list(trial))
            return
        shortest = best[0][0] if best[0] else 0
        ready = [k for k in left if left[k] and k != trial[i - 1] and starts[i] - ended.get(k, -starts[-1]) >= shortest]
        for k in sorted(ready, key=lambda k: ended.get(k, -starts[-1])):
            steps += 1
            if steps > SEARCH_STEPS or (i == len(order) - 2 and k == trial[-1]):
                continue
            left[k] -= 1
            trial[i] = k
            place(i + 1, {**ended, k: starts[i + 1]})
            left[k] += 1

    place(1, {order[0]: starts[1]})
    return best[1]


def _colour_joins(order: Sequence[int], hues: Sequence[float | None]) -> tuple[int, int]:
    return same_colour_joins(order, hues), clash_joins(order, hues)
