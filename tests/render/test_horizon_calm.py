"""The aurora's horizon rolls calmly: its crest, the music's levels eased over half a second, moves a
little from frame to frame (on main it was each frame's spectrum afresh: "the white 'horizon' line changes shape
every frame instead of rolling; it looks nervous for a ballad", a blind reviewer of a rock ballad alone), while it
still rises and falls with the music over the seconds. On the drum and bass recording at 360 lines its crest moved
4.3 rows a frame on main, 1.7 here, its mean height travelling 42 and 24 rows over the clip."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .horizon_light import horizon_light


def crest_rows(levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each frame's crest, column by column: the top row the horizon lights at half its column's peak or more
    (rows counted from the top), and whether the column is lit at all."""
    peak = levels.max(axis=1)
    lit = peak > 100
    top = np.argmax(levels >= 0.5 * peak[:, None, :], axis=1)
    return top.astype(np.float32), lit


def test_the_horizon_moves_a_little_from_frame_to_frame_and_still_follows_the_music(tmp_path: Path) -> None:
    levels = horizon_light(tmp_path)  # how much lighter the horizon makes each pixel
    top, lit = crest_rows(levels)
    both = lit[1:] & lit[:-1]
    step = float(np.abs(np.diff(top, axis=0))[both].mean())  # rows the crest moves between consecutive frames
    heights = np.where(lit, top, np.nan)
    swing = float(np.ptp(np.nanmean(heights, axis=1)))  # how far its mean height travels over the clip
    assert step < 2.0 and swing > 10, (step, swing)
