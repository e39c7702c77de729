"""Time on screen shared by weight: the last pass over a music video's shot order.

The order gives each visual its number of showings (its ceiling, its weight), but not its time on screen: shots
differ in length (two bars in a calm section, one beat in a chorus, the opening held to a phrase), and a calm
orchestral minute of five photos gave one photo two long shots, 30 % of the video, and another one short one, 6 s
(issue 29, a blind reviewer). Here shots change hands, one move at a time, while a move brings the visuals' time
on screen nearer their weights: two shots of different lengths swap their visuals, or a shot goes to a visual with
less time that is under its ceiling (or shown at least two times fewer). A move is kept only where ``allowed`` says the order is still good (no visual
beside itself, none nearer its other showings, no sequence replayed), and the first and last shots stay.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

Allowed = Callable[[Sequence[int], Sequence[int], Sequence[int]], bool]
"""Whether ``after`` (``before`` with the visuals of the shots at the places given changed) is still a good order."""

MOVES_PER_SHOT = 2  # at most this many moves for each shot of the video


def even_screen_time(
    order: Sequence[int],
    shots_ms: Sequence[int],
    weight: Sequence[float],
    ceiling: Sequence[int],
    allowed: Allowed,
    kept: Collection[int] = (),
) -> list[int]:
    """``order`` with shots moved between visuals until no move brings the time on screen nearer the weights.

    Parameters
    ----------
    order : the visual (an index into ``weight``) of each shot.
    shots_ms : the shots' lengths (ms), as many as ``order``.
    weight : each visual's share of the time on screen, against the others' (a weak picture's less).
    ceiling : the most showings each visual should have: a shot goes to a visual only below it, or shown at least
        two times fewer than the visual it is taken from (one fewer, the hand-over only turns round which is shown
        more: the opening picture's chosen return, ``prominence.bookended``, went to a photo at its ceiling, which
        the reply then called shown too often).
    allowed : whether an order with a move made is still good (``shot_order``'s spacing and replays).
    kept : visuals whose time on screen stays as the order gave it (clips: their footage sets it, a long one more).

    Returns
    -------
    The order, each visual shown at least once as before.

    Examples
    --------
    >>> apart = lambda before, after, places: all(a != b for a, b in zip(after, after[1:]))
    >>> even_screen_time([0, 1, 0, 2, 1], [2, 8, 8, 2, 4], [1, 1, 1], [2, 2, 2], apart)
    [0, 2, 0, 2, 1]
    """
    out = list(order)
    for _ in range(MOVES_PER_SHOT * len(out)):
        moved = _best_move(out, shots_ms, weight, ceiling, allowed, set(kept))
        if moved is None:
            return out
        out = moved
    return out


def _best_move(
    order: list[int],
    shots_ms: Sequence[int],
    weight: Sequence[float],
    ceiling: Sequence[int],
    allowed: Allowed,
    kept: set[int],
) -> list[int] | None:
    """The order after the move (swap or hand-over) that lowers ``_cost`` most and is allowed, or None."""
    screen = [0.0] * len(weight)
    count = [0] * len(weight)
    for k, ms in zip(order, shots_ms, strict=True):
        screen[k] += ms
        count[k] += 1
    # each move as its gain and its changes: the order after it is made only for the moves tried, best first (made
    # for every move, a 200-shot order of 100 pictures took 86 of shot_order's 100 s here, 450 shots 330 s)
    moves: list[tuple[float, dict[int, int], tuple[int, ...]]] = []
    inner = [i for i in range(1, len(order) - 1) if order[i] not in kept]
    for i in inner:
        a = order[i]
        for j in inner:
            b = order[j]
            if a != b and shots_ms[i] > shots_ms[j]:  # a swap: a's longer shot to b, b's shorter one to a
                gain = _gain(screen, weight, a, b, shots_ms[i] - shots_ms[j])
                if gain > 0:
                    moves.append((gain, {i: b, j: a}, (i, j)))
        for b in set(range(len(weight))) - kept:  # a hand-over: the shot to a visual under its ceiling
            if b != a and count[a] > 1 and (count[b] < ceiling[b] or count[b] < count[a] - 1):
                gain = _gain(screen, weight, a, b, shots_ms[i])
                if gain > 0:
                    moves.append((gain, {i: b}, (i,)))
    for _, changes, places in sorted(moves, key=lambda m: -m[0]):
        after = _with(order, changes)
        if allowed(order, after, places):
            return after
    return None


def _gain(screen: Sequence[float], weight: Sequence[float], a: int, b: int, ms: float) -> float:
    """How much ``ms`` of a's time on screen given to b lowers the sum of each visual's time squared over its
    weight (least where the times are in proportion to the weights)."""
    before = screen[a] ** 2 / weight[a] + screen[b] ** 2 / weight[b]
    after = (screen[a] - ms) ** 2 / weight[a] + (screen[b] + ms) ** 2 / weight[b]
    return before - after - 1e-6


def _with(order: Sequence[int], changes: dict[int, int]) -> list[int]:
    return [changes.get(i, k) for i, k in enumerate(order)]
