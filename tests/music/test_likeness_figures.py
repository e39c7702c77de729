"""The benchmark's beat figures tell a tracker's slip from timing that varies (issue 28's likeness figures)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.benchmarks.music_likeness import beat_slips, beat_variation


def test_one_slip_of_the_tracker_on_a_grid_is_a_slip_not_timing() -> None:
    grid = np.arange(120) * 0.5
    slipped = grid.copy()
    slipped[60] -= 0.12  # the tracker caught an accent 120 ms early, then found the beat again
    assert beat_variation(grid) == pytest.approx(0.0, abs=1e-9)
    assert beat_variation(slipped) == pytest.approx(0.0, abs=1e-9)
    assert beat_slips(slipped) == pytest.approx(100 * 2 / 119)
    assert beat_slips(grid) == 0.0


def test_timing_that_breathes_is_variation_not_slips() -> None:
    rng = np.random.default_rng(5)
    intervals = 0.5 * (1 + 0.03 * np.sin(np.arange(119) / 4) + rng.normal(0, 0.01, 119))
    beats = np.concatenate([[0.0], np.cumsum(intervals)])
    assert 2.0 <= beat_variation(beats) <= 4.0
    assert beat_slips(beats) == 0.0


def _clicks(rate: int, times_s: np.ndarray, levels: np.ndarray, seconds: float) -> np.ndarray:
    """Bursts of white noise (10 ms, falling) at ``times_s`` with amplitudes ``levels``, over silence."""
    rng = np.random.default_rng(3)
    out = np.zeros(int(seconds * rate))
    burst = rng.standard_normal(rate // 100) * np.exp(-np.arange(rate // 100) / (rate / 400))
    for at, level in zip(times_s, levels, strict=True):
        start = int(at * rate)
        out[start : start + len(burst)] += burst * level
    return out


def test_top_band_hits_count_every_hit_and_tell_a_faint_hat_from_the_snare() -> None:
    from tests.benchmarks.music_likeness import top_band_hits

    rate = 48_000
    eighths = np.arange(0.25, 9.75, 0.25)  # four hits a second, every fourth a snare
    snare = (np.round(eighths / 0.25) % 4 == 2).astype(float)
    even = _clicks(rate, eighths, 0.5 + 0.5 * snare, 10.0)  # hats 6 dB under the snare
    faint = _clicks(rate, eighths, 0.05 + 0.95 * snare, 10.0)  # hats 26 dB under it
    hits, level = top_band_hits(even, rate)
    assert hits == pytest.approx(len(eighths) / 10.0, rel=0.05)
    assert level == pytest.approx(-6.0, abs=1.0)
    assert top_band_hits(faint, rate)[1] == pytest.approx(-26.0, abs=1.5)
