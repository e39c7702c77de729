"""A track alone's scenes changed where the music enters, not where its analysis drew the section's line.

Held-out 05 (a rock ballad): the analysis starts a section at 42.98 s, in a fill after which the music drops for two
seconds (-15 dB against -7) before the band comes in at 45.5 s; its scene changed 2.5 s before the entry ("the change
comes early against the music's real entry", a blind reviewer). A section's start moves to the cut nearest the
steepest rise of the energy curve from ``ENTRY_BEFORE_MS`` before it to ``ENTRY_AFTER_MS`` after it, where that rise
is at least ``ENTRY_RISE`` and ``ENTRY_STEEPER`` more than the one at the start (05's: +0.079 at 45.6 s against
-0.039 at 43.0 s). A section that starts on a fall in level (05's break at 171.8 s: -0.082) keeps its start: the
rise after it, +0.029 at 174.8 s, is inside the quiet part. Nor does one whose nearest cut lies more than
``ENTRY_NEAR_MS`` from the entry: a quiet intro drawn to 8.0 s whose drop comes at 10.0 s between cuts every 4 s
(8.0, 12.0) moved to 12.0 s, two seconds after the drop, and lost its build into it (``backgrounds._into_drop``;
``tests/client/test_quiet_intro_builds_video``).
"""

from __future__ import annotations

from ..analysis.types import AudioAnalysis
from .cutting import mean_energy

ENTRY_BEFORE_MS, ENTRY_AFTER_MS = 1_000, 3_000  # where an entry is looked for round a section's start
ENTRY_RISE, ENTRY_STEEPER = 0.05, 0.06  # a rise (``rise``) this steep, and this much steeper than the start's
RISE_MS = 2_000  # the rise: the energy's mean over two seconds after against the two before
STEP_MS = 100
ENTRY_NEAR_MS = 400  # a start moves only to a cut this near the entry


def rise(analysis: AudioAnalysis, at_ms: int) -> float:
    """How much louder the ``RISE_MS`` after ``at_ms`` are than the ``RISE_MS`` before it (the energy's means)."""
    return mean_energy(analysis, at_ms, at_ms + RISE_MS) - mean_energy(analysis, at_ms - RISE_MS, at_ms)


def entered(analysis: AudioAnalysis, bounds: list[int], cuts_ms: list[int]) -> list[int]:
    """``bounds`` (0, the sections' starts, the end) with each start moved to the cut in ``cuts_ms`` nearest where
    the music enters round it (``rise``), kept in order and clear of its neighbours by ``ENTRY_AFTER_MS``."""
    moved = list(bounds)
    for n in range(1, len(bounds) - 1):
        start = bounds[n]
        times = range(start - ENTRY_BEFORE_MS, start + ENTRY_AFTER_MS + 1, STEP_MS)
        best = max(times, key=lambda t: rise(analysis, t))
        if rise(analysis, best) < max(ENTRY_RISE, rise(analysis, start) + ENTRY_STEEPER):
            continue
        cut = min(cuts_ms, key=lambda c: abs(c - best))
        if abs(cut - best) <= ENTRY_NEAR_MS and moved[n - 1] + ENTRY_AFTER_MS < cut < bounds[n + 1] - ENTRY_AFTER_MS:
            moved[n] = cut
    return moved
