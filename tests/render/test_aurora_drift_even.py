"""The aurora's sky drifts by an even step every frame, neither held nor doubled (``aurora_drift``).

Held-out 05's blind reviewer: "the sky steps: every 4th-5th frame is held at 0:20, and at 1:35-1:47 the sky moves
only every 3rd-4th frame (about 4 fps)". The window was cropped at whole (even) pixels from a sky drifting under a
pixel a frame: it moved a whole pixel or stood still. Measured here on the rendered frames (``backdrop_chain``, 640x360,
15 fps as a preview, 95 BPM): each frame's horizontal move against the frame before, from the phase of the cross
spectrum of the upper sky's rows (sub-pixel), over 2 s in the middle of a scene.
Main: 1.0/2.0/1.0/1.0/2.0 px in a loud scene (1.4 px a frame, CV 0.35), 0.0/1.0/0.0/1.0 in a quiet one (held every
other frame); now even to 1/8 px."""

from __future__ import annotations

import subprocess
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render.backdrops import backdrop_chain
from nemo_notebook.engine.render.graph import Canvas, Graph
from nemo_notebook.engine.render.timeline import Shot
from nemo_notebook.protocol import Segment

COLORS = ["#290f35", "#954593", "#ea97aa", "#fbe4cd"]  # held-out 05's palette
W, H, FPS = 640, 360, 15


def _frames(variant: str, seconds: int) -> Any:
    """The scene's frames, grey, from 3 s to 5 s (8 s) or 8 s to 10 s (a longer scene)."""
    canvas = Canvas(W, H, FPS, FPS * seconds, seconds * 1000, bpm=95.0)
    effect = "gradient" if variant == "quiet" else "pulse"
    meta = {"role": "background", "design": "aurora", "effect": effect, "variant": variant, "colors": COLORS}
    segment = Segment.from_wire({"s": 0, "d": seconds * 1000, "m": meta})
    chain = backdrop_chain(Graph(), Shot(segment, 0, FPS * seconds), canvas)
    first = 3 * FPS if seconds < 10 else 8 * FPS
    picked = f"{chain},trim=start_frame={first}:end_frame={first + 2 * FPS + 1},format=gray"
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", picked, "-f", "rawvideo", "-"],
        check=True,
        capture_output=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, H, W).astype(np.float64)


def _move(a: Any, b: Any) -> float:
    """How far ``b`` lies to the left or right of ``a`` (px): the cross spectrum's peak, then the slope of its phase
    over the low frequencies."""
    rows = slice(int(0.25 * H), int(0.55 * H))  # the rays (0.1-0.45 till s69 lowered them under a night zenith)
    window = np.hanning(W)[None, :]
    fa = np.fft.rfft((a[rows] - a[rows].mean(axis=1, keepdims=True)) * window, axis=1)
    fb = np.fft.rfft((b[rows] - b[rows].mean(axis=1, keepdims=True)) * window, axis=1)
    cross = (fb * np.conj(fa)).sum(axis=0)
    peak = int(np.argmax(np.fft.irfft(cross / (np.abs(cross) + 1e-9), n=W)))
    whole = peak - W if peak > W / 2 else peak
    f = np.arange(1, int(0.08 * W)) / W
    rest = np.angle(cross[1 : int(0.08 * W)] * np.exp(2j * np.pi * f * whole))
    weight = np.abs(cross[1 : int(0.08 * W)])
    return float(whole - (weight * f * rest).sum() / (weight * f * f).sum() / (2 * np.pi))


@pytest.mark.parametrize(("variant", "seconds"), [("loud", 8), ("loud", 20), ("quiet", 40)])
def test_the_aurora_s_sky_moves_by_an_even_step_every_frame(variant: str, seconds: int) -> None:
    frames = _frames(variant, seconds)
    moves = np.abs([_move(frames[i], frames[i + 1]) for i in range(len(frames) - 1)])
    mean = float(moves.mean())
    assert mean > 0.1, moves  # it drifts
    # no frame held (main: 0.0 between 2.0s) nor doubled, and even over the 2 s (main CV about 1)
    assert moves.min() > 0.5 * mean and moves.max() < 1.5 * mean, np.round(moves, 2)
    assert float(moves.std()) / mean < 0.15, np.round(moves, 2)
