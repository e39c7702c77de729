"""Kick drums found by the analysis: on the kick's beats of a drum groove and nowhere else, on every beat of a
four-on-the-floor groove, and not on a bass line's notes."""

from __future__ import annotations

import mir_eval
import numpy as np
import pytest

from nemo_notebook.engine.analysis.audio import analyze_samples
from nemo_notebook.engine.analysis.kicks import kick_times_ms
from tests.analysis.audio_synth import drum_track, four_on_the_floor_track, slow_bass_track

WINDOW_S = 0.05


def _near(times_ms: tuple[int, ...], beats_s: np.ndarray) -> np.ndarray:
    """For each beat, whether a kick lies within 50 ms of it."""
    kicks_s = np.asarray(times_ms, dtype=np.float64) / 1000.0
    if not len(kicks_s):
        return np.zeros(len(beats_s), dtype=bool)
    return np.array([np.abs(kicks_s - b).min() <= WINDOW_S for b in beats_s])


@pytest.mark.parametrize("tempo", [80, 100, 120, 140, 170])
def test_kicks_on_beats_one_and_three_and_not_on_the_snare_or_hats(tempo: int) -> None:
    track = drum_track(tempo, duration_s=20.0, seed=tempo)
    kicks = kick_times_ms(track.samples, track.sample_rate_hz)
    kick_beats, snare_beats = track.beats_s[0::2], track.beats_s[1::2]  # kick on 1 and 3, snare on 2 and 4
    precision, recall = mir_eval.onset.f_measure(kick_beats, np.asarray(kicks) / 1000.0, window=WINDOW_S)[1:]
    assert precision >= 0.9 and recall >= 0.9
    assert not _near(kicks, snare_beats).any(), "no kick on a snare beat"
    eighths = (track.beats_s[:-1] + track.beats_s[1:]) / 2
    assert not _near(kicks, eighths).any(), "no kick on a hat between the beats"


@pytest.mark.parametrize("tempo", [100, 124, 140])
def test_four_on_the_floor_has_a_kick_on_every_beat(tempo: int) -> None:
    track = four_on_the_floor_track(tempo, duration_s=20.0)
    kicks = kick_times_ms(track.samples, track.sample_rate_hz)
    assert _near(kicks, track.beats_s).mean() >= 0.95
    precision = mir_eval.onset.f_measure(track.beats_s, np.asarray(kicks) / 1000.0, window=WINDOW_S)[1]
    assert precision >= 0.9, "the off-beat bass notes are not kicks"


@pytest.mark.parametrize("attack_s", [0.06, 0.12])
def test_a_bass_line_swelling_in_has_almost_no_kicks(attack_s: float) -> None:
    track = slow_bass_track(110, attack_s=attack_s, duration_s=20.0)
    notes = len(track.beats_s[::2])
    assert len(kick_times_ms(track.samples, track.sample_rate_hz)) <= max(1, notes // 20)


def test_silence_and_a_hat_alone_have_no_kicks() -> None:
    rng = np.random.default_rng(0)
    assert kick_times_ms(np.zeros(44100, dtype=np.float32), 22050) == ()
    hats = np.zeros(22050 * 5, dtype=np.float32)
    for start in range(0, len(hats) - 1000, 5512):
        hats[start : start + 1000] += (np.diff(rng.standard_normal(1001)) * np.exp(-np.arange(1000) / 260)).astype(
            np.float32
        ) * 0.3
    assert kick_times_ms(hats, 22050) == ()


def test_the_analysis_reports_the_kicks() -> None:
    track = drum_track(120, duration_s=12.0)
    analysis = analyze_samples(track.samples, track.sample_rate_hz)
    assert analysis.kicks_ms and all(0 <= t < analysis.duration_ms for t in analysis.kicks_ms)
    assert _near(analysis.kicks_ms, track.beats_s[0::2]).mean() >= 0.9
    beats = np.asarray(analysis.beats_ms, dtype=np.float64) / 1000.0
    on_engine_beats = _near(analysis.kicks_ms, beats[np.abs(beats[:, None] - track.beats_s[0::2]).min(1) < 0.05])
    assert on_engine_beats.mean() >= 0.9
