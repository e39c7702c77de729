"""A picture's shot marked ``m.mirror`` (``planning.mirrored_returns``: a return in a look shown before) is rendered
mirrored left to right, whether it pans or zooms, so that it is not the same frame again."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft

from .drafts import draft, shot
from .synth import ffmpeg, gray_frames, image_info


def _half_lit_picture(path: Path) -> Path:
    """A 640x360 picture, white on its left half and black on its right."""
    source = "color=c=black:s=640x360:d=1,format=yuv420p,geq=lum='if(lt(X,W/2),235,16)':cb=128:cr=128"
    ffmpeg("-f", "lavfi", "-i", source, "-frames:v", "1", str(path))
    return path


def test_a_mirrored_still_shows_its_picture_flipped_left_to_right_as_it_pans_or_zooms(tmp_path: Path) -> None:
    still = _half_lit_picture(tmp_path / "still.png")
    media = {"still": (still, image_info("still", still))}
    motions = ("pan_up", "pan_up", "zoom_in", "zoom_in")
    shots = [shot("still", k * 1000, 1000, motion=m, mirror=k % 2 == 1) for k, m in enumerate(motions)]
    out = render_draft(draft(shots, 4000, music=None), media, tmp_path / "out.mp4", quality="low", size=(320, 180))
    frames = gray_frames(out.path)
    left, right = (slice(None, 120), slice(200, None))
    for k in range(4):
        middle = frames[(2 * k + 1) * len(frames) // 8]
        lit, dark = (right, left) if k % 2 else (left, right)
        # main 83dc2632: the mirrored shots as lit on the left as the plain ones (m.mirror not read for a picture)
        assert float(np.mean(middle[:, lit])) > 150 > 50 > float(np.mean(middle[:, dark])), k
