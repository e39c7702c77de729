"""The looks words set (``m.look``, ``m.contrast``, ``m.brightness``, ``m.saturation``), measured on rendered frames of
a colourful picture: black and white has no colour left, the film look tints shadows teal and lifts the blacks,
vintage is paler and darker at the corners, sepia prints grey in brown, and each contrast, brightness or saturation
step spreads, lifts or strengthens the picture's tones visibly (on a real photo: the Big Buck Bunny poster)."""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.looks import look_filter
from tests.conftest import shared_media

from .drafts import draft, shot
from .synth import image_info

SIZE = (320, 180)


def _frames(video: Path) -> Any:
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(video), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         check=True, capture_output=True).stdout  # fmt: skip
    return np.frombuffer(raw, np.uint8).reshape(-1, SIZE[1], SIZE[0], 3).astype(float)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("looks")
    colourful = shared_media("big-buck-bunny-poster.jpg")
    media = {"pic": (colourful, image_info("pic", colourful))}
    out: dict[str, Any] = {}
    for name, meta in {"plain": {}, "bw": {"look": "bw"}, "film": {"look": "film"}, "vintage": {"look": "vintage"},
                       "up": {"contrast": 1}, "down": {"contrast": -1}, "bright": {"brightness": 1},
                       "brighter": {"brightness": 2}, "dark": {"brightness": -1}, "vivid": {"saturation": 1},
                       "vivider": {"saturation": 2}, "muted": {"saturation": -1}, "sepia": {"look": "sepia"},
                       }.items():  # fmt: skip
        d = draft([shot("pic", 0, 1000, motion="none")], 1000, music=None, **meta)
        out[name] = _frames(render_draft(d, media, folder / f"{name}.mp4", quality="low", size=SIZE).path)
    return out


def _chroma(frames: Any) -> float:
    return float(np.abs(frames - frames.mean(axis=3, keepdims=True)).mean())


def _luma(frames: Any) -> Any:
    return frames @ np.array([0.299, 0.587, 0.114])


def test_black_and_white_leaves_no_colour(rendered: dict[str, Any]) -> None:
    assert _chroma(rendered["plain"]) > 12
    assert _chroma(rendered["bw"]) < 3


def test_the_film_look_tints_the_shadows_teal_the_highlights_warm_and_lifts_the_blacks(tmp_path: Path) -> None:
    greys = tmp_path / "greys.png"  # black, dark grey and light grey bands
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "color=c=black:s=640x120[a];"
                    "color=c=0x303030:s=640x120[b];color=c=0xc8c8c8:s=640x120[c];[a][b][c]vstack=3",
                    "-frames:v", "1", str(greys)], check=True)  # fmt: skip
    media = {"g": (greys, image_info("g", greys))}
    made = {}
    for name, meta in (("plain", {}), ("film", {"look": "film"})):
        d = draft([shot("g", 0, 500, motion="none")], 500, music=None, **meta)
        made[name] = _frames(render_draft(d, media, tmp_path / f"{name}.mp4", quality="low", size=SIZE).path)[0]
    black, dark, light = (made["film"][rows, 110:210] for rows in (slice(5, 55), slice(65, 115), slice(125, 175)))
    assert (dark[..., 2] - dark[..., 0]).mean() > 4  # teal shadows
    assert (light[..., 0] - light[..., 2]).mean() > 4  # warm highlights
    assert _luma(black).mean() > _luma(made["plain"][5:55, 110:210]).mean() + 6  # the blacks lifted


def test_vintage_is_paler_and_darker_at_the_corners(rendered: dict[str, Any]) -> None:
    plain, old = rendered["plain"], rendered["vintage"]
    assert _chroma(old) < 0.85 * _chroma(plain)
    corner = (slice(None), slice(0, 30), slice(0, 50))
    centre = (slice(None), slice(75, 105), slice(135, 185))
    assert (
        _luma(old)[corner].mean() / _luma(old)[centre].mean()
        < 0.9 * _luma(plain)[corner].mean() / _luma(plain)[centre].mean()
    )


def test_each_contrast_step_is_a_visible_step(rendered: dict[str, Any]) -> None:
    spread = {k: float(_luma(rendered[k]).std()) for k in ("plain", "up", "down")}
    assert spread["up"] > 1.08 * spread["plain"] > 1.08**2 * spread["down"], spread


def test_each_brightness_step_moves_the_mean_luma_visibly(rendered: dict[str, Any]) -> None:
    """A step moves the poster's mean luma 10 of 255 levels or more (mid-grey 18: ``BRIGHTNESS_STEP``)."""
    mean = {k: float(_luma(rendered[k]).mean()) for k in ("dark", "plain", "bright", "brighter")}
    steps = [b - a for a, b in itertools.pairwise(mean.values())]
    assert min(steps) > 9.5, mean


def test_each_saturation_step_strengthens_the_colour_visibly(rendered: dict[str, Any]) -> None:
    chroma = {k: _chroma(rendered[k]) for k in ("muted", "plain", "vivid", "vivider")}
    ratios = [b / a for a, b in itertools.pairwise(chroma.values())]
    assert min(ratios) > 1.12, chroma
    assert abs(_luma(rendered["vivid"]).mean() - _luma(rendered["plain"]).mean()) < 3  # the light stays


def test_sepia_prints_grey_in_brown(tmp_path: Path) -> None:
    grey = tmp_path / "grey.png"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "color=c=0x808080:s=640x360", "-frames:v", "1",
                    str(grey)], check=True)  # fmt: skip
    d = draft([shot("g", 0, 500, motion="none")], 500, music=None, look="sepia")
    r, g, b = (float(c) for c in _frames(render_draft(d, {"g": (grey, image_info("g", grey))}, tmp_path / "s.mp4",
                                                      quality="low", size=SIZE).path)[0].mean(axis=(0, 1)))  # fmt: skip
    assert r > g + 8 > b + 16, (r, g, b)


def test_no_look_no_filter() -> None:
    assert look_filter(None, 0) == "" and look_filter("sepia-unknown", "x") == ""
    assert look_filter("bw", 2).startswith("curves=m='0/0 0.25/0.160 0.75/0.840 1/1',hue=s=0")
