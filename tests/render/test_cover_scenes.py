"""A cover video's sections are scenes a viewer tells apart (issue 29): at a section's change the visualizer is
drawn another way and the background turns (``cover_scenes``, ``cover_motion.VIEWS``), so that a frame after the
change differs from one before it far more than two frames inside one section do. A blind reviewer of 3:16 of a
song and its cover, on main: "nothing changes; the reply claims 3 scenes, but 48/52 s and 134/138 s look the same"."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.cover_layout import cover_layout
from nemo_notebook.protocol import Draft

from .test_cover_art import SIZES, _cover_draft, _media, _rgb_frames

SECTION_MS = 4000  # a scene's least (``SCENE_LEAST_MS``)


def _three_scenes(design: str, tmp_path: Path, effect: str | None = None) -> np.ndarray:
    """Three sections of the same level (the middle), a shot each, as planning cuts a cover video."""
    wire = _cover_draft(design, "16:9", length_ms=3 * SECTION_MS).to_wire()
    starts = [n * SECTION_MS for n in range(3)]
    wire["t"][0]["sg"] = [{"s": s, "d": SECTION_MS, "src": "c", "in": 0, "m": {"motion": "zoom_in"}} for s in starts]
    wire["m"]["sections"] = [{"start_ms": s, "end_ms": s + SECTION_MS, "level": "middle"} for s in starts]
    wire["m"]["downbeats_ms"] = [s + 500 for s in starts]
    if effect is not None:
        wire["t"][1]["sg"][0]["m"]["effect"] = effect
    draft = Draft.from_wire(wire)
    media = _media(tmp_path, "testsrc2=s=480x480")
    return _rgb_frames(render_draft(draft, media, tmp_path / f"{design}.mp4", size=SIZES["16:9"]).path)


def _changes(frames: np.ndarray, keep: np.ndarray) -> tuple[float, float]:
    """The mean absolute difference (RGB levels, over ``keep``'s pixels) between frames 0.8 s apart in the middle
    of a section (the least of the three), and across a section's change (the least of the two changes)."""
    fps = 30

    def apart(a_s: float, b_s: float) -> float:
        return float(np.abs(frames[round(a_s * fps)] - frames[round(b_s * fps)])[keep].mean())

    starts = [n * SECTION_MS / 1000 for n in range(3)]
    inside = min(apart(s + 1.6, s + 2.4) for s in starts)
    across = min(apart(s - 0.4, s + 0.4) for s in starts[1:])
    return inside, across


@pytest.mark.parametrize("design", ["poster", "wave"])
def test_a_section_change_is_a_change_a_viewer_sees(design: str, tmp_path: Path) -> None:
    """Off the cover (which floats and pulses alike in every section): on main 89b3739 a change was 0.93 (the
    poster) and 1.56 (the wave) times the change inside a section; now 2.8 and 3.0."""
    frames = _three_scenes(design, tmp_path)
    box = cover_layout(design, *SIZES["16:9"], (480, 480), ("Choice", "The Band")).cover
    keep = np.ones(frames.shape[1:3], bool)
    keep[max(0, box.y - 20) : box.bottom + 20, max(0, box.x - 30) : box.x + box.width + 30] = False
    inside, across = _changes(frames, keep)
    assert across > 2.0 * inside, (design, inside, across)
