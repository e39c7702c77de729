"""A cover video's layout cut put on the song's bar grid: pure numbers.

The beat tracker's downbeats can slip off the bars for a while and back (held-out 04, an electronic track at 120 BPM:
its downbeats from 1:36 to 2:10 lie 120-190 ms after the kick, the low band's onsets at 96.02, 108.09 and 128.09 s
against 96.21, 108.21 and 128.21 s tracked, and close up again by 2:16). Its sections start on the bars (0:56.02 and
2:16.02, 40 bars of 1999.9 ms apart), so a cut inside a section whose length is a whole number of bars goes on the
bar of that grid nearest the tracked downbeat: the layout change that landed at 96.21 s, "6 frames after the beat
(others are on it)" (a blind reviewer of s65-cover2), is at 96.02 s.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence

STEADY_SHARE = 0.01  # a span within this share of its length of a whole number of bars is on one grid
NEAR_BAR = 0.125  # a downbeat this share of a bar or less from a grid bar (half a beat in 4/4) is that bar's


def bar_ms(downbeats: Sequence[float]) -> float:
    """A bar's length: the median spacing of the downbeats (0 with fewer than two).

    >>> bar_ms([0, 2000, 4010, 6000])
    2000
    """
    gaps = [b - a for a, b in itertools.pairwise(downbeats)]
    return statistics.median(gaps) if gaps else 0


def on_grid(at_ms: int, start_ms: int, end_ms: int, bar: float) -> int:
    """``at_ms`` (a downbeat inside the span from ``start_ms`` to ``end_ms``, both downbeats) moved to the nearest
    bar of the span's own grid where the span is a whole number of bars of ``bar`` ms (within ``STEADY_SHARE``) and
    ``at_ms`` lies within ``NEAR_BAR`` of a bar of it; else ``at_ms`` as it is.

    >>> on_grid(96214, 56022, 136018, 1996.8)
    96020
    >>> on_grid(96214, 56022, 137018, 1996.8)  # not a whole number of bars: as tracked
    96214
    """
    length = end_ms - start_ms
    bars = round(length / bar) if bar > 0 else 0
    if bars < 2 or abs(length - bars * bar) > STEADY_SHARE * length:
        return at_ms
    step = length / bars
    k = round((at_ms - start_ms) / step)
    grid = round(start_ms + k * step)
    return grid if 0 < k < bars and abs(grid - at_ms) <= NEAR_BAR * step else at_ms
