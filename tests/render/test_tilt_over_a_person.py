"""A pan up or down over a picture of a person pans across instead (``framings.steady_pan``), also where the person
fills too much of the picture to be one of its small upright figures (``figures.figures_of``: at most 0.6 of its
height) and is found by the face (``faces.faces_of``). Held-out 01's footballer (messi5.jpg: hair to boot 0.80 of the
picture's height, a 720p frame showing 0.80 of it) tilted up until the ball and a boot were cut at the frame's bottom
(a blind reviewer, stop 70). The picture here is scikit-image's astronaut (a NASA portrait, public domain), with no
small figures found (patched): only her face tells."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from nemo_notebook.engine.render import framings
from nemo_notebook.engine.render.faces import faces_of


def _picture(tmp: Path, portrait: bool) -> Path:
    from skimage import data

    path = tmp / ("portrait.png" if portrait else "cup.png")
    Image.fromarray(np.asarray(data.astronaut() if portrait else data.coffee())).save(path)
    return path


@pytest.mark.parametrize("motion", ["pan_up", "pan_down"])
def test_a_tilt_over_a_face_pans_across(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, motion: str) -> None:
    monkeypatch.setattr(framings, "figures_of", lambda path: ())  # a person too large to be a small figure
    portrait, cup = _picture(tmp_path, True), _picture(tmp_path, False)
    assert faces_of(portrait) and not faces_of(cup)
    # main (028b1f35): only a small figure turned a tilt across; the portrait tilted
    assert framings.steady_pan(motion, portrait) == {"pan_up": "pan_left", "pan_down": "pan_right"}[motion]
    assert framings.steady_pan(motion, cup) == motion
    assert framings.steady_pan("zoom_in", portrait) == "zoom_in"
