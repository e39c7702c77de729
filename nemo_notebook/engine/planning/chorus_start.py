"""Where a song's chorus first comes in (``m.chorus_start_ms``), for "start at the chorus" (``agent.chorus_start``):
the first section after the opening one that plays within ``CHORUS_WITHIN_DB`` of the song's loudest section, as a
musician hears the song come in at its full level. On the 17 evalset tracks (stop 54) this is 0:09 to 2:24 into
them, one (02, 25 s) having one section only; the first of the loudest sections (``m.sections``) instead put held-out
06's chorus at 2:33 of its 4:00, past two minutes of the song at its full level from 0:15 (0.9 dB under its loudest),
and 03's at 1:36 (from 0:14, 0.7 dB under)."""

from __future__ import annotations

import itertools

from ..analysis.types import ENERGY_RANGE_DB, AudioAnalysis
from .cutting import mean_energy

CHORUS_WITHIN_DB = 1.0
"""A section this close to the loudest section's mean level (dB) is the song at its full level."""


def chorus_start_ms(analysis: AudioAnalysis, duration_ms: int) -> int:
    """Where the chorus first comes in (ms, a section's start, on its downbeat as sections are); 0 where the music
    has one section or none after its opening at its full level."""
    starts = [s for s in analysis.sections_ms if 0 <= s < duration_ms]
    if len(starts) < 2:
        return 0
    spans = list(itertools.pairwise([*starts, duration_ms]))
    levels = [mean_energy(analysis, a, b) for a, b in spans]
    top = max(levels)
    return next(
        (
            a
            for (a, _), level in zip(spans[1:], levels[1:], strict=True)
            if (top - level) * ENERGY_RANGE_DB <= CHORUS_WITHIN_DB
        ),
        0,
    )
