"""Gain curves of the mastering and the section ride, worked out only where they move, equal the whole-signal figures."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest
from scipy.ndimage import minimum_filter1d, uniform_filter1d

from nemo_notebook.engine.music.compose import SectionInfo
from nemo_notebook.engine.music.dynamics import _CLIMB_SHARE, db_per_energy, ride, section_gains_db
from nemo_notebook.engine.music.master import limiter_gain, loudness_lufs, master, true_peak_dbtp

SR = 48_000


def _whole_signal_gain(envelope: np.ndarray, ceiling_dbtp: float) -> np.ndarray:
    needed = np.minimum(np.float32(10 ** (ceiling_dbtp / 20)) / np.maximum(envelope, np.float32(1e-9)), 1)
    width = int(0.008 * SR) | 1
    gain: np.ndarray = uniform_filter1d(minimum_filter1d(needed.astype(np.float32), width), width)
    return gain


@pytest.mark.parametrize("overs", [(), (0, 5, 9_000, 9_100, 9_900, 40_000), (47_999,), tuple(range(0, 48_000, 300))])
def test_the_limiter_gain_is_the_whole_signals_wherever_the_overs_fall(overs: tuple[int, ...]) -> None:
    rng = np.random.default_rng(3)
    envelope = rng.uniform(0.1, 0.8, SR).astype(np.float32)
    envelope[list(overs)] = rng.uniform(0.9, 1.6, len(overs)).astype(np.float32)
    gain = limiter_gain(envelope, ceiling_dbtp=-1.4, sample_rate=SR)
    assert gain.dtype == np.float32 and gain.shape == envelope.shape
    np.testing.assert_array_equal(gain, _whole_signal_gain(envelope, -1.4))
    assert (gain < 1).any() == bool(overs)


def test_the_ride_follows_the_sections_as_interpolating_every_sample_does() -> None:
    sections = (SectionInfo("intro", 0, 2_000, 0.3), SectionInfo("verse", 2_000, 4_500, 0.6),
                SectionInfo("chorus", 4_500, 6_000, 0.9), SectionInfo("bridge", 6_000, 7_000, 0.4),
                SectionInfo("ending", 7_000, 8_000, 0.4))  # fmt: skip
    mix = np.ones((8 * SR + 11, 2), dtype=np.float32)
    ridden = ride(mix, sections, style="upbeat", sample_rate=SR, bar_ms=2_000.0)
    gains = section_gains_db(sections, "upbeat")
    times, levels = [0.0], [gains[0]]
    for section, before, after in zip(sections[1:], gains, gains[1:], strict=False):
        start = max(times[-1], section.start_ms - (2_000.0 if after > before else 250.0))
        times += [start, float(section.start_ms)]
        levels += [before, after]
    times.append(1000.0 * len(mix) / SR)
    levels.append(gains[-1])
    expected = np.power(10.0, np.interp(np.arange(len(mix)) * (1000.0 / SR), times, levels) / 20.0)
    np.testing.assert_allclose(ridden[:, 0], expected, rtol=1e-6)
    quietest = 10 ** (-db_per_energy("upbeat") * (0.9 - 0.3) / 20)  # the intro, 0.6 of energy under the chorus
    assert ridden[:, 0].min() == pytest.approx(quietest, rel=1e-5) and ridden[:, 0].max() == pytest.approx(1.0)


def test_the_master_measures_its_limited_output_to_a_hundredth_of_a_db() -> None:
    """The master keeps its loudness figure up to date through the limiter's dips without filtering again."""
    rng = np.random.default_rng(7)
    t = np.arange(20 * SR) / SR
    signal = 0.1 * np.sin(2 * np.pi * 220 * t)
    for start in range(0, len(t), SR // 4):  # a click every quarter second: the limiter works on each
        signal[start : start + 200] += rng.uniform(0.6, 0.9) * np.hanning(200) * np.sign(rng.standard_normal(200))
    audio = np.stack([signal, 0.9 * signal], axis=1).astype(np.float32)
    normalised = audio * np.float32(10 ** ((-14.0 - loudness_lufs(audio, SR)) / 20))
    assert true_peak_dbtp(normalised) > 3.0  # at -14 LUFS unlimited, the clicks would peak far over -1 dBTP
    result = master(audio, sample_rate=SR, length=len(audio), fade_out_ms=500)
    assert result.true_peak_dbtp <= -1.0
    assert loudness_lufs(result.samples, SR) == pytest.approx(result.loudness_lufs, abs=0.01)
    assert pyloudnorm.Meter(SR).integrated_loudness(result.samples.astype(np.float64)) == pytest.approx(-14.0, abs=0.01)


def test_a_long_verse_climbs_part_of_the_way_to_its_chorus_over_its_last_bars() -> None:
    """Held-out 07's 11-bar verse sat at one level until its chorus (ab68d: "no build or change until 34.5 s"): a
    verse of eight bars or more is ridden up ``_CLIMB_SHARE`` of the step over its last four bars but one."""
    sections = (SectionInfo("verse", 0, 16_000, 0.5), SectionInfo("chorus", 16_000, 20_000, 0.8))
    mix = np.ones((20 * SR, 2), dtype=np.float32)
    ridden = 20 * np.log10(ride(mix, sections, style="upbeat", sample_rate=SR, bar_ms=2_000.0)[:, 0])
    verse, chorus = section_gains_db(sections, "upbeat")
    at = lambda ms: float(ridden[int(ms * SR / 1000)])  # noqa: E731
    assert at(7_000) == pytest.approx(verse, abs=1e-4)  # flat until four bars before the chorus
    assert at(14_000) == pytest.approx(verse + _CLIMB_SHARE * (chorus - verse), abs=1e-4)  # before: still the verse's
    assert at(11_000) == pytest.approx(verse + _CLIMB_SHARE * (chorus - verse) / 2, abs=1e-4)
    assert at(16_000) == pytest.approx(chorus, abs=1e-4)
