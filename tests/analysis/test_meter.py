"""The bar phase followed through a song (``meter.local_downbeats``)."""

from __future__ import annotations

import numpy as np

from nemo_notebook.engine.analysis.meter import local_downbeats


def _bars(count: int, rng: np.random.Generator) -> np.ndarray:
    """Beat cues of ``count`` bars of four with a clear "1": a downbeat 2 above the others, plus noise."""
    cues = np.tile([2.0, 0.0, 0.0, 0.0], count) - 0.5
    return cues + rng.normal(0.0, 0.5, len(cues))


def test_downbeats_follow_a_beat_the_tracker_gained() -> None:
    # 30 bars, one extra beat (a stretch the tracker ran fast through), 30 more bars: every later "1" is one beat
    # later in the beat list, and one phase for the whole song would be wrong on one side of the slip
    rng = np.random.default_rng(5)
    cues = np.concatenate([_bars(30, rng), [0.0], _bars(30, rng)])
    expected = tuple(range(0, 120, 4)) + tuple(range(121, 241, 4))
    assert local_downbeats(cues, 4) == expected


def test_a_few_contrary_bars_keep_the_phase() -> None:
    # a three-bar break whose accents fall on beat 3 does not move the bar: the song's "1" holds through it
    rng = np.random.default_rng(6)
    cues = _bars(40, rng)
    cues[80:92] = np.tile([0.0, 0.0, 3.0, 0.0], 3)
    assert local_downbeats(cues, 4) == tuple(range(0, 160, 4))


def test_three_beats_to_the_bar_and_no_beats() -> None:
    cues = np.tile([1.5, -0.5, -0.5], 8)
    assert local_downbeats(cues, 3) == tuple(range(0, 24, 3))
    assert local_downbeats(np.zeros(0), 4) == ()
