"""Issue 27: a song's analysis (in a media worker) holds what it must, not copies of it. Two of its measures made
float64 copies of the whole track: the steady-noise test (is it hiss or hum rather than music?) held eight times the
decoded samples at once and the spectral flatness 1.2 times the power spectrogram (main e8307c8, 5 minutes of steady
noise: 203 MB and 60 MB); both now go a few seconds at a time, with the same verdict and flatness (9 MB, 8 MB)."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from nemo_notebook.engine.analysis import speech, timbre
from nemo_notebook.engine.analysis.audio import SAMPLE_RATE_HZ, _power_spectrogram


def _peak_bytes(measure: Callable[[], Any]) -> tuple[Any, int]:
    """What ``measure`` returns and the most it allocated at once (tracemalloc: numpy's arrays are counted)."""
    tracemalloc.start()
    try:
        return measure(), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_steady_noise_test_and_the_flatness_of_5_minutes_hold_a_fraction_of_the_track() -> None:
    noise = (np.random.default_rng(5).standard_normal(SAMPLE_RATE_HZ * 300) * 0.1).astype(np.float32)
    steady, steady_bytes = _peak_bytes(lambda: speech.is_steady_noise(noise, SAMPLE_RATE_HZ))
    assert steady  # the same verdict as ever: steady noise, its level and its spectrum unchanging
    assert steady_bytes < noise.nbytes / 2, f"{steady_bytes / 2**20:.0f} MB against {noise.nbytes / 2**20:.0f} MB"
    power = _power_spectrogram(noise)
    flatness, flatness_bytes = _peak_bytes(lambda: timbre.flatness(power))
    assert flatness == 0.5635  # white noise is flat: as main measured it
    assert flatness_bytes < power.nbytes / 4, f"{flatness_bytes / 2**20:.0f} MB against {power.nbytes / 2**20:.0f} MB"
