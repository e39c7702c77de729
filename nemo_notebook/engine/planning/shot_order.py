"""Which picture or clip fills each shot of a music video.

Every visual has a share of the shots (its weight) and a ceiling (``material.most_shows``: how often a viewer takes
the same picture, how many distinct stretches a clip has). Where a visual's share would pass its ceiling (five
photos among two clips: each photo's equal share was 7-9 shots of a driving minute), it is held to the ceiling and
its shots are placed at even times across the video; the others share the shots left, as before. Where the
ceilings add up to fewer shots than the video has, each is raised in proportion and the visuals share the shots
by it, and those shown more often than their ceiling are named in the reply (``agent.repeats``).

When the material runs out and comes again, it comes in another order: a visual held to its ceiling comes once a
period, each period in an order that puts as few visuals beside a neighbour they had in the period before as it can,
and every shot goes where it can to a visual not yet seen beside the one before it (five photos and two clips in a
driving minute replayed the first half's order in the second, "the same sequence of shots repeats").
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Collection, Sequence

from .colour_joins import colours_apart
from .prominence import opening_places, weak_kept_back
from .repeats_apart import (
    LONG_SHOT_MS,
    LONG_SHOTS_UP_TO,
    REPEAT_GAP,
    REPEAT_MS,
    pairs_again,
    repeats_apart,
    spacing,
)
from .screen_share import even_screen_time
from .varied_order import rest_ms, runs_again, varied

ORDER_TRIES = 64  # shuffles tried for a period's order of the held visuals
ALL_ORDERS = 6  # with this many held visuals or fewer, every order is tried
PAIR_REPLAYS_FOR_TIME = 1  # two visuals side by side again, once, to share the time on screen evenly


def shot_order(
    kinds: int,
    shots_ms: Sequence[int],
    rng: random.Random,
    weights: Sequence[float] | None = None,
    first: int | None = None,
    caps: Sequence[int] | None = None,
    weak: Collection[int] = (),
    clips: Collection[int] = (),
    hues: Sequence[float | None] = (),
) -> list[int]:
    """The visual (an index below ``kinds``) that fills each shot of ``shots_ms``.

    Parameters
    ----------
    kinds : how many visuals there are.
    shots_ms : the shots' lengths, in order.
    rng : the plan's random draws.
    weights : each visual's share against an unweighted one's (1 for all where None).
    first : the visual of the first shot (the strongest picture), where given; the last shot too, where it comes
        back and its last showing can be moved there.
    caps : the most shots each visual should fill (``material.most_shows``); None: no ceiling.
    weak : visuals that neither open nor close the video where another can (``quality.weakness``).
    clips : the visuals that are clips: their time on screen is not evened with the pictures' (``screen_share``).
    hues : each visual's colour (``colour_joins.hue_of``), two of one colour kept apart where they can be.

    Returns
    -------
    One index a shot. A visual held to its ceiling comes at even times (from a random start, the visuals so held
    spread over the period); the others fill the rest as ``_fair_choice`` draws them.
    """
    weight = [max(w, 0.1) for w in weights] if weights else [1.0] * kinds
    ceiling = list(caps) if caps else [len(shots_ms)] * kinds
    held = _held(weight, ceiling, len(shots_ms))
    if sum(ceiling) < len(shots_ms):  # the material cannot fill the video: all share it in proportion to their ceiling
        weight = [kinds * c / sum(ceiling) for c in ceiling]
        ceiling, held = _stretched(ceiling, len(shots_ms), first), set()
    total_ms = sum(shots_ms)
    due = _due_times(held, ceiling, total_ms, rng)
    free = [k for k in range(kinds) if k not in held]
    # as many shots apart as there are sources of its weight: 3 equal sources rotate, a clip weighted 2 can come
    # back every other shot, one weighted 0.5 leaves the pictures room to come back sooner
    free_weight = sum(weight[k] for k in free)
    gaps = [REPEAT_GAP if k in held else _gap(free_weight, weight[k]) for k in range(kinds)]
    chooser = _FairChoice(free, weight, gaps, ceiling, rng)
    out: list[int] = []
    elapsed = 0
    for n, ms in enumerate(shots_ms):
        # the held visuals' last showings before the video ends, where their due times fell in its last shots
        late = sum(map(len, due.values())) >= len(shots_ms) - n
        k = _next_due(due, out, gaps, total_ms if late else elapsed + ms // 2, chooser.neighbours)
        k = k if k is not None else chooser.choose(out, elapsed, ms)
        k = first if first is not None and not out else k
        if due.get(k):
            due[k].pop(0)
        chooser.shown(k, ms, elapsed + ms, out[-1] if out else None)
        out.append(k)
        elapsed += ms
    out = _unreplayed(out, keep_first=first is not None)
    out = _closing(_ends_strong(out, weak, keep_first=first is not None), first)
    # weak material the shortest shots, whatever its share: a weak clip's many moments made it the strongest
    rank = [0.5 * min(weight) if k in weak else weight[k] for k in range(kinds)]
    out = _longest_to_strongest(out, shots_ms, rank)
    pairs = pairs_again(out) + PAIR_REPLAYS_FOR_TIME
    opening = set(opening_places(shots_ms))  # the shots under the title: no move brings weak material there

    def still_good(before: Sequence[int], after: Sequence[int], places: Sequence[int]) -> bool:
        """No visual beside itself at ``places``, none of the changed ones nearer its other showings than it was,
        or than ``REPEAT_GAP`` + 1 shots and ``REPEAT_MS``; no more replays of three, at most ``pairs`` of two."""
        changed = {before[i] for i in places} | {after[i] for i in places}
        spaced = all(spacing(after, k) >= min(spacing(before, k), REPEAT_GAP + 1) for k in changed)
        rested = all(rest_ms(after, shots_ms, k) >= min(rest_ms(before, shots_ms, k), REPEAT_MS) for k in changed)
        replays = runs_again(after) <= runs_again(before) and pairs_again(after) <= pairs
        hook = not any(after[i] in weak and i in opening for i in places)
        return spaced and rested and replays and hook and not _beside_itself(after, places)

    out = weak_kept_back(out, shots_ms, weak, ceiling, still_good)
    out = even_screen_time(out, shots_ms, rank, ceiling, still_good, clips)
    # a long-shot video too long for repeats_apart's search: a varied order, not a fixed cycle (in a fast cut the
    # quick returns are its pace, and a recut's "twice as long" counts its showings as they were laid)
    if len(out) > LONG_SHOTS_UP_TO and sum(shots_ms) >= LONG_SHOT_MS * len(out):
        out = varied(out, shots_ms, hues, weak, still_good, rng)
    if not hues:
        return out
    out = colours_apart(out, shots_ms, hues, weak, still_good)
    return repeats_apart(out, shots_ms, hues, weak, still_good)


def _unreplayed(order: list[int], *, keep_first: bool) -> list[int]:
    """``order`` with two shots side by side swapped, as long as a swap leaves fewer ``runs_again`` (or as many and
    fewer ``pairs_again``) and neither visual nearer its other showings than it was or ``REPEAT_GAP`` shots:
    three different visuals in an order shown before (a photo between two clips, held photos at the same place in
    each period), or two, are a replay a viewer notices where the chooser alone could not avoid it."""
    out = list(order)
    for _ in range(len(out)):
        count = runs_again(out), pairs_again(out)
        if not any(count):
            return out
        for j in range(1 if keep_first else 0, len(out) - 1):
            swapped = [*out[:j], out[j + 1], out[j], *out[j + 2 :]]
            after = runs_again(swapped), pairs_again(swapped)
            # a pair again is a smaller fault than three: undone only where neither comes back any sooner
            least = REPEAT_GAP + 1 if after[0] < count[0] else len(out)
            kept = all(spacing(swapped, k) >= min(spacing(out, k), least) for k in out[j : j + 2])
            if kept and after < count:
                out = swapped
                break
        else:
            return out
    return out


def _longest_to_strongest(order: list[int], shots_ms: Sequence[int], weight: Sequence[float]) -> list[int]:
    """``order`` with the visuals of two shots swapped wherever a visual weighted less (weak material:
    ``quality.weakness``) has a longer shot than one weighted more, and the swap leaves neither nearer its other
    showings than it was or ``REPEAT_GAP`` shots apart (two others between) and adds no ``runs_again``: the weights set the time on screen, not
    only the number of showings (a weak picture's one showing was the video's longest shot). The first and last
    shots stay (the strong material the video opens and closes on)."""
    out = list(order)
    replays = runs_again(out)
    for i, j in itertools.combinations(range(1, len(out) - 1), 2):
        a, b = out[i], out[j]
        if (weight[a] - weight[b]) * (shots_ms[i] - shots_ms[j]) >= 0:
            continue  # the stronger already has the longer shot (or they weigh or last the same)
        swapped = list(out)
        swapped[i], swapped[j] = b, a
        spaced = all(spacing(swapped, k) >= min(spacing(out, k), REPEAT_GAP) for k in (a, b))
        if spaced and not _beside_itself(swapped, (i, j)) and runs_again(swapped) <= replays:
            out = swapped
    return out


def _ends_strong(order: list[int], weak: Collection[int], *, keep_first: bool) -> list[int]:
    """``order`` with a weak visual at its first or last shot swapped with the nearest shot of another visual that
    leaves no visual next to itself (the video opens and closes on good material); as it was where none can."""
    out = list(order)
    ends = ([] if keep_first else [0]) + ([len(out) - 1] if len(out) > 1 else [])
    for end in ends:
        if out[end] not in weak:
            continue
        for j in sorted(range(len(out)), key=lambda j: abs(j - end)):
            swapped = list(out)
            swapped[end], swapped[j] = out[j], out[end]
            if swapped[end] not in weak and not _beside_itself(swapped, (end, j)):
                out = swapped
                break
    return out


def _closing(order: list[int], first: int | None) -> list[int]:
    """``order`` closing on the visual it opens on where that was given (the strongest picture) and comes back
    later: its last showing moved to the last shot (the shots after it each one earlier), or swapped with the last
    shot, whichever leaves no visual next to itself."""
    later = [j for j in range(1, len(order) - 1) if order[j] == first]
    if first is None or not later or order[-1] == first:
        return order
    j = later[-1]
    moved = [*order[:j], *order[j + 1 :], first]
    swapped = list(order)
    swapped[j], swapped[-1] = order[-1], first
    for out in (moved, swapped):
        if not _beside_itself(out, range(j, len(out))):
            return out
    return order


def _beside_itself(order: Sequence[int], places: Sequence[int]) -> bool:
    """Whether a visual at one of ``places`` fills the shot before or after it too."""
    return any(order[i] == order[n] for i in places for n in (i - 1, i + 1) if 0 <= n < len(order) and n != i)


def _stretched(ceiling: list[int], shots: int, first: int | None = None) -> list[int]:
    """``ceiling`` (adding up to fewer than ``shots``) each raised in proportion, largest remainders first, until they
    add up to ``shots``: each visual comes back as much more often as the others, not all equally often (five
    photos, a 10 s clip and a static camera in a driving minute shared equally: every photo and clip 4-5 times, the
    clip with the most footage as often as the still street); the opening visual (``first``) last among equals, its
    first and last shots being long already."""
    total = sum(ceiling)
    if total <= 0:
        return ceiling
    share = [c * shots / total for c in ceiling]
    out = [math.floor(v) for v in share]
    for k in sorted(range(len(out)), key=lambda k: (k == first, out[k] - share[k]))[: shots - sum(out)]:
        out[k] += 1
    return out


def _gap(total_weight: float, weight: float) -> int:
    return max(0, min(REPEAT_GAP, math.floor(total_weight / weight + 1e-9) - 1))


def _held(weight: Sequence[float], ceiling: Sequence[int], shots: int) -> set[int]:
    """The visuals whose share of ``shots`` (by weight) passes their ceiling once the others take what those held
    leave; none where all of them would be held (the material cannot fill the video: all share as before)."""
    held: set[int] = set()
    while True:
        free = [k for k in range(len(weight)) if k not in held]
        if not free:
            return set()
        per_weight = (shots - sum(ceiling[k] for k in held)) / sum(weight[k] for k in free)
        over = {k for k in free if weight[k] * per_weight > ceiling[k]}
        if not over:
            return held
        held |= over


def _due_times(held: set[int], ceiling: Sequence[int], total_ms: int, rng: random.Random) -> dict[int, list[float]]:
    """When each held visual's shots are due (ms): evenly over the video, the held ones' shots spread over each
    period in an order of its own (``period_orders``) so that they do not come all at once, nor in the same order
    in every period, and none comes back within half a period of its last showing."""
    periods = period_orders(sorted(held), max((ceiling[k] for k in held), default=0), rng)
    offset = {k: rng.random() for k in sorted(held)}  # one for every period: the orders alone move a visual
    return {
        k: [(j + (periods[j].index(k) + offset[k]) / len(held)) * total_ms / ceiling[k] for j in range(ceiling[k])]
        for k in held
    }


def period_orders(items: Sequence[int], periods: int, rng: random.Random) -> list[list[int]]:
    """``periods`` orders of ``items``: the first at random, each next the one of all orders (``ORDER_TRIES``
    shuffles of more than ``ALL_ORDERS`` items) that keeps fewest neighbours of the order before (in either
    direction; its first not the last one's last, so that none comes twice in a row) and moves none more than half
    the order earlier (it would come back within half a period), one drawn at random where several tie; the order
    before again where none does.

    Examples
    --------
    >>> orders = period_orders([0, 1, 2, 3, 4], 2, random.Random(0))
    >>> len(_pairs(orders[0]) & _pairs(orders[1]))
    0
    """
    out = [rng.sample(list(items), len(items))] if periods else []
    while len(out) < periods:
        before = out[-1]
        tries = (
            _all_orders(items, rng)
            if len(items) <= ALL_ORDERS
            else [rng.sample(list(items), len(items)) for _ in range(ORDER_TRIES)]
        )
        near = [order for order in tries if all(2 * (before.index(k) - i) <= len(items) for i, k in enumerate(order))]
        out.append(min([*near, before], key=lambda order: _kept(before, order)))
    return out


def _all_orders(items: Sequence[int], rng: random.Random) -> list[list[int]]:
    """Every order of ``items``, shuffled (so that the first of several as good is drawn at random)."""
    out = [list(order) for order in itertools.permutations(items)]
    rng.shuffle(out)
    return out


def _kept(before: Sequence[int], order: Sequence[int]) -> int:
    """How many neighbours of ``before`` ``order`` keeps, and one more where it opens on ``before``'s last."""
    return len(_pairs(before) & _pairs(order)) + (bool(before) and bool(order) and order[0] == before[-1])


def _pairs(order: Sequence[int]) -> set[frozenset[int]]:
    """The neighbours in ``order``, each pair of visuals side by side once whatever their order."""
    return {frozenset(pair) for pair in itertools.pairwise(order) if pair[0] != pair[1]}


def _next_due(
    due: dict[int, list[float]], out: Sequence[int], gaps: Sequence[int], now_ms: int, neighbours: _Neighbours
) -> int | None:
    """The held visual whose next shot is most overdue at ``now_ms`` (not one seen within its gap), one not yet
    beside the last shot's visual first, or None."""
    ready = [k for k, times in due.items() if times and times[0] <= now_ms and k not in out[len(out) - gaps[k] :]]
    ready = neighbours.new(out, ready) or ready
    return min(ready, key=lambda k: due[k][0]) if ready else None


class _Neighbours:
    """The visuals each visual was shown beside so far (side by side on screen, either first)."""

    def __init__(self) -> None:
        self.pairs: set[frozenset[int]] = set()

    def new(self, out: Sequence[int], candidates: Sequence[int]) -> list[int]:
        """Those of ``candidates`` not yet shown beside the last of ``out``, nor that one itself (all where ``out``
        is empty)."""
        if not out:
            return list(candidates)
        return [k for k in candidates if k != out[-1] and frozenset((out[-1], k)) not in self.pairs]

    def shown(self, before: int | None, k: int) -> None:
        if before is not None and before != k:
            self.pairs.add(frozenset((before, k)))


class _FairChoice:
    """Draws the visual of a shot among ``free``: one not seen in its last ``gaps`` shots (fewer for a visual
    weighted more, so that it can have its share) and under its ceiling where others are, drawn at random among
    those shown least so far (in screen time over its weight; within one shot's length of the least), one not yet
    shown beside the shot before's visual where there is one. So no visual
    fills much more than its share of the video, none comes back soon, and the order is not a fixed cycle (where
    more than ``REPEAT_GAP`` + 1 visuals leave a choice). Where enough visuals allow, none comes back within
    ``REPEAT_MS`` of its last shot (a photo three times in the first 15 s read as a loop to a reviewer)."""

    def __init__(
        self,
        free: Sequence[int],
        weight: Sequence[float],
        gaps: Sequence[int],
        ceiling: Sequence[int],
        rng: random.Random,
    ) -> None:
        self.free = list(free) or list(range(len(weight)))
        self.weight, self.gaps, self.ceiling, self.rng = weight, gaps, ceiling, rng
        self.screen = [0.0] * len(weight)
        self.count = [0] * len(weight)
        self.ended = [-REPEAT_MS] * len(weight)
        self.neighbours = _Neighbours()

    def choose(self, out: Sequence[int], elapsed_ms: int, ms: int) -> int:
        fresh = [k for k in self.free if k not in out[max(len(out) - self.gaps[k], 0) :]] or self.free
        allowed = [k for k in fresh if self.count[k] < self.ceiling[k]] or fresh
        # none back within seconds, where two or more are rested (else the order would be a fixed cycle); a visual
        # weighted up (a clip used more) may come back as its weight asks
        rested = [k for k in allowed if self.weight[k] > 1 or elapsed_ms - self.ended[k] >= REPEAT_MS]
        allowed = rested if len(rested) >= 2 else allowed
        least = min(self.screen[k] for k in allowed)
        fair = [k for k in allowed if self.screen[k] <= least + ms / self.weight[k]]
        return self.rng.choice(self.neighbours.new(out, fair) or fair)

    def shown(self, k: int, ms: int, elapsed_ms: int, before: int | None = None) -> None:
        self.neighbours.shown(before, k)
        self.screen[k] += ms / self.weight[k]
        self.count[k] += 1
        self.ended[k] = elapsed_ms
