"""The aurora's horizon reads at a preview's size: its crest, lit whole, is 3 rows thick at 360 lines (one row on
main: "a thin, barely readable waveform line", a blind reviewer of a 4-minute ballad's preview), and stays a line,
not a band (``test_backdrop_visualizers``: at most 4 rows half lit at 270 lines)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol.vocabulary import DESIGN_LIGHT, DESIGN_VISUALIZERS
from tests.conftest import shared_media

from .drafts import draft, shot
from .synth import audio_info, gray_frames, image_info, picture

SIZE = (640, 360)
MS = 3000


def test_the_horizons_crest_is_thick_enough_to_read_at_a_previews_size(tmp_path: Path) -> None:
    dark = picture(tmp_path / "dark.jpg", "0x181818", "1920x1080")
    song = shared_media("choice-drum-bass.ogg")
    media = {
        "song": (song, audio_info("song", song, MS)),
        "dark": (dark, replace(image_info("dark", dark), width=1920, height=1080)),
    }
    effect, position = DESIGN_VISUALIZERS["aurora"]
    viz = {"effect": effect, "position": position, "color": DESIGN_LIGHT, "opacity": 0.9}
    frames = {}
    for name, visualizer in (("with", viz), ("without", None)):
        made = draft([shot("dark", 0, MS, motion="none")], MS, music="song", visualizer=visualizer, backdrop="aurora")
        frames[name] = gray_frames(render_draft(made, media, tmp_path / f"{name}.mp4", size=SIZE).path)
    levels = (frames["with"] - frames["without"])[15:]  # how much lighter the horizon makes each pixel
    peak = levels.max(axis=1)  # down each column, frame by frame
    lit = peak > 100
    whole = (levels >= 0.75 * peak[:, None, :]).sum(axis=1)[lit]  # rows lit at three quarters of the crest or more
    assert lit.mean() > 0.9 and float(np.median(whole)) >= 3, (lit.mean(), np.median(whole))
