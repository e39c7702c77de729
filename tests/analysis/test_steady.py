"""The steady-song phase choice on envelopes built by hand: which of the two eighth-note phases is the beat."""

from __future__ import annotations

import numpy as np

from nemo_notebook.engine.analysis import steady

PERIOD = 40  # frames per beat


def _envelope(on_beat: float, off_beat: float, beats: int = 40) -> np.ndarray:
    """Onsets of ``on_beat`` strength every PERIOD frames from frame 20, and of ``off_beat`` halfway between."""
    env = np.zeros(20 + beats * PERIOD + PERIOD)
    env[20 : 20 + beats * PERIOD : PERIOD] = on_beat
    env[20 + PERIOD // 2 : 20 + beats * PERIOD : PERIOD] = off_beat
    return env


def _tracked(beats: int = 40, start: int = 20) -> np.ndarray:
    return np.arange(start, start + beats * PERIOD, PERIOD, dtype=np.int64)


def test_beats_move_to_the_phase_where_the_whole_spectrum_rises() -> None:
    # the tracker sat on the loud off-beat bass (frame 40, 80, ...); the flux of every band says the beat is at 20
    tracked = _tracked(start=40)[:-1]
    loud = _envelope(on_beat=0.3, off_beat=1.0)
    balanced = _envelope(on_beat=1.0, off_beat=0.4)
    moved = steady.choose_phase(tracked, balanced, loud)
    assert np.array_equal(moved, tracked + PERIOD // 2)


def test_beats_stay_where_the_other_phase_is_not_clearly_stronger() -> None:
    tracked = _tracked()
    loud = _envelope(on_beat=1.0, off_beat=0.5)
    nearly = _envelope(on_beat=1.0, off_beat=1.1)  # eighth-note hats: both phases alike
    assert steady.choose_phase(tracked, nearly, loud) is tracked


def test_too_few_beats_to_judge_are_left_as_they_are() -> None:
    tracked = _tracked(beats=8, start=40)
    assert steady.choose_phase(tracked, _envelope(1.0, 0.1), _envelope(0.1, 1.0)) is tracked
