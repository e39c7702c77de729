"""Choosing a tempo and phase so that a video's cuts fall on the music's beats."""

from __future__ import annotations

import numpy as np
import pytest

from nemo_notebook.engine.planning import BeatGrid, choose_beat_grid, choose_tempo_and_phase

TOLERANCE_MS = 70


def distance_to_grid(cuts_ms: list[int], tempo_bpm: float, phase_ms: int) -> np.ndarray:
    beat = 60_000 / tempo_bpm
    residue = np.mod(np.array(cuts_ms, dtype=float) - phase_ms, beat)
    distance: np.ndarray = np.minimum(residue, beat - residue)
    return distance


def cuts_on_grid(
    tempo_bpm: float, phase_ms: float, beat_indices: list[int], jitter_ms: float = 0.0, seed: int = 0
) -> list[int]:
    rng = np.random.default_rng(seed)
    beat = 60_000 / tempo_bpm
    return [round(phase_ms + k * beat + rng.uniform(-jitter_ms, jitter_ms)) for k in beat_indices]


def test_cuts_on_a_96_bpm_grid_all_land_on_beats() -> None:
    cuts = cuts_on_grid(
        96.0, 250.0, [1, 3, 4, 8, 11, 13, 16, 20, 24, 27, 30, 33, 37, 41, 44, 47, 52, 56, 60, 64, 70, 77, 83, 90]
    )

    tempo, phase = choose_tempo_and_phase(cuts, 60_000)

    assert 70.0 <= tempo <= 140.0
    assert distance_to_grid(cuts, tempo, phase).max() <= TOLERANCE_MS
    assert tempo == pytest.approx(96.0, abs=0.05)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_jittered_cuts_from_an_editor_still_land_on_beats(seed: int) -> None:
    rng = np.random.default_rng(seed)
    tempo_true = float(rng.uniform(80, 130))
    indices = sorted(rng.choice(np.arange(1, 60), size=15, replace=False).tolist())
    cuts = cuts_on_grid(tempo_true, float(rng.uniform(0, 400)), indices, jitter_ms=30, seed=seed)

    tempo, phase = choose_tempo_and_phase(cuts, 40_000)

    assert (distance_to_grid(cuts, tempo, phase) <= TOLERANCE_MS).all()


def test_random_cuts_get_more_beats_than_a_plain_grid_would_give() -> None:
    rng = np.random.default_rng(7)
    cuts = sorted(rng.integers(500, 59_000, size=25).tolist())

    grid = choose_beat_grid(cuts, 60_000)
    plain = (distance_to_grid(cuts, 110.0, 0) <= TOLERANCE_MS).sum()

    on_beat = (distance_to_grid(cuts, grid.tempo_bpm, grid.phase_ms) <= TOLERANCE_MS).sum()
    assert grid.cuts_on_beat == on_beat
    assert on_beat >= plain + 5


def test_big_cuts_fall_on_downbeats() -> None:
    # every cut on a beat; the big ones on beats 2, 6, 10, … (so "one" of the bar must move to beat 2)
    indices = [2, 3, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22]
    cuts = cuts_on_grid(100.0, 300.0, indices)
    strengths = [0.9 if k % 4 == 2 else 0.2 for k in indices]

    grid = choose_beat_grid(cuts, 15_000, cut_strengths=strengths)

    downbeats = np.array(grid.downbeats_ms(15_000))
    big = [c for c, s in zip(cuts, strengths, strict=True) if s > 0.5]
    assert all(np.abs(downbeats - c).min() <= TOLERANCE_MS for c in big)
    assert 0 <= grid.phase_ms < 4 * grid.beat_ms


def test_preferred_tempo_is_kept_close() -> None:
    cuts = cuts_on_grid(120.0, 100.0, [2, 5, 8, 12, 17, 21])

    tempo, _ = choose_tempo_and_phase(cuts, 12_000, preferred_bpm=80.0)

    assert 80 * 0.92 <= tempo <= 80 * 1.08


def test_no_cuts_gives_the_preferred_tempo_from_the_start() -> None:
    assert choose_tempo_and_phase([], 30_000, preferred_bpm=90.0) == (90.0, 0)
    assert choose_tempo_and_phase([0, 30_000], 30_000) == (105.0, 0)


def test_grid_beats_include_the_pickup_before_the_first_downbeat() -> None:
    grid = BeatGrid(tempo_bpm=120.0, phase_ms=1250)

    assert grid.beats_ms(3000) == (250, 750, 1250, 1750, 2250, 2750)
    assert grid.downbeats_ms(6000) == (1250, 3250, 5250)


def test_a_long_video_is_still_fast_and_accurate() -> None:
    cuts = cuts_on_grid(87.5, 420.0, list(range(3, 400, 7)))

    tempo, phase = choose_tempo_and_phase(cuts, 300_000)

    assert (distance_to_grid(cuts, tempo, phase) <= TOLERANCE_MS).all()
