"""The fitter on synthetic cut lists with a known answer: regular cuts, irregular cuts on a grid with an editor's
timing slop, and cuts on two tempos (one change needed). Each plan lands at least 90 % of the cuts within 70 ms of
a planned beat and the strongest cut on a planned downbeat."""

from __future__ import annotations

import random

import pytest

from nemo_notebook.engine.planning.score_fit import ScoreFit, fit_score
from tests.planning.test_score_fit import analysis, change_starts_a_phrase, strongest_on_downbeat


def _on_grid(beat_ms: float, start_ms: float, beats: list[int], jitter_ms: float, seed: int) -> list[int]:
    rng = random.Random(seed)
    return [round(start_ms + b * beat_ms + rng.uniform(-jitter_ms, jitter_ms)) for b in beats]


def _strengths(count: int, seed: int) -> list[float]:
    rng = random.Random(seed)
    return [round(rng.uniform(0.2, 1.0), 2) for _ in range(count)]


def _check(fit: ScoreFit) -> None:
    assert fit.share_on_beat >= 0.9, fit
    assert strongest_on_downbeat(fit), fit
    if fit.later_tempo_bpm:  # a change falls on a bar line of the first tempo and starts a phrase
        assert change_starts_a_phrase(fit), fit


@pytest.mark.parametrize("words", ["upbeat background music", "calm background music", "background music"])
def test_regular_cuts_all_land(words: str) -> None:
    cuts = [1_000 + 2_000 * k for k in range(14)]  # every two seconds: 60, 90, 120 or 150 BPM all fit
    fit = fit_score([analysis(30_000, cuts, _strengths(len(cuts), 1))], words)
    _check(fit)
    assert fit.share_on_beat == 1.0


@pytest.mark.parametrize("seed", range(4))
def test_irregular_cuts_on_a_hidden_grid_land(seed: int) -> None:
    rng = random.Random(seed)
    tempo = rng.uniform(114, 126)  # inside the upbeat range
    beats = sorted(rng.sample(range(2, 58), 12))
    cuts = _on_grid(60_000 / tempo, rng.uniform(0, 400), beats, 20.0, seed)
    fit = fit_score([analysis(30_000, cuts, _strengths(len(cuts), seed))], "upbeat background music")
    _check(fit)


@pytest.mark.parametrize("seed", range(3))
def test_cuts_on_two_tempos_get_one_change_at_a_phrase_boundary(seed: int) -> None:
    """Cuts on a 114 BPM grid for 16 s, then on a 126 BPM grid from a bar line on: no single tempo lands them."""
    rng = random.Random(seed)
    first_beat, later_beat = 60_000 / 114, 60_000 / 126
    change = 300 + 32 * first_beat  # bar 8 of the first grid
    cuts = _on_grid(first_beat, 300, sorted(rng.sample(range(2, 31), 6)), 15.0, seed)
    cuts += _on_grid(later_beat, change, sorted(rng.sample(range(1, 28), 6)), 15.0, seed + 1)
    strengths = _strengths(len(cuts), seed)
    fit = fit_score([analysis(30_000, cuts, strengths)], "upbeat background music")
    _check(fit)
    assert fit.later_tempo_bpm
