"""A long photo video's pictures in an order that does not come round the same way: the pass over a music video's
shot order that ``repeats_apart``'s search is too slow for.

A 3-minute calm song over five photos (28 shots) showed four of them as A C D B A C D B ... all the way through: a
loop to a viewer ("repetition and a slideshow feel", issue 29). ``shot_order`` runs this pass on long-shot videos
only (``repeats_apart.LONG_SHOT_MS``): in a fast cut the quick returns are its pace, and reordering a driving
video's recut made "hold each photo longer" read its pace wrong. ``varied`` lays the inner shots again, one at a time: each shot takes, among the visuals that may come there,
one that joins the shot before in no clashing nor same colour, that makes no run of three shown before
(``runs_again``), that makes the pair least shown so far, drawn at random among those as good. A visual may come
there only where its next showing in the order was due within ``WINDOW`` shots (so each keeps its showings spread
as they were, a weak one too), and must where it is ``WINDOW`` shots late; no sooner after its last showing than
``REPEAT_GAP`` + 1 shots and ``REPEAT_MS`` where it was not, nor beside itself, nor a weak one in the opening's
shots. Of ``TRIES`` such orders the one with fewest runs and pairs again is kept where ``allowed`` takes it, each
visual keeps its time on screen (``repeats_apart.fair``) and the colour joins are no more; the order as it was
where none is better. The first shot and the last ``WINDOW`` + 1 stay (the picture the video opens and closes on).
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Collection, Sequence

from .colour_joins import clash, clash_joins, same_colour, same_colour_joins
from .prominence import opening_places
from .repeats_apart import REPEAT_GAP, REPEAT_MS, fair, pairs_again, spacing
from .screen_share import Allowed

WINDOW = 4  # shots: a visual comes at most this much sooner or later than its showing in the order it had
TRIES = 8  # orders laid, the best kept
LONG_RUN = 5  # shots: a run this long shown again is avoided before a run of three or a pair
STEPS_PER_SHOT = 8  # visuals tried a shot, on average, in laying one order


def varied(
    order: Sequence[int],
    shots_ms: Sequence[int],
    hues: Sequence[float | None],
    weak: Collection[int],
    allowed: Allowed,
    rng: random.Random,
) -> list[int]:
    """``order`` with its inner shots laid again (see the module) where that gives fewer runs of three and pairs
    shown again (``runs_again``, ``pairs_again``) and ``allowed`` takes it; as it was otherwise, and where a visual
    fills two shots side by side (a clip's moments)."""
    out = list(order)
    if len(out) < 4 or any(a == b for a, b in itertools.pairwise(out)):
        return out
    hues = hues or [None] * (max(out) + 1)
    colours = same_colour_joins(out, hues), clash_joins(out, hues)
    best = (runs_again(out), pairs_again(out))
    for n in range(TRIES):
        trial = _laid(order, shots_ms, hues, weak, rng, spread=n % 2 == 1)
        if trial is None or (runs_again(trial), pairs_again(trial)) >= best:
            continue
        changed = [i for i in range(len(order)) if trial[i] != order[i]]
        joins = same_colour_joins(trial, hues), clash_joins(trial, hues)
        if joins <= colours and fair(order, trial, shots_ms, weak) and allowed(order, trial, changed):
            out, best = trial, (runs_again(trial), pairs_again(trial))
    return out


def _laid(
    order: Sequence[int],
    shots_ms: Sequence[int],
    hues: Sequence[float | None],
    weak: Collection[int],
    rng: random.Random,
    spread: bool,
) -> list[int] | None:
    """One order laid shot by shot as the module says (each visual's showings due where they were, or at even
    places where ``spread``), going back a shot where it comes to one no visual may fill
    (at most ``STEPS_PER_SHOT`` visuals tried a shot in all); None where none is found."""
    n, end = len(order), max(len(order) - 1 - WINDOW, 1)  # the shots from ``end`` on stay as they were
    starts = list(itertools.accumulate(shots_ms, initial=0))
    places: dict[int, list[int]] = {}
    for i in range(1, end):
        places.setdefault(order[i], []).append(i)
    if spread:  # each visual's showings at even places (a weak one's few too: each breaks the others' round)
        places = {k: [1 + (2 * j + 1) * (end - 1) // (2 * len(at)) for j in range(len(at))] for k, at in places.items()}
    gap = {k: min(spacing(order, k), REPEAT_GAP + 1) for k in set(order)}
    rest = {k: min(rest_ms(order, shots_ms, k), REPEAT_MS) for k in set(order)}
    opening = set(opening_places(shots_ms))
    used = Counter[int]()
    last = {order[0]: 0}
    pairs = Counter[tuple[int, int]]()
    runs = Counter[tuple[int, int, int]]()
    long_runs: set[tuple[int, ...]] = set()  # the runs of ``LONG_RUN`` shown so far
    out = [order[0]]
    kept = {k: end + order[end:].index(k) for k in set(order[end:])}  # each one's first showing in the shots kept

    def may(k: int, i: int) -> bool:
        rested = k not in last or (i - last[k] >= gap[k] and starts[i] - starts[last[k] + 1] >= rest[k])
        hook = not (k in weak and i in opening and order[i] != k)
        closes = k not in kept or _rested(k, kept[k], {k: i}, starts, gap, rest)
        return rested and hook and k != out[-1] and closes and not (i == end - 1 and k == order[end])

    def cost(k: int) -> tuple[bool, bool, bool, bool, int, float]:
        early = places[k][used[k]] > len(out) + 1  # over a shot before its showing in the order it had: last
        joins = same_colour(hues[out[-1]], hues[k]) or clash(hues[out[-1]], hues[k])
        run = runs[(out[-2], out[-1], k)] > 0 if len(out) > 1 else False
        return early, joins, (*out[-LONG_RUN + 1 :], k) in long_runs, run, pairs[out[-1], k], rng.random()

    def options(i: int) -> list[int]:
        left = [k for k, at in places.items() if used[k] < len(at)]
        due = [k for k in left if places[k][used[k]] <= i + WINDOW]
        late = [k for k in due if places[k][used[k]] <= i - WINDOW]
        fit = next((fit for ks in (late, due, left) if (fit := [k for k in ks if may(k, i)])), [])
        return sorted(fit, key=cost, reverse=True)  # the best last: popped first

    if end == 1:
        return None
    tried: list[tuple[list[int], int | None]] = [(options(1), None)]  # each shot's visuals left, the last one's before
    for _ in range(STEPS_PER_SHOT * n):
        i = len(out)
        if i == end:
            return [*out, *order[end:]]
        ks, _ = tried[-1]
        if not ks:  # back a shot
            tried.pop()
            if len(tried) == 0:
                return None
            k = out.pop()
            used[k] -= 1
            pairs[out[-1], k] -= 1
            if len(out) > 1:
                runs[(out[-2], out[-1], k)] -= 1
            before = tried[-1][1]
            if before is None:
                del last[k]
            else:
                last[k] = before
            continue
        k = ks.pop()
        tried[-1] = (ks, last.get(k))
        if len(out) > 1:
            runs[(out[-2], out[-1], k)] += 1
        pairs[out[-1], k] += 1
        used[k] += 1
        last[k] = i
        out.append(k)
        long_runs.add(tuple(out[-LONG_RUN:]))
        tried.append((options(i + 1) if i + 1 < end else [], None))
    return None


def _rested(
    k: int, i: int, last: dict[int, int], starts: Sequence[int], gap: dict[int, int], rest: dict[int, int]
) -> bool:
    return k not in last or (i - last[k] >= gap[k] and starts[i] - starts[last[k] + 1] >= rest[k])


def runs_again(order: Sequence[int]) -> int:
    """How many runs of three different visuals in ``order`` come in the order of an earlier run (a visual in two
    shots side by side is one showing: a clip's moments)."""
    shown = [k for k, _ in itertools.groupby(order)]
    seen: set[tuple[int, ...]] = set()
    count = 0
    for i in range(len(shown) - 2):
        run = tuple(shown[i : i + 3])
        if len(set(run)) == 3:
            count += run in seen
            seen.add(run)
    return count


def rest_ms(order: Sequence[int], shots_ms: Sequence[int], k: int) -> int:
    """The shortest time (ms) from the end of one showing of ``k`` in ``order`` to its next (the video's length where
    it shows once)."""
    starts = list(itertools.accumulate(shots_ms, initial=0))
    places = [i for i, v in enumerate(order) if v == k]
    return min((starts[b] - starts[a + 1] for a, b in itertools.pairwise(places)), default=starts[-1])
