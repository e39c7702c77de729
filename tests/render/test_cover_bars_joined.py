"""A cover video's bars are one shape (``visualizer_joined``): side by side with no gaps, on a line through their
base, where bars over pictures keep a gap before each. Apart, held-out 04's bars (main fa00e8a4) read as "stubs,
short disconnected pieces" to a blind reviewer."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.cover_layout import cover_layout
from nemo_notebook.protocol import Draft
from nemo_notebook.protocol.vocabulary import COVER_VISUALIZERS

from .drafts import draft, shot
from .test_cover_art import CREDIT, _media, _rgb_frames

SIZE = (640, 360)
LENGTH_MS = 3000


def _poster(*, bars: bool) -> Draft:
    effect = {"effect": COVER_VISUALIZERS["poster"], "color": "auto", "position": "auto", "opacity": 0.9}
    text = {"s": 0, "d": LENGTH_MS, "m": {"text": "Choice — The Band", "role": "title", "layout": "cover"}}
    return draft(
        [shot("c", 0, LENGTH_MS)],
        LENGTH_MS,
        aspect="16:9",
        music="m",
        visualizer=effect if bars else None,
        texts=[text],
        cover_design="poster",
    )


def test_a_posters_bars_stand_side_by_side_on_an_unbroken_line(tmp_path: Path) -> None:
    media = _media(tmp_path)
    with_bars = _rgb_frames(render_draft(_poster(bars=True), media, tmp_path / "a.mp4", size=SIZE).path)
    without = _rgb_frames(render_draft(_poster(bars=False), media, tmp_path / "b.mp4", size=SIZE).path)
    box = cover_layout("poster", *SIZE, (480, 480), CREDIT).visualizer
    for n in (30, 45, 60, 75):
        drawn = np.abs(with_bars[n] - without[n]).max(axis=2)[box.y : box.bottom, box.x + 4 : box.x + box.width - 4]
        base = (drawn[-6:-1] > 30).any(axis=0)  # the line along their base, in every column: no bar apart
        assert base.mean() > 0.97, (n, base.mean())  # main: 0.47 of them at 1.5 s
