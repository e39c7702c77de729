"""A cover video's bars are one shape (``visualizer_joined``): side by side with no gaps, on a line through their
base, where bars over pictures keep a gap before each. Apart, held-out 04's bars (main fa00e8a4) read as "stubs,
short disconnected pieces" to a blind reviewer."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.cover_layout import cover_layout

from .test_cover_art import CREDIT, _media, _rgb_frames
from .test_cover_phrases import _lifted

SIZE = (640, 360)


def test_a_posters_bars_stand_side_by_side_on_an_unbroken_line(tmp_path: Path) -> None:
    media = _media(tmp_path)
    with_bars = _rgb_frames(render_draft(_lifted(), media, tmp_path / "a.mp4", size=SIZE).path)
    without = _rgb_frames(render_draft(_lifted(bars=False), media, tmp_path / "b.mp4", size=SIZE).path)
    box = cover_layout("poster", *SIZE, (480, 480), CREDIT).visualizer
    for n in (30, 45, 60, 75):  # the poster's first scene (the stage from 5 s)
        drawn = np.abs(with_bars[n] - without[n]).max(axis=2)[box.y : box.bottom, box.x + 4 : box.x + box.width - 4]
        base = (drawn[-6:-1] > 30).any(axis=0)  # the line along their base, in every column: no bar apart
        assert base.mean() > 0.97, (n, base.mean())  # main: 0.47 of them at 1.5 s
