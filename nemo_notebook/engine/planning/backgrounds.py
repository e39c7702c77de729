"""Generated backgrounds for a music video without pictures or clips: moving gradients in one palette family a video.

Each section of the song is one scene in its own variant of the video's family (calm variants for quiet sections,
bright ones for loud sections); loud sections breathe with the beat (a soft lift of brightness, never a change of
colour). The family follows the music: neon only for driving music, cool or warm ones otherwise (``family_for``). Nothing here is ever black: every palette has at least one light colour.
"""

from __future__ import annotations

import itertools
import random

from ...protocol import Segment
from ...protocol.vocabulary import Role
from ..analysis.types import AudioAnalysis
from .cutting import mean_energy

# Palette families: one per video, so that its scenes belong together; each has calm variants (quiet sections) and
# loud ones (related hues, brighter and warmer). Neon is for driving music only (a kick on many beats, a quick tempo):
# under a folk song its pink and cyan read as a screensaver.
FAMILIES: dict[str, tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]] = {
    "ember": (
        (("#2a1a12", "#7a4a2a", "#d9a066", "#f3e0c0"), ("#3b2418", "#8e5b3a", "#e6b980", "#f7ead2")),
        (("#4a1f10", "#b5522a", "#f0a04b", "#fde3b4"), ("#5c2414", "#c8642d", "#f6b756", "#fff0c8")),
    ),
    "ocean": (
        (("#0f2027", "#2c5364", "#7fb7be", "#d3f3ee"), ("#102a43", "#336b87", "#90c2d8", "#e3f4f8")),
        (("#0b3954", "#087e8b", "#bfd7ea", "#f2f7f2"), ("#023e58", "#1b8a9a", "#9ad1d4", "#eefbfb")),
    ),
    "forest": (
        (("#134e5e", "#71b280", "#cfe8c3", "#1d6a72"), ("#1b3a2f", "#4f7f5c", "#a9cba4", "#e8f1df")),
        (("#1e5128", "#4e9f3d", "#d8e9a8", "#f6f7d7"), ("#22543d", "#68a357", "#e1efb0", "#fbfbe6")),
    ),
    "dusk": (
        (("#2b1055", "#7597de", "#c9d6ff", "#3a3f8f"), ("#2d1b4e", "#6c5b9e", "#c3b7e8", "#efe9fb")),
        (("#3a1c71", "#d76d77", "#ffaf7b", "#fde2c8"), ("#41295a", "#e0677a", "#ffc07f", "#fff1dc")),
    ),
    "neon": (
        (("#0f0c29", "#302b63", "#7f7fd5", "#c2e9fb"), ("#120136", "#3a0ca3", "#4cc9f0", "#e0fbfc")),
        (("#ff512f", "#dd2476", "#ffd452", "#5b0e5c"), ("#00c6ff", "#0072ff", "#f9f871", "#ff0080")),
    ),
}
DRIVING_KICKS_PER_BEAT = 0.3
DRIVING_BPM = 110.0
PULSE_ENERGY = 0.45  # at or above this energy a section's background pulses on the beat


def background_segments(analysis: AudioAnalysis, bounds_ms: list[int], rng: random.Random) -> list[Segment]:
    """Backgrounds for a video without pictures: one scene a section of the song (its palette, slow motion), from
    the cut nearest to where the section starts to the next one. A scene does not change on every beat (a full-screen
    change of colour each beat is what a viewer called a flicker); the song's sections change it."""
    spans = list(itertools.pairwise(section_bounds(analysis, bounds_ms)))
    calm, loud_ones = FAMILIES[family_for(analysis, rng)]
    out = []
    for n, (start, stop) in enumerate(spans):
        energy = mean_energy(analysis, start, stop)
        loud = energy >= PULSE_ENERGY
        variants = loud_ones if loud else calm
        meta = {
            "role": Role.BACKGROUND,
            "effect": "pulse" if loud else "gradient",
            "colors": list(variants[n % len(variants)]),  # a new scene at each section, of the same family
        }
        out.append(Segment(start_ms=start, duration_ms=stop - start, meta=meta))
    return out


def family_for(analysis: AudioAnalysis, rng: random.Random) -> str:
    """The video's palette family: neon for driving music (a kick on at least ``DRIVING_KICKS_PER_BEAT`` of the beats
    at ``DRIVING_BPM`` or faster), else one of the others, cool ones for slow music and warm ones for the rest."""
    beats = max(len(analysis.beats_ms), 1)
    if analysis.tempo_bpm >= DRIVING_BPM and len(analysis.kicks_ms) / beats >= DRIVING_KICKS_PER_BEAT:
        return "neon"
    return rng.choice(("ocean", "forest") if analysis.tempo_bpm < 90 else ("ember", "dusk", "forest"))


def section_bounds(analysis: AudioAnalysis, bounds_ms: list[int]) -> list[int]:
    """0, the cut nearest to where each section of the song starts, and the end: one scene a section."""
    end = bounds_ms[-1]
    starts = sorted({0, *(_nearest(bounds_ms, s) for s in analysis.sections_ms if 0 < s < end)})
    return [*[s for s in starts if s < end], end]


def _nearest(bounds_ms: list[int], at_ms: int) -> int:
    return min(bounds_ms, key=lambda b: abs(b - at_ms))
