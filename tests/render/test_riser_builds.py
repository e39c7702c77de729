"""A quiet scene whose music rises into the loud one after it builds from there (meta "rises_from_ms",
``planning.risers``; ``backdrops.RISE_LIGHT``): its light grows and its tunnel flows faster towards its end. Held-out
06's riser before its re-drop (2:27.9-2:32.7): "the frame barely moves (change about 1) and brightness stays flat
(about 32 to 39)" (a blind reviewer). Two quiet scenes of 4 s, alike but for the rise from 1.5 s in the first: its
last half second's light over its first second's (1.11, the other's 0.75), and its change a frame there over its
first second's (3.0, the other's 0.67)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft

from .drafts import draft, shot
from .synth import gray_frames
from .test_tunnel_characters import COLORS

SIZE = (256, 144)


def _build(frames: np.ndarray, fps: float, start_s: float) -> tuple[float, float]:
    """(the light of a scene's last half second over its first second's, its change a frame likewise)."""
    first = frames[round(start_s * fps) + 1 : round((start_s + 1) * fps)]
    last = frames[round((start_s + 3.5) * fps) : round((start_s + 4) * fps) - 1]
    change = [float(np.abs(np.diff(part, axis=0)).mean()) for part in (first, last)]
    return float(last.mean() / first.mean()), change[1] / max(change[0], 1e-6)


def test_a_quiet_scene_builds_where_its_music_rises(tmp_path: Path) -> None:
    scenes = [
        shot(None, 0, 4000, design="pulse", variant="quiet", colors=COLORS, rises_from_ms=1500),
        shot(None, 4000, 4000, design="pulse", variant="quiet", colors=COLORS),
    ]
    made = draft(scenes, 8000, music=None, backdrop="pulse", bpm=120.0, beats_ms=list(range(0, 8000, 500)))
    frames = gray_frames(render_draft(made, {}, tmp_path / "rise.mp4", quality="low", size=SIZE).path)
    fps = len(frames) / 8
    rising, steady = _build(frames, fps, 0.0), _build(frames, fps, 4.0)
    assert rising[0] > 1.25 * steady[0], (rising, steady)  # lighter towards the entry
    assert rising[1] > 1.5 * steady[1], (rising, steady)  # and moving more
