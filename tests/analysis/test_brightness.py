"""How bright a song sounds second by second (``AudioAnalysis.bright_db``, ``analysis.brightness``): a filter closing
over a steady sound lowers it while the loudness hardly moves (held-out 04's sweep at 1:48: the level per second
within 1 dB, the share above 4 kHz down 10 dB), and planning hands it to the draft (``m.seconds_bright``)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from nemo_notebook.engine.analysis.audio import SAMPLE_RATE_HZ, analyze_samples
from nemo_notebook.engine.planning.draft_meta import rhythm_meta
from tests.render.synth import click_analysis


def test_a_filter_closing_over_noise_lowers_the_brightness_not_the_level() -> None:
    rng = np.random.default_rng(7)
    noise = rng.standard_normal(8 * SAMPLE_RATE_HZ).astype(np.float32)
    spectrum = np.fft.rfft(noise[4 * SAMPLE_RATE_HZ :])
    spectrum[np.fft.rfftfreq(4 * SAMPLE_RATE_HZ, 1 / SAMPLE_RATE_HZ) > 3000] *= 0.05  # a low-pass: -26 dB up there
    closed = np.fft.irfft(spectrum, 4 * SAMPLE_RATE_HZ).astype(np.float32)
    closed *= np.sqrt(np.mean(noise[: 4 * SAMPLE_RATE_HZ] ** 2) / np.mean(closed**2))  # as loud as before
    analysis = analyze_samples(np.concatenate([noise[: 4 * SAMPLE_RATE_HZ], closed]) * 0.2, SAMPLE_RATE_HZ)
    bright = analysis.bright_db
    assert len(bright) == 8
    assert all(v > -3 for v in bright[:3]) and all(v < -15 for v in bright[5:]), bright
    level = [analysis.energy_at(t) for t in (1000, 6000)]
    assert abs(level[0] - level[1]) < 0.05, level  # within 2 dB


def test_the_draft_says_how_bright_each_second_is_where_the_music_has_sections() -> None:
    bright = tuple(-18.0 if k < 10 else -28.0 for k in range(25))
    energy = tuple(0.5 if k < 120 else 0.9 for k in range(241))
    analysis = replace(click_analysis(120, 24_000, energy=energy, sections_ms=(0, 12_000)), bright_db=bright)
    assert rhythm_meta(analysis, 20_000)["seconds_bright"] == list(bright[:20])
    assert "seconds_bright" not in rhythm_meta(replace(analysis, sections_ms=(0,)), 20_000)  # one section: no scenes
