"""A picture's move in a short shot of loud music (``m.move_pace`` 2: ``planning.move_pace``) goes twice as fast, on
every frame and still by an even step; a push in goes twice as far. Measured on encoded frames (phase correlation,
as ``test_pan_steps``): held-out 01 moved every picture 2 px a frame at 720p, shots of 1.5 s as of 6 s."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.render.camera import pan_chain, pan_corner, zoom_course
from nemo_notebook.engine.render.framings import motion_box
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.timeline import Shot
from nemo_notebook.protocol import Segment
from tests.render.test_pan_steps import FPS, HELD, H, W, _picture, _shift, encoded_planes

FRAMES = 46  # a 1.54 s shot: two beats at 156 BPM, held-out 01's loud cutting


def _steps(motion: str, pace: int | None, tmp: Path) -> np.ndarray:
    canvas = Canvas(W, H, FPS, FRAMES, FRAMES * 1000 // FPS)
    meta: dict[str, object] = {"motion": motion} | ({"move_pace": pace} if pace else {})
    shot = Shot(Segment(0, FRAMES * 1000 // FPS, "p", meta=meta), 0, FRAMES)
    bw, bh = motion_box(canvas)
    before, after = pan_chain(motion, shot, canvas)
    repeated = f"loop=loop={FRAMES - 1}:size=1:start=0,settb=expr=1/{FPS},setpts=N"
    crop = f"crop={W}:{H}{pan_corner(motion, shot, canvas)}"
    chain = f"[0:v]scale={bw}:{bh},format=yuv420p,{before}{repeated},{crop}{after}[v]"
    luma, _ = encoded_planes(_picture(tmp / "still.png", (bw, bh)), chain, FRAMES, tmp / f"{motion}-{pace}.mp4")
    return np.array([abs(_shift(a, b)) for a, b in itertools.pairwise(luma)])


@pytest.mark.parametrize("motion", ["pan_right", "pan_up"])
def test_a_brisk_pan_moves_twice_as_far_every_frame(motion: str, tmp_path: Path) -> None:
    plain, brisk = _steps(motion, None, tmp_path), _steps(motion, 2, tmp_path)
    assert np.median(plain) == pytest.approx(2, abs=0.1)
    assert np.median(brisk) == pytest.approx(4, abs=0.1)
    assert (brisk > HELD).all()  # it moves on every frame of the shot, crossing its way as the shot ends
    assert np.ptp(brisk) < 0.5


def test_a_brisk_push_in_goes_twice_as_far() -> None:
    def reach(pace: int | None) -> float:
        meta: dict[str, object] = {"motion": "zoom_in"} | ({"move_pace": pace} if pace else {})
        return zoom_course("zoom_in", Shot(Segment(0, 2000, "p", meta=meta), 0, 60), 30)[-1] - 1

    assert reach(2) == pytest.approx(2 * reach(None))
