"""Mastering and colour on synthetic signals: loudness, true peak between samples, exact length, lo-fi colour."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest
from scipy.signal import resample_poly

from nemo_notebook.engine.music.colour import colour
from nemo_notebook.engine.music.master import master, true_peak_dbtp

SR = 48_000


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(7)


def drums_and_tone(rng: np.random.Generator, seconds: float) -> np.ndarray:
    """A tone with sharp clicks every half second: a high peak-to-loudness ratio, like a drum track."""
    t = np.arange(int(seconds * SR)) / SR
    signal = 0.1 * np.sin(2 * np.pi * 220 * t)
    for start in range(0, len(t), SR // 2):
        signal[start : start + 200] += rng.uniform(0.6, 0.9) * np.hanning(200) * np.sign(rng.standard_normal(200))
    return np.stack([signal, 0.9 * signal], axis=1).astype(np.float32)


def test_master_reaches_minus_14_lufs_under_a_minus_1_dbtp_true_peak(rng: np.random.Generator) -> None:
    result = master(drums_and_tone(rng, 8.0), sample_rate=SR, length=8 * SR, fade_out_ms=500)
    measured = pyloudnorm.Meter(SR).integrated_loudness(result.samples.astype(np.float64))
    assert measured == pytest.approx(-14.0, abs=0.5) and result.loudness_lufs == pytest.approx(measured, abs=0.2)
    upsampled_peak = 20 * np.log10(np.abs(resample_poly(result.samples, 4, 1, axis=0)).max())
    assert upsampled_peak <= -1.0 and result.true_peak_dbtp == pytest.approx(upsampled_peak, abs=0.2)


def test_true_peak_sees_the_overs_between_samples() -> None:
    # A sine at a quarter of the sample rate, sampled 45° off its crests: samples at 0.707, true peak at 1.0.
    t = np.arange(SR)
    samples = np.sin(np.pi / 2 * t + np.pi / 4).astype(np.float32)[:, None].repeat(2, axis=1)
    assert 20 * np.log10(np.abs(samples).max()) == pytest.approx(-3.0, abs=0.1)
    assert true_peak_dbtp(samples[1000:-1000]) == pytest.approx(0.0, abs=0.2)


@pytest.mark.parametrize("rendered_seconds", [3.0, 5.0])
def test_master_cuts_or_pads_to_the_exact_length_and_fades_the_tail(
    rng: np.random.Generator, rendered_seconds: float
) -> None:
    length = 4 * SR + 17
    result = master(drums_and_tone(rng, rendered_seconds), sample_rate=SR, length=length, fade_out_ms=800)
    assert result.samples.shape == (length, 2) and result.samples.dtype == np.float32
    assert np.abs(result.samples[-10:]).max() < 1e-3  # faded to silence at the very end
    assert np.abs(result.samples[:10]).max() < 0.05  # and no click at the start


def test_lofi_colour_dulls_the_top_and_adds_crackle_deterministically(rng: np.random.Generator) -> None:
    noise = (0.1 * rng.standard_normal((2 * SR, 2))).astype(np.float32)
    noise[SR:] = 0.0  # a silent second: only crackle can sound there
    lofi = colour(noise, style="lofi", sample_rate=SR, seed=3)

    def top_band_db(x: np.ndarray) -> float:
        spectrum = np.abs(np.fft.rfft(x[:SR, 0])) ** 2
        return float(10 * np.log10(spectrum[12_000:].sum() / spectrum.sum()))

    assert top_band_db(lofi) < top_band_db(noise) - 10
    assert np.abs(lofi[SR:]).max() > 1e-4
    assert np.array_equal(lofi, colour(noise, style="lofi", sample_rate=SR, seed=3))
    assert not np.array_equal(lofi, colour(noise, style="lofi", sample_rate=SR, seed=4))


def test_other_styles_get_presence_not_crackle(rng: np.random.Generator) -> None:
    noise = (0.1 * rng.standard_normal((SR, 2))).astype(np.float32)
    bright = colour(noise, style="upbeat", sample_rate=SR, seed=0)
    gain_db = 10 * np.log10(
        (np.abs(np.fft.rfft(bright[:, 0]))[15_000:] ** 2).sum() / (np.abs(np.fft.rfft(noise[:, 0]))[15_000:] ** 2).sum()
    )
    assert 2.0 < gain_db < 5.0
    silent = colour(np.zeros((SR, 2), np.float32), style="upbeat", sample_rate=SR, seed=0)
    assert not silent.any()
