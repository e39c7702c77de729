"""How cuts sit on the music: the share of cuts within a tolerance of a beat (or downbeat), and the share of one list
of cuts that another finds (the plan's cuts found again in the frames).

>>> on_share([500, 1010, 1600], [0, 500, 1000, 1500], 70)
0.667
>>> found_share([500, 1000], [533, 1400], 34)
0.5
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence


def on_share(cuts_ms: Sequence[float], beats_ms: Sequence[float], tolerance_ms: float) -> float | None:
    """The share of ``cuts_ms`` within ``tolerance_ms`` of one of ``beats_ms`` (rounded to 0.001); None without
    cuts or beats."""
    if not cuts_ms or not beats_ms:
        return None
    grid = sorted(beats_ms)
    hits = sum(1 for cut in cuts_ms if nearest_ms(cut, grid) <= tolerance_ms)
    return round(hits / len(cuts_ms), 3)


def found_share(wanted_ms: Sequence[float], found_ms: Sequence[float], tolerance_ms: float) -> float | None:
    """The share of ``wanted_ms`` with one of ``found_ms`` within ``tolerance_ms``; None when nothing was wanted."""
    if not wanted_ms:
        return None
    return on_share(wanted_ms, found_ms, tolerance_ms) if found_ms else 0.0


def nearest_ms(at_ms: float, grid: Sequence[float]) -> float:
    """How far ``at_ms`` lies from the nearest time of the sorted, non-empty ``grid``."""
    i = bisect_left(grid, at_ms)
    return min(abs(at_ms - grid[j]) for j in (i - 1, i) if 0 <= j < len(grid))
