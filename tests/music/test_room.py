"""The room's floor under the calm acoustic styles (``music.room``)."""

from __future__ import annotations

import numpy as np
import pytest

from nemo_notebook.engine.music.room import BELOW_MUSIC_DB, room_tone


@pytest.fixture
def music() -> np.ndarray:
    rate = 48_000
    t = np.arange(2 * rate) / rate
    tone = (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    return np.stack([tone, tone], axis=1)


def test_a_calm_piece_gets_a_steady_decorrelated_floor_under_its_music(music: np.ndarray) -> None:
    roomed = room_tone(music, style="sad", sample_rate=48_000, seed=1)
    bed = (roomed - music).astype(np.float64)
    level_db = 10 * np.log10(np.mean(bed**2) / np.mean(music.astype(np.float64) ** 2))
    assert level_db == pytest.approx(-BELOW_MUSIC_DB, abs=0.1)
    assert abs(np.corrcoef(bed[:, 0], bed[:, 1])[0, 1]) < 0.05  # a room around the players, not a hiss in the middle
    halves = [10 * np.log10(np.mean(h**2)) for h in np.array_split(bed[:, 0], 8)]
    assert max(halves) - min(halves) < 0.5  # it never stops
    assert np.array_equal(roomed, room_tone(music, style="sad", sample_rate=48_000, seed=1))


@pytest.mark.parametrize("style", ["upbeat", "electronic", "lofi", "epic"])
def test_produced_and_loud_styles_keep_their_own_floor(music: np.ndarray, style: str) -> None:
    assert room_tone(music, style=style, sample_rate=48_000, seed=1) is music
