"""Issue 29: "brighter", "darker", "more vivid" and "sepia" through the public client against the embedded engine,
each measured on the exported MP4 against the same video exported before the words (one photo, the Big Buck Bunny
poster, and a click track: the same plan each time, so only the grade differs)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.client import Client, Session
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from tests.conftest import shared_media

from .media import click_track

SIZE = (160, 90)


@pytest.fixture(scope="module")
def session(client: Client, tmp_path_factory: pytest.TempPathFactory) -> Session:
    made = client.sessions.create()
    made.upload(click_track(tmp_path_factory.mktemp("tone") / "click.wav", 120.0, 4.0))
    made.upload(shared_media("big-buck-bunny-poster.jpg"))
    made.send("make a music video with no visualizer")
    return made


def _exported(session: Session, out: Path) -> Any:
    """The exported video's frames, small, as RGB floats (n, h, w, 3)."""
    video = session.export(quality="low").wait(timeout=240).download(out)
    raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(video), "-vf", f"scale={SIZE[0]}:{SIZE[1]}",
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], check=True, capture_output=True).stdout  # fmt: skip
    return np.frombuffer(raw, np.uint8).reshape(-1, SIZE[1], SIZE[0], 3).astype(float)


def _luma(frames: Any) -> Any:
    return frames @ np.array([0.299, 0.587, 0.114])


def _chroma(frames: Any) -> Any:
    return np.abs(frames - frames.mean(axis=-1, keepdims=True)).mean(axis=-1)


@pytest.fixture(scope="module")
def made(session: Session, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("exports")
    out: dict[str, Any] = {"plain": _exported(session, folder / "plain.mp4")}
    for name, words in (("brighter", "make it brighter"), ("vivid", "darker, more vivid"), ("sepia", "sepia")):
        out[f"{name} said"] = session.send(words).text
        out[name] = _exported(session, folder / f"{name}.mp4")
        out[f"{name} meta"] = dict(session.state().draft.meta)
    return out


def test_brighter_lifts_the_mean_luma_and_says_by_how_much(made: dict[str, Any]) -> None:
    assert _luma(made["brighter"]).mean() > _luma(made["plain"]).mean() + 8
    assert "brighter: step +1 of 3 (each step moves mid-grey 18 of 255 levels" in made["brighter said"]


def test_darker_undoes_brighter_and_more_vivid_strengthens_the_colour(made: dict[str, Any]) -> None:
    assert made["vivid meta"].get("brightness") == 0 and made["vivid meta"]["saturation"] == 1
    assert abs(_luma(made["vivid"]).mean() - _luma(made["plain"]).mean()) < 3
    assert _chroma(made["vivid"]).mean() > 1.15 * _chroma(made["plain"]).mean()
    assert "more saturated: step +1 of 3" in made["vivid said"]


def test_sepia_tones_the_grey_areas_brown(made: dict[str, Any]) -> None:
    plain, sepia = made["plain"], made["sepia"]
    grey = (_chroma(plain) < 6) & (_luma(plain) > 40) & (_luma(plain) < 220)  # grey in the plain export
    assert grey.sum() > 500
    r, g, b = (float(sepia[..., c][grey].mean()) for c in range(3))
    assert r > g + 5 > b + 10, (r, g, b)
    assert "sepia" in made["sepia said"]
