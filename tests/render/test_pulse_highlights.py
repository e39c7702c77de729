"""A lit pulse scene's brightest light is eased into white, not clipped flat (``tunnel.KNEE``, ``tunnel.rolled_off``):
lit by ``tunnel.PEAK_LIGHT`` after the breakdown, held-out 06's re-drop showed "cyan blobs clip to flat cyan patches
with ragged edges" (2:40, a blind reviewer of ab70d) and its lit floor's nearest lines flat lime patches. Measured
on the rendered frames of a peak tunnel and a peak floor in a palette whose lightest colour is cyan: the share of
pixels at that colour (within 16 of 255 on each channel), the plateau a clipped light leaves."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft

from .drafts import draft, shot
from .test_track_alone_look import rgb_frames
from .test_tunnel_characters import COLORS

SIZE = (320, 180)
TOP = np.array([0x00, 0xE5, 0xFF]) / 255  # the lightest of ``COLORS``: the ramp's colour at white


def test_a_peak_scenes_brightest_light_is_not_clipped_flat(tmp_path: Path) -> None:
    framings = (4, 5)  # a tunnel, a floor
    scenes = [
        shot(None, k * 1000, 1000, design="pulse", effect="pulse", variant="loud", framing=f, colors=COLORS, peak=True)
        for k, f in enumerate(framings)
    ]
    length = len(framings)
    made = draft(scenes, length * 1000, music=None, backdrop="pulse", bpm=120.0, beats_ms=list(range(0, 2000, 500)))
    frames = rgb_frames(render_draft(made, {}, tmp_path / "peak.mp4", quality="low", size=SIZE).path, SIZE)
    fps = len(frames) / length
    for k in range(length):
        scene = frames[round(k * fps) + 2 : round((k + 1) * fps) - 2]
        flat = float(np.mean(np.abs(scene - TOP).max(axis=-1) <= 16 / 255))
        assert flat < 0.01, (framings[k], flat)  # clipped at 255: 0.033 (tunnel), 0.009; eased: 0.004, 0
