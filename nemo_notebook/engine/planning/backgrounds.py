"""Generated backgrounds for a music video without pictures or clips: moving gradients in palettes chosen by energy.

Each section of the song is one scene in its own palette (calm palettes for quiet sections, hot ones for loud
sections); loud sections breathe with the beat (a soft lift of brightness, never a change of colour). Nothing here is ever black: every palette has at least one light colour.
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
    """Backgrounds for a video without pictures: one scene a section of the song (its palette, slow motion), from
    the cut nearest to where the section starts to the next one. A scene does not change on every beat (a full-screen
    change of colour each beat is what a viewer called a flicker); the song's sections change it."""
    spans = list(itertools.pairwise(section_bounds(analysis, bounds_ms)))
    out = []
    for start, stop in spans:
        energy = mean_energy(analysis, start, stop)
        loud = energy >= PULSE_ENERGY
        meta = {
            "role": Role.BACKGROUND,
            "effect": "pulse" if loud else "gradient",
            "colors": list(rng.choice(HOT_PALETTES if loud else CALM_PALETTES)),
        }
        out.append(Segment(start_ms=start, duration_ms=stop - start, meta=meta))
    return out


def section_bounds(analysis: AudioAnalysis, bounds_ms: list[int]) -> list[int]:
    """0, the cut nearest to where each section of the song starts, and the end: one scene a section."""
    end = bounds_ms[-1]
    starts = sorted({0, *(_nearest(bounds_ms, s) for s in analysis.sections_ms if 0 < s < end)})
    return [*[s for s in starts if s < end], end]


def _nearest(bounds_ms: list[int], at_ms: int) -> int:
    return min(bounds_ms, key=lambda b: abs(b - at_ms))
