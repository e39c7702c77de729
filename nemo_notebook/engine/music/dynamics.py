"""The arrangement's dynamics ridden on the mix, as an engineer rides the faders: sections differ in level as in songs.

The parts already play softer and thinner where a section's energy is low, but the mix bus sets every stem to its
level where it plays, so on its own a piece moved by at most 4.4 dB from bar to bar (real recordings: up to 19.5).
Here each section's level follows its energy: ``DB_PER_ENERGY`` dB for each unit of energy under the loudest
section's (more for the styles that build: epic, cinematic). Into a louder section the level climbs over the bar
before it (a build); into a quieter one it falls within a beat. The closing chord keeps the level of the section it
ends. The master then sets the whole to -14 LUFS, so the loud sections land where a finished track's do.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from nemo_notebook.engine.music.arrange import BUILDING_STYLES
from nemo_notebook.engine.music.compose import SectionInfo

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Audio = npt.NDArray[np.float32]

DB_PER_ENERGY = 12.0
_BUILD_DB_PER_ENERGY = 16.0
_DEEPEST_DB = 14.0  # never further under the loudest section than this
_FALL_MS = 250.0
_UNSHAPED = frozenset({"pickup", "ending"})


def section_gains_db(sections: Sequence[SectionInfo], style: str) -> list[float]:
    """Each section's gain (dB, 0 for the loudest); the pickup and the closing chord take their neighbour's."""
    shaped = [s.energy for s in sections if s.name not in _UNSHAPED]
    if not shaped:
        return [0.0] * len(sections)
    loudest, slope = max(shaped), (_BUILD_DB_PER_ENERGY if style in BUILDING_STYLES else DB_PER_ENERGY)
    gains = [None if s.name in _UNSHAPED else -min(_DEEPEST_DB, slope * (loudest - s.energy)) for s in sections]
    for i, gain in enumerate(gains):  # the closing chord rings at the level it ends; a pickup leads in at the first
        if gain is None:
            neighbour = next((g for g in reversed(gains[:i]) if g is not None), None)
            gains[i] = neighbour if neighbour is not None else next((g for g in gains[i:] if g is not None), 0.0)
    return [float(g or 0.0) for g in gains]


def ride(mix: Audio, sections: Sequence[SectionInfo], *, style: str, sample_rate: int, bar_ms: float) -> Audio:
    """The mix with each section at its gain, the changes ramped (a bar's build up, a quick fall down)."""

    if not len(mix) or len(sections) < 2:
        return mix
    gains = section_gains_db(sections, style)
    times_ms: list[float] = [0.0]
    levels: list[float] = [gains[0]]
    for section, before, after in zip(sections[1:], gains, gains[1:], strict=False):
        ramp = bar_ms if after > before else _FALL_MS
        start = max(times_ms[-1], section.start_ms - ramp)
        times_ms += [start, float(section.start_ms)]
        levels += [before, after]
    times_ms.append(1000.0 * len(mix) / sample_rate)
    levels.append(gains[-1])
    ridden: Audio = mix * _gain_curve(times_ms, levels, len(mix), sample_rate)[:, None]
    return ridden


def _gain_curve(times_ms: Sequence[float], levels_db: Sequence[float], size: int, sample_rate: int) -> Audio:
    """Per-sample gain, linear in dB between the points: worked out sample by sample only on the ramps, the level
    filled in where it holds (most of a piece), as ``np.interp`` over every sample gives it."""
    import numpy as np

    curve = np.empty(size, dtype=np.float32)
    edges = [_first_sample_at(t, size, sample_rate) for t in times_ms]
    curve[: edges[0]] = 10 ** (levels_db[0] / 20)
    for i in range(len(times_ms) - 1):
        begin, end = int(edges[i]), int(edges[i + 1])
        if levels_db[i] == levels_db[i + 1]:
            curve[begin:end] = 10 ** (levels_db[i] / 20)
        elif end > begin:
            at_ms = np.arange(begin, end, dtype=np.float64) * (1000.0 / sample_rate)
            curve[begin:end] = np.power(10.0, np.interp(at_ms, times_ms, levels_db) / 20.0)
    curve[edges[-1] :] = 10 ** (levels_db[-1] / 20)
    return curve


def _first_sample_at(time_ms: float, size: int, sample_rate: int) -> int:
    """The first sample (of ``size``) whose time, ``index * 1000 / sample_rate`` ms, is at or after ``time_ms``."""
    step = 1000.0 / sample_rate
    index = min(size, max(0, math.ceil(time_ms / step)))
    while index > 0 and (index - 1) * step >= time_ms:
        index -= 1
    while index < size and index * step < time_ms:
        index += 1
    return index
