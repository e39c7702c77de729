"""Issue 27: a picture with see-through parts (a logo, a cut-out) stands on a designed backdrop (a blurred glow of
itself on a dark slate), never on the black its transparent pixels turn into, and its opaque parts keep their
colour."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.fills import has_alpha
from nemo_notebook.protocol import MediaInfo, MediaKind

from .drafts import draft, shot
from .synth import ffmpeg

ORANGE = (240, 120, 32)
INSIDE = "between(X,220,419)*between(Y,100,259)"  # the opaque box of the 640×360 logo


def _logo(tmp_path: Path) -> tuple[Path, MediaInfo]:
    """A 640×360 PNG, see-through (RGBA 0,0,0,0: what most editors write) but for an opaque orange box."""
    path = tmp_path / "logo.png"
    r, g, b = ORANGE
    paint = f"geq=r='{r}*{INSIDE}':g='{g}*{INSIDE}':b='{b}*{INSIDE}':a='255*{INSIDE}'"
    ffmpeg("-f", "lavfi", "-i", f"color=c=black:s=640x360,format=rgba,{paint}", "-frames:v", "1", str(path))
    return path, MediaInfo("logo", "logo.png", MediaKind.IMAGE, "png", 1, width=640, height=360)


def _luma(rgb: np.ndarray) -> np.ndarray:
    return np.asarray(rgb @ np.array([0.2126, 0.7152, 0.0722]))


def _first_frame(path: Path) -> np.ndarray:
    import av

    with av.open(str(path)) as container:
        return np.asarray(next(container.decode(video=0)).to_ndarray(format="rgb24"), dtype=np.float32)


@pytest.mark.parametrize(("aspect", "size"), [("16:9", (320, 180)), ("9:16", (180, 320))])
def test_see_through_parts_are_not_black_and_the_shape_keeps_its_colour(
    tmp_path: Path, aspect: str, size: tuple[int, int]
) -> None:
    path, info = _logo(tmp_path)
    assert has_alpha(path)
    d = draft([shot("logo", 0, 1000, motion="none"), shot(None, 1000, 500)], 1500, music=None, aspect=aspect)
    frame = _first_frame(render_draft(d, {"logo": (path, info)}, tmp_path / "out.mp4", size=size).path)
    w, h = size
    corners = [frame[2:12, 2:12], frame[2:12, w - 12 : w - 2], frame[h - 12 : h - 2, 2:12]]
    for corner in corners:
        assert _luma(corner.mean(axis=(0, 1))) > 30, corner.mean(axis=(0, 1))  # the backdrop, not black
    centre = frame[h // 2 - 4 : h // 2 + 4, w // 2 - 4 : w // 2 + 4].mean(axis=(0, 1))
    assert np.abs(centre - np.array(ORANGE)).max() < 20, centre  # the box keeps its colour


def test_opaque_pictures_take_no_backdrop(tmp_path: Path) -> None:
    png, jpg = tmp_path / "opaque.png", tmp_path / "photo.jpg"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=64x48", "-frames:v", "1", "-pix_fmt", "rgba", str(png))
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=64x48", "-frames:v", "1", str(jpg))
    assert not has_alpha(png) and not has_alpha(jpg)
