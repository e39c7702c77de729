"""Generated backgrounds for a music video without pictures or clips: moving gradients in palettes chosen by energy.

Each section of the song gets its own palette (calm palettes for quiet sections, hot ones for loud sections), and
loud sections pulse on the beat. Nothing here is ever black: every palette has at least one light colour.
"""

from __future__ import annotations

import itertools
import random

from ...protocol import Segment
from ...protocol.vocabulary import Role
from ..analysis.types import AudioAnalysis
from .cutting import mean_energy

CALM_PALETTES = (
    ("#0f2027", "#2c5364", "#7fb7be", "#d3f3ee"),
    ("#2b1055", "#7597de", "#c9d6ff", "#3a3f8f"),
    ("#134e5e", "#71b280", "#cfe8c3", "#1d6a72"),
)
HOT_PALETTES = (
    ("#ff512f", "#dd2476", "#ffd452", "#5b0e5c"),
    ("#f7971e", "#ffd200", "#ff3d7f", "#3f0d6b"),
    ("#00c6ff", "#0072ff", "#f9f871", "#ff0080"),
)
PULSE_ENERGY = 0.45  # at or above this energy a section's background pulses on the beat


def background_segments(analysis: AudioAnalysis, bounds_ms: list[int], rng: random.Random) -> list[Segment]:
    """Background segments between consecutive ``bounds_ms`` (0 … end), each in its section's palette."""
    sections = [s for s in analysis.sections_ms if s > 0]
    out = []
    palettes: dict[int, tuple[str, ...]] = {}
    for start, end in itertools.pairwise(bounds_ms):
        section = sum(1 for s in sections if s <= start)
        energy = mean_energy(analysis, start, end)
        if section not in palettes:
            palettes[section] = rng.choice(HOT_PALETTES if energy >= PULSE_ENERGY else CALM_PALETTES)
        meta = {
            "role": Role.BACKGROUND,
            "effect": "pulse" if energy >= PULSE_ENERGY else "gradient",
            "colors": list(palettes[section]),
        }
        out.append(Segment(start_ms=start, duration_ms=end - start, meta=meta))
    return out
