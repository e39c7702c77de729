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


def test_a_posters_joined_bars_are_see_through_and_fainter_towards_their_tops(tmp_path: Path) -> None:
    """Solid, the gold joined bars read as "crude stair-step blocks next to the painting" (a blind reviewer of
    held-out 04): drawn over the background, a tall bar changes it less just under its top than near its base."""
    media = _media(tmp_path)
    with_bars = _rgb_frames(render_draft(_lifted(), media, tmp_path / "a.mp4", size=SIZE).path)
    without = _rgb_frames(render_draft(_lifted(bars=False), media, tmp_path / "b.mp4", size=SIZE).path)
    box = cover_layout("poster", *SIZE, (480, 480), CREDIT).visualizer
    ratios = []
    for n in (30, 45, 60, 75):
        drawn = np.abs(with_bars[n] - without[n]).max(axis=2)[box.y : box.bottom, box.x + 4 : box.x + box.width - 4]
        for column in drawn.T:
            rows = np.flatnonzero(column > 20)
            if rows.size and rows[0] < box.height // 3:  # a bar reaching into the box's top third
                ratios.append(column[rows[0] + 3 : rows[0] + 6].mean() / max(column[-14:-10].mean(), 1.0))
    assert len(ratios) > 10, len(ratios)
    assert float(np.median(ratios)) < 0.75, float(np.median(ratios))  # main: about 1, solid to the top
