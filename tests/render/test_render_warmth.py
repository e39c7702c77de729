"""The colour grade the words "warmer colours" and "cooler colours" set (``m.warmth``): red up and blue down on
the pictures and clips, the other way for cooler, nothing when neutral."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.framing import warmth_filter

from .drafts import draft, shot
from .synth import image_info, picture


def _mean_rgb(video: Path) -> np.ndarray:
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(video), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        check=True,
        capture_output=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, 3).astype(float).mean(axis=0)


def test_warmth_filter_steps() -> None:
    assert warmth_filter(0) == ""
    assert "rm=0.100" in warmth_filter(1) and "bm=-0.100" in warmth_filter(1)
    assert "rm=-0.200" in warmth_filter(-2) and "bm=0.200" in warmth_filter(-2)


def test_warmer_colours_turn_a_grey_picture_warm_and_cooler_cool(tmp_path: Path) -> None:
    grey = picture(tmp_path / "grey.png", "0x808080")
    media = {"pic": (grey, image_info("pic", grey))}
    looks = {}
    for warmth in (-2, 0, 1, 2):
        d = draft([shot("pic", 0, 1000, motion="none")], 1000, music=None, warmth=warmth)
        out = tmp_path / f"w{warmth}.mp4"
        render_draft(d, media, out, quality="low")
        r, _, b = _mean_rgb(out)
        looks[warmth] = r - b
    assert abs(looks[0]) < 3
    assert looks[1] > looks[0] + 14, looks  # one step is a visible step (it moved red - blue by 8 levels before)
    assert looks[2] > looks[1] + 14 and looks[-2] < looks[0] - 28, looks
