"""When each moment of a clip was last on screen, so that a moment comes back at most once a
``material.MOMENT_EVERY_MS`` where the clip has other moments, and else one shown longest ago comes back.

A moment is an in-point: two shots whose in-points are under ``MOMENT_NEAR_MS`` apart show the same moment. Each
pass through the clips (``clip_shots``) avoids what earlier passes showed, but once every window was shown the
chooser's story order and its fallbacks across the clip's cuts took the same moment again within seconds (a held-out
clip's hand three times in 11.5 s).
"""

from __future__ import annotations

from collections.abc import Sequence

from .material import MOMENT_EVERY_MS

MOMENT_NEAR_MS = 1000  # in-points nearer than this show the same moment of a clip

ShownAt = Sequence[tuple[int, int]]
"""A clip's shots so far: (time in the video, in-point in the clip) ms."""


LATELY_MS = (MOMENT_EVERY_MS, MOMENT_EVERY_MS // 2, MOMENT_EVERY_MS // 4)  # how lately, graded (``recency``)


def not_recent(groups: Sequence[list[int]], shown_at: ShownAt, now_ms: int | None) -> list[int]:
    """Of the first of ``groups`` (in-points, the preferred first) with moments not on screen in the quarter
    ``MOMENT_EVERY_MS`` before ``now_ms``, those on screen least lately (``recency``); else none. The first group as
    it is without a time.

    >>> not_recent([[0, 2000], [4000]], [(1000, 2100), (50_000, 0)], 60_000)
    [2000]
    >>> not_recent([[0], [2000]], [(40_000, 2100), (50_000, 0)], 60_000)
    [2000]
    >>> not_recent([[0]], [(50_000, 0)], 60_000)
    []
    """
    if now_ms is None or not shown_at:
        return groups[0] if groups else []
    for group in groups:
        grades = [recency(s, shown_at, now_ms) for s in group]
        least = min(grades, default=len(LATELY_MS))
        if least < len(LATELY_MS):
            return [s for s, g in zip(group, grades, strict=True) if g == least]
    return []


def recency(start: int, shown_at: ShownAt, now_ms: int | None) -> int:
    """How lately the moment at ``start`` was on screen before ``now_ms``: 0 not in the ``MOMENT_EVERY_MS`` before
    (or never, or without a time), 1 in it but not in its last half, 2 in that but not its last quarter, 3 in that.

    >>> [recency(0, [(t, 300)], 60_000) for t in (0, 10_000, 40_000, 50_000)]
    [0, 1, 2, 3]
    """
    last = max((t for t, at in shown_at if abs(at - start) < MOMENT_NEAR_MS), default=None)
    if now_ms is None or last is None:
        return 0
    return sum(now_ms - last < lately for lately in LATELY_MS)
