"""A picture's return does not bring back the picture it came after the first time (issue 29, held-out 03's blind
review: the opening pair, A then B, again at the midpoint "reads as a loop"): five pictures over twenty long shots
(calm music's, 6-11 s) replay fewer pairs of two pictures side by side in the same order than main's order did, and
the order's other guarantees hold: the bookend, no picture back within two shots, no return within
``REPEAT_MS``, the same order for the same draws."""

from __future__ import annotations

import itertools
import random

from nemo_notebook.engine.planning.repeats_apart import rests_ms
from nemo_notebook.engine.planning.shot_order import REPEAT_MS, shot_order

HUES = [136.0, 128.0, 46.0, None, None]  # held-out 03's leaf and meadow (one green), flower (orange), two greyish
SEEDS = range(8)


def _pairs_again(order: list[int]) -> int:
    """How many times two pictures side by side come again in the same order."""
    pairs = list(itertools.pairwise(order))
    return len(pairs) - len(set(pairs))


def _order(seed: int) -> tuple[list[int], list[int]]:
    draws = random.Random(seed)
    shots_ms = [draws.randrange(6000, 11_000, 500) for _ in range(20)]
    return shot_order(5, shots_ms, random.Random(seed), first=0, hues=HUES, weak={4}), shots_ms


def test_five_pictures_over_twenty_shots_replay_fewer_pairs() -> None:
    # main (7f5562f): 4, 4, 5, 5, 4, 4, 3, 2 replayed pairs in seeds 0-7, 31 in all; now 3, 2, 3, 2, 2, 2, 2, 2: 18
    replayed = [_pairs_again(_order(seed)[0]) for seed in SEEDS]
    assert sum(replayed) <= 20, replayed


def test_the_order_keeps_its_bookend_its_rests_and_its_draws() -> None:
    for seed in SEEDS:
        order, shots_ms = _order(seed)
        assert order[0] == order[-1] == 0, (seed, order)
        assert all(len(set(order[i : i + 3])) == len(order[i : i + 3]) for i in range(len(order))), (seed, order)
        assert rests_ms(order, shots_ms)[0] >= REPEAT_MS, (seed, rests_ms(order, shots_ms))
        assert order == _order(seed)[0], seed
