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

Where the music drops out the line can come late too: held-out 06's breakdown is drawn at 141.8 s, on the downbeat
after the music thinned from 138.5 s (-10.7 LUFS momentary at 138.5 s, -19.3 at 139.5 s, -26 at 141 s; its steepest
fall, -0.174, at 139.4 s against -0.067 at the start), and the loud scene held on 2.3 s into the quiet ("the cut
into the breakdown is about 2 s late", a blind reviewer). A start with no entry round it, where the music still
falls, moves to the cut nearest the steepest fall from ``FALL_BEFORE_MS`` before it to ``ENTRY_BEFORE_MS`` after it,
on the same terms, mirrored. One where the music does not fall keeps its start: in the beat evaluation set, 04's band
back after a two-second dip (+0.189 at its start, -0.164 at the dip), 08's new phrase after a decay (+0.028). Of its
17 songs only 16 (held-out 06) has a start moved so.
"""

from __future__ import annotations

from ..analysis.types import AudioAnalysis
from .cutting import mean_energy

ENTRY_BEFORE_MS, ENTRY_AFTER_MS = 1_000, 3_000  # where an entry is looked for round a section's start
ENTRY_RISE, ENTRY_STEEPER = 0.05, 0.06  # a rise (``rise``) this steep, and this much steeper than the start's
RISE_MS = 2_000  # the rise: the energy's mean over two seconds after against the two before
STEP_MS = 100
ENTRY_NEAR_MS = 400  # a start moves only to a cut this near the entry
FALL_BEFORE_MS = 3_000  # where the music's drop out is looked for before a section's start


def rise(analysis: AudioAnalysis, at_ms: int) -> float:
    """How much louder the ``RISE_MS`` after ``at_ms`` are than the ``RISE_MS`` before it (the energy's means)."""
    return mean_energy(analysis, at_ms, at_ms + RISE_MS) - mean_energy(analysis, at_ms - RISE_MS, at_ms)


def entered(analysis: AudioAnalysis, bounds: list[int], cuts_ms: list[int]) -> list[int]:
    """``bounds`` (0, the sections' starts, the end) with each start moved to the cut in ``cuts_ms`` nearest where
    the music enters round it (``rise``), else where it drops out just before it (the steepest fall), kept in order
    and clear of its neighbours by ``ENTRY_AFTER_MS``."""
    moved = list(bounds)
    for n in range(1, len(bounds) - 1):
        start = bounds[n]
        for turn in (_steepest(analysis, start, 1), _steepest(analysis, start, -1)):
            if turn is None:
                continue
            cut = min(cuts_ms, key=lambda c: abs(c - turn))
            if (
                abs(cut - turn) <= ENTRY_NEAR_MS
                and moved[n - 1] + ENTRY_AFTER_MS < cut < bounds[n + 1] - ENTRY_AFTER_MS
            ):
                moved[n] = cut
                break
    return moved


def _steepest(analysis: AudioAnalysis, start: int, sign: int) -> int | None:
    """Where the music enters round ``start`` (``sign`` 1: the steepest rise from ``ENTRY_BEFORE_MS`` before it to
    ``ENTRY_AFTER_MS`` after) or drops out before it (-1: the steepest fall from ``FALL_BEFORE_MS`` before it to
    ``ENTRY_BEFORE_MS`` after, for a start where it still falls), where that is at least ``ENTRY_RISE`` and
    ``ENTRY_STEEPER`` steeper than at the start; None where it is not."""
    at_start = sign * rise(analysis, start)
    if sign < 0 and at_start <= 0:  # a start where the music is not falling (the band back after a dip) is kept
        return None
    before, after = (ENTRY_BEFORE_MS, ENTRY_AFTER_MS) if sign > 0 else (FALL_BEFORE_MS, ENTRY_BEFORE_MS)
    best = max(range(start - before, start + after + 1, STEP_MS), key=lambda t: sign * rise(analysis, t))
    return best if sign * rise(analysis, best) >= max(ENTRY_RISE, at_start + ENTRY_STEEPER) else None
