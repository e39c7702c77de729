"""Generated backgrounds for a music video without pictures or clips: one design a video, in one palette family.

The design (``BACKDROPS``: "aurora", "pulse", "bokeh"; drawn by ``render.backdrops``) follows the music unless the
user names one (``design_for``): flowing ribbons of light for calm music, a tunnel that the beat pushes for driving
music, drifting lights for the rest. Each section of the song is one scene in its own variant of the video's family
(calm variants for quiet sections, bright ones for loud sections) and its own layout; loud sections move with the beat
(never a change of colour on it). The family follows the music: neon only for driving music, cool or warm ones
otherwise (``family_for``). Nothing here is ever black: every palette has at least one light colour.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from typing import TYPE_CHECKING

from ...protocol import Segment
from ...protocol.vocabulary import AUTO, BACKDROPS, DESIGN_LIGHT, DESIGN_VISUALIZERS, Role
from ..analysis.types import AudioAnalysis
from .cutting import mean_energy

if TYPE_CHECKING:
    from .options import MusicVideoOptions

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
CALM_BPM = 100.0  # slower than this, the music is calm: the aurora
CALM_ENERGY = 0.75  # a mean energy under this (of the track's own 0..1 curve) is music with long quiet passages
DRIVING_ENERGY = 0.85  # steadily loud music at ``DRIVING_BPM`` or faster drives, with or without a kick found
ORCHESTRAL_ONSETS_PER_S = 10.0  # many onsets and hardly a kick: an orchestra or a folk band, not a drum machine
# each new scene turns its palette this far round the colour wheel (degrees), so that a section change shows even
# where the family's variants are alike; the loudest section (the drop) turns furthest
HUE_STEPS = (0, 30, -30, 45, -45)
DROP_HUE_DEG = 45
# a turn that would carry a scene's warm browns into this band reads as olive or mustard ("muddy", "sickly", said a
# blind reviewer of two track-alone videos): such a turn goes the other way round the wheel instead
MUDDY_HUES_DEG = (45.0, 100.0)


def background_segments(
    analysis: AudioAnalysis, bounds_ms: list[int], rng: random.Random, design: str | None = None
) -> list[Segment]:
    """Backgrounds for a video without pictures: one scene a section of the song (its palette, slow motion), from
    the cut nearest to where the section starts to the next one, in ``design`` (one of ``BACKDROPS``; None: the one
    the music asks for). A scene does not change on every beat (a full-screen change of colour each beat is what a
    viewer called a flicker); the song's sections change it."""
    design = design if design in BACKDROPS else design_for(analysis)
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
            "design": design,
            "colors": list(variants[n % len(variants)]),  # a new scene at each section, of the same family
        }
        out.append(Segment(start_ms=start, duration_ms=stop - start, meta=meta))
    return _hues(out, analysis)


def _hues(scenes: list[Segment], analysis: AudioAnalysis) -> list[Segment]:
    """Each scene's turn of the palette (``m.hue_deg``): a step a section, the furthest for the loudest section."""
    if len(scenes) < 2:
        return scenes
    energies = [mean_energy(analysis, sg.start_ms, sg.start_ms + sg.duration_ms) for sg in scenes]
    drop = max(range(len(scenes)), key=lambda n: energies[n])
    turns = [DROP_HUE_DEG if n == drop else HUE_STEPS[n % len(HUE_STEPS)] for n in range(len(scenes))]
    turns = [_clear_of_mud(sg, turn) for sg, turn in zip(scenes, turns, strict=True)]
    return [sg.with_meta(hue_deg=turn) if turn else sg for sg, turn in zip(scenes, turns, strict=True)]


def _clear_of_mud(scene: Segment, turn: int) -> int:
    """``turn``, or a turn 15 degrees further the other way where it would bring the scene's colours into
    ``MUDDY_HUES_DEG`` (further, so that it stays apart from the other sections' turns that way)."""
    hues = palette_hues_deg(scene)
    low, high = MUDDY_HUES_DEG
    if turn and any(low <= (h + turn) % 360 <= high and not low <= h <= high for h in hues):
        return -turn - (15 if turn > 0 else -15)
    return turn


def palette_hues_deg(scene: Segment) -> list[float]:
    """The hues (degrees) of the scene's colours that have a colour at all (saturation over 0.25)."""
    import colorsys

    raw = scene.meta.get("colors")
    out = []
    for value in raw if isinstance(raw, list) else []:
        r, g, b = (int(str(value)[i : i + 2], 16) / 255 for i in (1, 3, 5))
        h, _, sat = colorsys.rgb_to_hls(r, g, b)
        if sat > 0.25:
            out.append(h * 360)
    return out


def design_for(analysis: AudioAnalysis) -> str:
    """The design the music asks for: "pulse" for driving music (quick, with a kick on many beats or loud
    throughout), "aurora" for calm music (slow, with long quiet passages, or an orchestra's many onsets without a
    kick), "bokeh" for the rest."""
    beats = max(len(analysis.beats_ms), 1)
    kicks = len(analysis.kicks_ms) / beats
    energy = sum(analysis.energy) / len(analysis.energy) if analysis.energy else 0.5
    onsets_per_s = len(analysis.onsets_ms) * 1000 / max(analysis.duration_ms, 1)
    orchestral = kicks < 0.1 and onsets_per_s > ORCHESTRAL_ONSETS_PER_S
    quick = analysis.tempo_bpm >= DRIVING_BPM
    if quick and not orchestral and (kicks >= DRIVING_KICKS_PER_BEAT or energy >= DRIVING_ENERGY):
        return "pulse"
    if analysis.tempo_bpm < CALM_BPM or energy < CALM_ENERGY or orchestral:
        return "aurora"
    return "bokeh"


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


def with_the_design(options: MusicVideoOptions, design: str | None) -> MusicVideoOptions:
    """A track alone: the visualizer its backdrop's design draws (``DESIGN_VISUALIZERS``), in a warm white unless
    the user chose a colour; a visualizer the user placed, or of a kind other than the default bars, stays theirs."""
    if design is None or options.visualizer_position != AUTO or options.visualizer != "spectrum":
        return options
    effect, position = DESIGN_VISUALIZERS[design]
    color = DESIGN_LIGHT if options.visualizer_color == AUTO else options.visualizer_color
    return replace(options, visualizer=effect, visualizer_position=position, visualizer_color=color)
