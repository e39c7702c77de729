"""A push in or a pull out never shows a column or row from past the picture's edge (``camera.zoom_filter``).

The zoom scales the picture every frame and crops the frame from it; the bundled ffmpeg numbers the scaler's frames
from 1 and the crop's from 0, so where the zoom stepped to the next size the crop, reckoning the size of the frame
before, reached one pixel past the scaled picture: its last column (or row) showed whatever the buffer held there
(black, white, or a frame before). Here: a flat grey picture zoomed as the renderer does for 8 s at 320x180 and
30 fps, from the centre and from an edge (``m.move_from``), every frame read back unencoded; on main (701a37e) 27 of
the 240 frames of a pull out of the right edge had such an edge."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render.camera import zoom_filter
from nemo_notebook.engine.render.framings import motion_box
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.timeline import Shot
from nemo_notebook.protocol import Segment

W, H, FPS, SECONDS = 320, 180, 30, 8
GREY = 128


def _zoomed(motion: str, start: str, folder: Path) -> np.ndarray:
    frames = FPS * SECONDS
    canvas = Canvas(W, H, FPS, frames, SECONDS * 1000)
    shot = Shot(Segment(0, SECONDS * 1000, "p", meta={"motion": motion, "move_from": start}), 0, frames)
    bw, bh = motion_box(canvas)
    chain = f"[0:v]scale={bw}:{bh},format=yuv420p,{zoom_filter(motion, shot, canvas)},format=gray[v]"
    still = folder / "grey.png"  # a picture as uploaded (RGB): the scaler converts it, as it does a photo
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=0x808080:s=640x360:d=0.04",
                    "-frames:v", "1", str(still)], check=True)  # fmt: skip
    source = ["-i", str(still)]
    raw = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            *source,
            "-filter_complex_threads",
            "1",
            "-filter_complex",
            chain,
            "-map",
            "[v]",
            "-fps_mode",
            "passthrough",
            "-f",
            "rawvideo",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, H, W).astype(int)


@pytest.mark.parametrize("start", ["centre", "edge"])
@pytest.mark.parametrize("motion", ["zoom_in", "zoom_out"])
def test_every_frame_of_a_zoom_is_the_picture_to_its_edges(motion: str, start: str, tmp_path: Path) -> None:
    frames = _zoomed(motion, start, tmp_path)
    assert len(frames) == FPS * SECONDS
    edges = np.concatenate([frames[:, :, -1], frames[:, :, 0], frames[:, -1, :], frames[:, 0, :]], axis=1)
    off = np.nonzero(np.abs(edges - GREY).max(axis=1) > 3)[0]
    assert off.size == 0, f"{off.size} frames with an edge from past the picture, the first {off[:8].tolist()}"
