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
