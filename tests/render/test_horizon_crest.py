"""The aurora's horizon reads at a preview's size: its crest, lit whole, is 3 rows thick at 360 lines (one row on
main: "a thin, barely readable waveform line", a blind reviewer of a 4-minute ballad's preview), and stays a line,
not a band (``test_backdrop_visualizers``: at most 4 rows half lit at 270 lines)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .horizon_light import horizon_light


def test_the_horizons_crest_is_thick_enough_to_read_at_a_previews_size(tmp_path: Path) -> None:
    levels = horizon_light(tmp_path)  # how much lighter the horizon makes each pixel
    peak = levels.max(axis=1)  # down each column, frame by frame
    lit = peak > 100
    whole = (levels >= 0.75 * peak[:, None, :]).sum(axis=1)[lit]  # rows lit at three quarters of the crest or more
    assert lit.mean() > 0.9 and float(np.median(whole)) >= 3, (lit.mean(), np.median(whole))
