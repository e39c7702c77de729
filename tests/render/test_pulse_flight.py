"""A loud pulse scene flies on between its beats (``tunnel.CRUISE_RINGS``): the beat pushes it forward and the
flight carries on at an even pace till the next, instead of resting. Held-out 06's tunnels and floors lurched for
3 frames on each beat and then stood nearly still for about 10 (a frame-to-frame change under 1 of 255): "it reads
as stepping rather than flying" (a blind reviewer of ab69c). Measured on a tunnel and a floor, and the drop's warp, at
120 BPM, on the frames of each beat after its push: the share of them that do not move (a change under 0.1)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft

from .drafts import draft, shot
from .synth import gray_frames
from .test_tunnel_characters import COLORS

SIZE = (320, 180)
SCENE_MS = 2000
BEAT = 15  # frames a beat at 120 BPM, 30 fps
PUSH = 4  # the frames of a beat's push


def _changes(tmp_path: Path, variant: str) -> np.ndarray:
    """The mean absolute change of each frame from the one before, 0..255, over two loud scenes (a tunnel, a
    floor) or a drop: the frames of each beat after its push, the first beats' and the scenes' first left out."""
    scenes = [
        shot(None, k * SCENE_MS, SCENE_MS, design="pulse", effect="pulse", variant=variant, framing=k, colors=COLORS)
        for k in range(2)
    ]
    ms = 2 * SCENE_MS
    made = draft(scenes, ms, music=None, backdrop="pulse", bpm=120.0, beats_ms=list(range(0, ms, 500)))
    frames = gray_frames(render_draft(made, {}, tmp_path / f"{variant}.mp4", quality="low", size=SIZE).path)
    change = np.abs(np.diff(frames, axis=0)).mean(axis=(1, 2))  # change[i]: frame i + 1 against frame i
    scene = SCENE_MS * 30 // 1000
    between = [i - 1 for i in range(1, len(frames)) if i % BEAT >= PUSH and i % scene >= BEAT]
    return change[between]


def test_a_loud_scene_flies_on_between_its_beats(tmp_path: Path) -> None:
    for variant in ("loud", "drop"):
        change = _changes(tmp_path, variant)
        still = float(
            np.mean(change < 0.1)
        )  # main, at rest between its pushes: 0.94 (loud); cruising: 0.23, 0.41 (drop)
        assert still < 0.5, (variant, still, np.round(change, 2))


def test_the_flight_between_beats_moves_every_frame(tmp_path: Path) -> None:
    """Between its pushes the flight moves on every frame (``tunnel.FINE``: the window moved by fifths of a pixel of
    the pattern). Moved by whole pixels of it (48 a ring), a tunnel's cruise moved every 4-5 frames at 132 BPM and a
    floor's every other, "rings advance in small ticks about every 5 frames and hold in between", "15 fps judder on
    the floor lines" (a blind reviewer of ab70d). The share of frames between pushes unchanged (under 0.01 of 255)
    at 120 BPM: whole pixels 0.14 loud, 0.08 drop; fifths 0, 0."""
    for variant in ("loud", "drop"):
        change = _changes(tmp_path, variant)
        held = float(np.mean(change < 0.01))
        assert held < 0.05, (variant, held, np.round(change, 3))
