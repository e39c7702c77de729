"""A pan over a picture without figures keeps its subject whole in every frame (``pan_held``): held-out 01's
painting tilted down a 3 s shot and ended with its elephant's forehead cut by the frame's top edge."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from nemo_notebook.engine.render.camera import pan_way
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.pan_held import MOVING_SHARE, held_in_box, held_pan
from nemo_notebook.engine.render.timeline import Shot
from nemo_notebook.protocol import MediaInfo, MediaKind, Segment


def _painting(path: Path, *, centre_px: tuple[int, int] = (1300, 440)) -> Path:
    """A 1920x1080 picture of grey-blue texture with a large orange head high in it (520 px wide and 470 high round
    ``centre_px``)."""
    rng = np.random.default_rng(7)
    pixels = np.clip(rng.normal((90, 110, 140), 12, (1080, 1920, 3)), 0, 255)
    ys, xs = np.mgrid[:1080, :1920]
    head = ((xs - centre_px[0]) / 260) ** 2 + ((ys - centre_px[1]) / 235) ** 2 <= 1
    pixels[head] = (230, 140, 40)
    Image.fromarray(pixels.astype(np.uint8)).save(path)
    return path


def test_tilt_down_ends_with_the_subject_whole(tmp_path: Path) -> None:
    path = _painting(tmp_path / "painting.png")
    info = MediaInfo("p", "painting.png", MediaKind.IMAGE, "png", path.stat().st_size, None, 1920, 1080)
    canvas = Canvas(1280, 720, 30, 92, 3070)
    shot = Shot(Segment(0, 3070, "p", None, {"motion": "pan_down"}), 0, 92)
    held = held_in_box(shot, {"p": (path, info)}, canvas)
    assert held is not None
    (_, bh), step, moves, start, _ = pan_way("pan_down", shot, canvas, held)
    assert moves >= 0.6 * (shot.frames - 1)  # it still moves most of the shot
    top = held[1] * bh
    assert all(top >= start + step * min(n, moves) for n in range(shot.frames))  # the head never leaves the top
    assert held[3] * bh <= start + 720
    unheld = pan_way("pan_down", shot, canvas)
    assert top < unheld.start + unheld.step * unheld.moves  # as the way centred on the box's middle had cut it


@pytest.mark.parametrize("motion", ["pan_left", "pan_right", "pan_up", "pan_down"])
def test_a_pan_that_keeps_its_subject_still_moves_through_the_shot(motion: str, tmp_path: Path) -> None:
    """Held to a wide subject, a pan across moved 16 frames of 91 and stood still (held-out 01's painting at 720p):
    it is turned to the other axis, where the subject is kept and the pan moves on."""
    path = _painting(
        tmp_path / "painting.png", centre_px=(1540, 480)
    )  # near the right edge, as the painting's elephant
    info = MediaInfo("p", "painting.png", MediaKind.IMAGE, "png", path.stat().st_size, None, 1920, 1080)
    canvas = Canvas(1280, 720, 30, 92, 3070)
    shot = Shot(Segment(0, 3070, "p", None, {"motion": motion}), 0, 92)
    way, held = held_pan(motion, shot, {"p": (path, info)}, canvas)
    assert held is not None
    moving = pan_way(way, shot, canvas, held)
    assert moving.moves >= MOVING_SHARE * pan_way(way, shot, canvas).moves
    (bw, bh), ends = moving.box, (moving.start, moving.start + moving.step * moving.moves)
    low, high = (held[0] * bw, held[2] * bw) if way in ("pan_left", "pan_right") else (held[1] * bh, held[3] * bh)
    frame = canvas.width if way in ("pan_left", "pan_right") else canvas.height
    assert all(end <= low and high <= end + frame for end in ends)
    assert way == {"pan_left": "pan_up", "pan_right": "pan_down"}.get(motion, motion)  # across, it moved 16 frames
