"""A 4:3 clip cropped top and bottom to fill a 16:9 frame keeps the top of the head in it (issue 29: a blind reviewer
saw ``Megamind.avi``'s crop cut the man's forehead off in a 16:9 export). The clip is scikit-image's astronaut (a
NASA portrait, public domain), her face in the upper half and her suit and flag, which the saliency map weighs most,
below it; the face in the rendered frames is found by scikit-image's own detector (not the engine's ``faces``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import MediaInfo, MediaKind

from .drafts import draft, shot
from .synth import ffmpeg

SIZE = (640, 360)
SECONDS = 3
GRAIN = 6.0  # levels of seeded noise on the clip
EDGE = 12  # columns: the side strips on main were 30-60 px of 640


def test_a_clip_cropped_to_fill_16_9_keeps_the_top_of_the_head(tmp_path: Path) -> None:
    """The crop centred on the saliency subject (0.65 of the clip's height) kept rows 0.27-1.0 of it, through the
    face (0.15-0.46): main's frames show no face, or one whose top is the frame's edge. The crop now starts at the
    clip's top: the whole face in every look, 84-86 px below the frame's top (0.7 of its 115-120 px side)."""
    for found, _ in _faces_seen(tmp_path, (slice(0, 384), slice(0, 512)), 300):
        assert found, "no face"  # cut by the frame's top edge, the face is not found at all
        side = max(int(f["width"]) for f in found)
        top = min(int(f["r"]) for f in found if int(f["width"]) >= side / 2)
        assert top >= 0.5 * side, (top, side)  # room above the face for the forehead


def test_a_close_up_whose_face_fits_the_crop_fills_the_frame(tmp_path: Path) -> None:
    """A close-up whose head (hair to neck: 0.84 of the clip's height) is taller than the 0.75 a 16:9 crop keeps,
    but whose face (0.5 of it) fits: main (5a745b9) showed the clip 0.89 of the frame wide between blurred side
    strips, to hold the head whole (as ``Megamind.avi``'s close-ups in held-out 01: "the clip should be cropped to
    fill the frame", a blind reviewer). It fills the frame edge to edge, her whole face in it with room under it."""
    for found, strips in _faces_seen(tmp_path, (slice(0, 230), slice(60, 366)), 340):
        assert found, "no face"
        low = max(int(f["r"]) + int(f["height"]) for f in found)
        assert low <= 0.95 * SIZE[1], low  # room under her face for the chin
        assert min(strips) > 0.2, strips  # picture to both edges (main: 0.02-0.08)


def test_a_close_up_whose_face_is_taller_than_the_crop_is_shown_whole(tmp_path: Path) -> None:
    """A close-up whose face (the engine's ``faces.FACE``, hairline to chin: 0.09-0.94 of the clip's height) is
    taller than the 0.75 a 16:9 crop keeps: main filled the frame with the crop raised to hold her chin and neck,
    rows 0.25-1.0 of the clip, through her forehead. It is shown a little smaller, her face whole, on its fill."""
    for found, strips in _faces_seen(tmp_path, (slice(50, 180), slice(110, 283)), 360):
        assert found, "no face"
        assert max(strips) < 0.2, strips  # the fill at its sides (main: 0.46-0.83)


def _faces_seen(
    tmp_path: Path, part: tuple[slice, slice], largest: int
) -> list[tuple[list[dict[str, int]], tuple[float, float]]]:
    """The faces scikit-image's own detector finds (up to ``largest`` px a side) in every 15th frame of a 16:9 render
    of a still 4:3 clip (960x720) made of the ``part`` of its astronaut portrait (with ``GRAIN``), and the grain of the frame's
    outer ``EDGE`` columns either side against its middle's (a blurred fill has next to none)."""
    data = pytest.importorskip("skimage.data")
    from PIL import Image
    from skimage.feature import Cascade

    picture = tmp_path / "astronaut.png"
    still = np.asarray(Image.fromarray(data.astronaut()[part]).resize((960, 720), Image.Resampling.LANCZOS))
    grain = np.random.default_rng(29).normal(0.0, GRAIN, still.shape)  # a video's own grain, which no fill has
    Image.fromarray(np.clip(still + grain, 0, 255).astype(np.uint8)).save(picture)
    path = tmp_path / "astronaut.mp4"
    ffmpeg("-loop", "1", "-framerate", "30", "-t", str(SECONDS), "-i", str(picture),
           "-vf", "format=yuv420p", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", str(path))  # fmt: skip
    info = MediaInfo("astro", path.name, MediaKind.VIDEO, "mp4", 1, duration_ms=SECONDS * 1000, width=960, height=720)
    d = draft([shot(info.id, 0, SECONDS * 1000, motion="none")], SECONDS * 1000, music=None, aspect="16:9")
    made = render_draft(d, {info.id: (path, info)}, tmp_path / "wide.mp4", size=SIZE)
    import av

    with av.open(str(made.path)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    cascade = Cascade(data.lbp_frontal_face_cascade_filename())
    size = (largest, largest)
    return [
        (
            cascade.detect_multi_scale(img=frame, scale_factor=1.1, step_ratio=1, min_size=(48, 48), max_size=size),
            _edge_grain(frame),
        )
        for frame in frames[::15]
    ]


def _edge_grain(frame: npt.NDArray[np.uint8]) -> tuple[float, float]:
    grain = np.abs(np.diff(frame.astype(np.float64).mean(axis=2), axis=0)).mean(axis=0)  # each column's
    middle = float(np.median(grain[SIZE[0] // 4 : -SIZE[0] // 4]))
    return float(grain[:EDGE].mean()) / middle, float(grain[-EDGE:].mean()) / middle
