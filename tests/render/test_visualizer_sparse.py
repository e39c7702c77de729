"""Every visualizer design moves across its whole strip on sparse music: a few plucked notes, one at a time, from
55 Hz to 1.76 kHz. On a linear frequency axis such music leaves most of the strip still (its notes and their
harmonics sit in the bottom fifth of the audible range); on the constant-Q axis every bar has a note near it."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.visualizer import box_for

from .drafts import draft, shot
from .synth import audio_info, gray_frames, image_info, picture

SIZE = (480, 270)
MS = 4000
NOTES_HZ = (55, 98, 165, 262, 440, 698, 1175, 1760)  # one every half second, each dying away before the next
SECTORS = 32  # angular sectors of the circular design
MOVES = 0.1  # a column (or sector) moves when its drawn extent changes by this share of the strip over time
# measured at 480x270: every design moves 0.98-1.0 of its columns (sectors) by a tenth of the strip or more
MIN_MOVING = 0.8


def plucks(path: Path, rate: int = 48000) -> Path:
    """A stereo WAV of ``NOTES_HZ`` plucked in turn (three harmonics, decaying), silence between their tails."""
    step = MS / 1000 / len(NOTES_HZ)
    t = np.arange(int(rate * MS / 1000)) / rate
    out = np.zeros_like(t)
    for k, hz in enumerate(NOTES_HZ):
        local = t - k * step
        envelope = np.where(local >= 0, np.exp(-6 * np.maximum(local, 0)), 0.0)
        out += envelope * sum(a * np.sin(2 * np.pi * hz * h * t) for h, a in ((1, 1.0), (2, 0.5), (3, 0.3)))
    samples = (np.repeat(0.5 * out[:, None] / np.abs(out).max(), 2, axis=1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    return path


@pytest.fixture(scope="module")
def sparse(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("sparse")
    song, dark = plucks(folder / "plucks.wav"), picture(folder / "dark.jpg", "0x202020")
    media = {"song": (song, audio_info("song", song, MS)), "dark": (dark, image_info("dark", dark))}
    plain = gray_frames(render_draft(_draft(None), media, folder / "plain.mp4", size=SIZE).path)
    return {"media": media, "plain": plain}


def _draft(visualizer: dict[str, Any] | None) -> Any:
    return draft([shot("dark", 0, MS, motion="none")], MS, music="song", visualizer=visualizer)


def moving_share(changed: Any, circular: bool) -> float:
    """The share of the strip's columns (of the ring's sectors) whose drawn extent changes over time by ``MOVES``
    of the strip's height (of the sector's size); ``changed``: (frames, height, width) booleans."""
    _, height, width = changed.shape
    if not circular:
        counts = changed.sum(axis=1)
        return float((np.ptp(counts, axis=0) >= MOVES * height).mean())
    yy, xx = np.mgrid[:height, :width]
    angle = ((np.arctan2(xx - width / 2, height / 2 - yy) + 2 * np.pi) % (2 * np.pi)) / (2 * np.pi)
    sector = np.minimum((angle * SECTORS).astype(int), SECTORS - 1).ravel()
    counts = np.stack([np.bincount(sector, weights=frame.ravel(), minlength=SECTORS) for frame in changed])
    size = np.bincount(sector, minlength=SECTORS)
    return float((np.ptp(counts, axis=0) >= MOVES * size / 2).mean())


@pytest.mark.parametrize("effect", ["spectrum", "cqt", "mirrored", "line", "circular", "glow"])
def test_every_design_moves_across_its_strip_on_sparse_music(
    sparse: dict[str, Any], tmp_path: Path, effect: str
) -> None:
    position = "center" if effect == "circular" else "bottom"
    viz = {"effect": effect, "color": "#ffffff", "position": position}
    drawn = gray_frames(render_draft(_draft(viz), sparse["media"], tmp_path / "v.mp4", size=SIZE).path)
    box = box_for(effect, position, Canvas(SIZE[0], SIZE[1], 30, MS * 30 // 1000, MS))
    area = (slice(15, None), slice(box.y, box.y + box.height), slice(box.x, box.x + box.width))
    share = moving_share(np.abs(drawn[area] - sparse["plain"][area]) > 12, effect == "circular")
    assert share >= MIN_MOVING, f"{effect}: only {share:.2f} of the strip moves on sparse music"


def test_the_ring_shows_a_whole_circle_in_silence(tmp_path: Path) -> None:
    """A quiet intro drew a few stray spokes where the ring should be (a reviewer: "it looks broken"): its base
    circle is drawn in every quarter even when nothing sounds."""
    silent = tmp_path / "silent.wav"
    with wave.open(str(silent), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(48000)
        w.writeframes(b"\0" * 4 * 48000 * 2)
    dark = picture(tmp_path / "dark.jpg", "0x202020")
    media = {"song": (silent, audio_info("song", silent, 2000)), "dark": (dark, image_info("dark", dark))}
    viz = {"effect": "circular", "color": "#ffffff", "position": "center"}
    plan = draft([shot("dark", 0, 2000, motion="none")], 2000, music="song", visualizer=viz)
    frames = gray_frames(render_draft(plan, media, tmp_path / "v.mp4", size=SIZE).path)
    box = box_for("circular", "center", Canvas(SIZE[0], SIZE[1], 30, 60, 2000))
    lit = frames[30, box.y : box.y + box.height, box.x : box.x + box.width] > 96
    h, w = lit.shape
    quarters = [lit[: h // 2, : w // 2], lit[: h // 2, w // 2 :], lit[h // 2 :, : w // 2], lit[h // 2 :, w // 2 :]]
    assert all(q.sum() > 20 for q in quarters), [int(q.sum()) for q in quarters]
