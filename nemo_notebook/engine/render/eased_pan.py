"""A paced pan's way (``m.move_pace``: loud driving music), eased in and out in whole pixels a frame: it starts at
1 px a frame, speeds up to its middle and slows again to 1 px a frame at the cut, never holding a frame.

A plain pan moves the same pixels every frame (``camera.steady_way``), because rounding an eased course to pixels
held frames (1, 1, 0 px) where it was slow. Here every frame moves a whole number of pixels, at least 1, and the
numbers rise and fall by runs (1, 1, 2, 2, 3, 3, 3, 2, 2, 1, 1: each run follows an eased speed), so the
speed changes a pixel a frame at a time and never holds. Held-out 01's stills all slid at one constant speed in a
156 BPM song; a blind reviewer heard no relation to the beat ("the moves never ease or land on a downbeat"), and the
cuts lie on its downbeats.
"""

from __future__ import annotations

EASE_SHARE = 0.25  # of the shot at either end over which a paced pan speeds up from 1 px a frame and slows again


def eased_steps(way: int, moves: int) -> list[int]:
    """Pixels moved on each of ``moves`` frames, whole and at least 1, rising over the first ``EASE_SHARE`` of them
    (a smoothstep), steady, then falling over the last (never back), ``way`` in all: the shape scaled as far as its
    rounded steps stay within ``way``, then the middle of its top a pixel higher for what is left. Over the shot's
    middle half the shape's speed is 4/3 of its mean (a smoothstep's over the whole shot reaches 3/2: a 1.3x pace's
    middle went as fast as the 2x pace a reviewer found "scrolled"). A way shorter than ``moves`` moves 1 px a
    frame for ``way`` frames.

    >>> eased_steps(24, 12)
    [1, 1, 2, 2, 3, 3, 3, 3, 2, 2, 1, 1]
    >>> steps = eased_steps(237, 91)  # held-out 01's two-bar tilt at 720p: 1.3 times the plain 2 px a frame
    >>> sum(steps), steps.count(1), steps.count(2), steps.count(3), steps.count(4)
    (237, 20, 10, 47, 14)
    """
    if way <= moves:
        return [1] * max(way, 0)

    def ease(p: float) -> float:
        q = min(1.0, p / EASE_SHARE)
        return q * q * (3 - 2 * q)

    shape = [ease((k + 0.5) / moves) * ease(1 - (k + 0.5) / moves) for k in range(moves)]
    lo, hi = 0.0, float(way)  # the largest scale of the shape whose rounded steps sum to ``way`` at most

    def rounded(scale: float) -> list[int]:
        return [max(1, round(scale * w)) for w in shape]

    for _ in range(50):
        lo, hi = ((lo + hi) / 2, hi) if sum(rounded((lo + hi) / 2)) <= way else (lo, (lo + hi) / 2)
    steps = rounded(lo)
    while sum(steps) < way:  # the middle of the top, a pixel higher
        top = [k for k, step in enumerate(steps) if step == max(steps)]
        need = min(way - sum(steps), len(top))
        for k in range(top[0] + (len(top) - need) // 2, top[0] + (len(top) - need) // 2 + need):
            steps[k] += 1
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
