"""Filters stay out of the subnormal floats where a part rests (``music/iir.py``): a 3-minute corporate track spent
2.6 s of CPU there, its filter states decaying through numbers the CPU computes 20-50 times slower."""

from __future__ import annotations

import numpy as np
from scipy.signal import butter

from nemo_notebook.engine.music.iir import filtered
from nemo_notebook.engine.music.mixbus import doubled, halved

_TINY = np.finfo(np.float32).tiny  # the smallest normal float32


def _subnormal(x: np.ndarray) -> int:
    return int(np.count_nonzero((x != 0) & (np.abs(x) < _TINY)))


def _note_then_rest(rate: int) -> np.ndarray:
    """Half a second of a decaying tone, then 1.5 s of silence, twice: a part that plays and rests."""
    t = np.arange(rate // 2) / rate
    note = (np.sin(2 * np.pi * 220 * t) * np.exp(-t / 0.05)).astype(np.float32)
    one = np.concatenate([note, np.zeros(3 * rate // 2, dtype=np.float32)])
    return np.tile(one, 2)


def test_resampling_a_part_that_rests_leaves_no_subnormal_samples() -> None:
    part = np.stack([_note_then_rest(24_000)] * 2)
    up, down = doubled(part), halved(part)
    assert _subnormal(up) == 0 and _subnormal(down) == 0  # were 85 % and 75 % of the samples
    assert np.max(np.abs(up[:, 40_000:90_000])) < 1e-7  # the rest is still silence to any ear: under -140 dBFS


def test_a_high_pass_and_a_peak_over_a_part_that_rests_leave_no_subnormal_samples() -> None:
    from scipy.signal import sosfilt

    from nemo_notebook.engine.music.colour import peaking

    rate = 48_000
    part = np.stack([_note_then_rest(rate)] * 2, axis=1)
    sos = np.vstack([butter(2, 150, btype="highpass", fs=rate, output="sos"), peaking(3_000.0, 2.0, 0.9, rate)])
    sos = sos.astype(np.float32)
    assert _subnormal(sosfilt(sos, part, axis=0)) > 10_000  # what the mix bus's filters did over a rest
    assert _subnormal(filtered(sos, part, axis=0)) == 0


def test_filtered_is_sosfilt_over_the_signal() -> None:
    rng = np.random.default_rng(1)
    signal = rng.standard_normal((4_800, 2)).astype(np.float32)
    sos = butter(2, 1_000, fs=48_000, output="sos").astype(np.float32)
    from scipy.signal import sosfilt

    assert np.allclose(filtered(sos, signal, axis=0), sosfilt(sos, signal, axis=0), atol=1e-7)
