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


def _syncopated(beats: int = 60, figure: range = range(20, 32), shift: int = 13) -> np.ndarray:
    """Onsets on every beat from frame 20; over the ``figure`` beats a louder note ``shift`` frames after each beat
    (a third of a beat) and a softer one on it, as in a sparse passage that plays a syncopated figure."""
    env = _envelope(on_beat=1.0, off_beat=0.0, beats=beats)
    for k in figure:
        env[20 + k * PERIOD] = 0.5
        env[20 + k * PERIOD + shift] = 1.0
    return env


def test_a_stretch_that_followed_a_syncopated_figure_goes_back_to_the_grid() -> None:
    # the tracker left the beat for the figure a third of a beat later and came back after it (held-out 04's song
    # did this at 29-49 s and 95-132 s); the song's grid runs on through the passage
    tracked = _tracked(beats=60)
    tracked[20:32] += 13
    assert np.array_equal(steady.hold_pulse(tracked, _syncopated()), _tracked(beats=60))


def test_a_stretch_that_gained_a_beat_goes_back_to_the_grid() -> None:
    # between beats 20 and 32 the tracker ran fast, with twelve beats where the grid has eleven, off the onsets
    env = _envelope(on_beat=1.0, off_beat=0.0, beats=60)
    tracked = list(_tracked(beats=60))
    tracked[21:32] = [20 + 20 * PERIOD + round(k * 12 * PERIOD / 13) for k in range(1, 13)]
    held = steady.hold_pulse(np.asarray(tracked, dtype=np.int64), env)
    # the tracker's own beats next to the stretch (3 frames off the grid) are on it and stay
    assert len(held) == 60 and np.abs(held - _tracked(beats=60)).max() <= 3


def test_a_slip_is_kept_where_the_tracker_is_off_the_grid_most_of_the_time() -> None:
    # a figure over 25 of 60 beats, with nothing on the beat there, outweighs the soft beat elsewhere: the grid is the
    # figure's. The tracker keeps the beat outside the figure, off that grid for most of the song: its beats stay.
    env = _syncopated(figure=range(20, 45)) * np.where(np.arange(20 + 61 * PERIOD) < 20 + 20 * PERIOD, 0.4, 1.0)
    env[20 + 45 * PERIOD :: PERIOD] *= 0.4
    env[20 + 20 * PERIOD : 20 + 45 * PERIOD : PERIOD] = 0.0
    tracked = _tracked(beats=60)
    tracked[20:45] += 13
    assert np.array_equal(steady.hold_pulse(tracked, env), tracked)
