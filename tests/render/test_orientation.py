"""A phone's portrait photo (stored landscape with EXIF orientation 6) is reported, analysed and framed upright, as
ffmpeg shows it: the subject the crop keeps is the one a viewer sees."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from nemo_notebook.engine.intake.probe import probe
from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.framing import thumbnail

from .drafts import draft, shot
from .synth import ffmpeg, gray_frames


def _with_orientation(jpeg: Path, orientation: int) -> Path:
    """``jpeg`` with an EXIF APP1 segment that holds one tag: Orientation (0x0112)."""
    data = jpeg.read_bytes()
    tiff = b"II*\x00" + struct.pack("<IH", 8, 1) + struct.pack("<HHII", 0x0112, 3, 1, orientation) + b"\x00" * 4
    app1 = b"Exif\x00\x00" + tiff
    out = jpeg.with_name(f"exif{orientation}-{jpeg.name}")
    out.write_bytes(data[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + data[2:])
    return out


def _phone_photo(tmp_path: Path) -> Path:
    """Stored 640×360 with a white subject at the left edge's middle; shown (turned 90° clockwise) 360×640 with the
    subject at the top."""
    stored = tmp_path / "stored.jpg"
    ffmpeg("-f", "lavfi", "-i", "color=c=0x303030:s=640x360,drawbox=x=20:y=140:w=90:h=80:c=white:t=fill",
           "-frames:v", "1", str(stored))  # fmt: skip
    return _with_orientation(stored, 6)


def test_a_rotated_photo_is_reported_and_analysed_upright(tmp_path: Path) -> None:
    photo = _phone_photo(tmp_path)
    info = probe(photo, media_id="p", name="IMG_0001.jpg")
    assert (info.width, info.height) == (360, 640)
    small = thumbnail(photo)
    assert small is not None and small.shape[0] > small.shape[1]  # tall, as shown
    rows = small.mean(axis=(1, 2))
    assert rows[: len(rows) // 4].max() > 0.3 > rows[len(rows) // 2 :].max()  # the subject at the top


def test_a_rotated_photo_in_a_wide_video_shows_upright_with_its_subject_on_top(tmp_path: Path) -> None:
    """16:9 from the upright 9:16 photo: the whole photo, standing (the subject in its top part), on a fill."""
    photo = _phone_photo(tmp_path)
    info = probe(photo, media_id="p", name="IMG_0001.jpg")
    d = draft([shot("p", 0, 1000, motion="none")], 1000, music=None)
    frame = gray_frames(render_draft(d, {"p": (photo, info)}, tmp_path / "out.mp4", size=(320, 180)).path)[0]
    ys, _ = np.nonzero(frame > 200)
    assert len(ys) > 100, "the subject is in the frame"
    assert ys.mean() < 0.45 * frame.shape[0], "upright: the subject at the top of the standing photo"
