"""A phone's portrait photo (stored landscape with EXIF orientation 6) is reported, analysed and framed upright, as
ffmpeg shows it: the subject the crop keeps is the one a viewer sees. The mirrored orientations (2, 4, 5, 7: front
cameras, edited photos) are measured flipped as they are shown, not only turned."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

from nemo_notebook.engine.intake.probe import probe
from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.frames import small_frame
from nemo_notebook.engine.render.framing import thumbnail
from tests.engine.heif import make_heic

from .drafts import draft, shot
from .scenes import empty_sky, kite_sky, save
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


# four quadrants of clearly different colours: a turn or a flip moves each to another corner
_QUADRANTS = ((230, 30, 30), (30, 200, 30), (30, 30, 230), (240, 240, 240))


def _corners(pixels: np.ndarray) -> list[str]:
    """The colour nearest each corner's quadrant centre (top left, top right, bottom left, bottom right), by index."""
    h, w = pixels.shape[:2]
    out = []
    for fy in (0.25, 0.75):
        for fx in (0.25, 0.75):
            patch = pixels[int(h * fy) - 2 : int(h * fy) + 2, int(w * fx) - 2 : int(w * fx) + 2, :3]
            mean = patch.reshape(-1, 3).mean(axis=0)
            out.append(str(min(range(4), key=lambda i: float(np.abs(np.array(_QUADRANTS[i]) - mean).sum()))))
    return out


def _quadrants() -> np.ndarray:
    stored = np.zeros((240, 320, 3), np.uint8)
    stored[:120, :160], stored[:120, 160:], stored[120:, :160], stored[120:, 160:] = _QUADRANTS
    return stored


@pytest.mark.parametrize("orientation", range(1, 9))
def test_each_exif_orientation_is_measured_as_it_is_shown(tmp_path: Path, orientation: int) -> None:
    """The engine's small frame (the crop, saliency, the visualizer's colour and place read it) has each quadrant
    where PIL's ``exif_transpose`` puts it. Before the fix, 2 was measured as 3, 4 as 1, 5 as 6 and 7 as 8."""
    Image.fromarray(_quadrants()).save(tmp_path / "stored.jpg", quality=95)
    photo = _with_orientation(tmp_path / "stored.jpg", orientation)
    shown = np.asarray(ImageOps.exif_transpose(Image.open(photo)).convert("RGB"), dtype=np.float64)
    measured = small_frame(photo, 0, 64)
    assert measured is not None
    assert measured.shape[1] / measured.shape[0] == pytest.approx(shown.shape[1] / shown.shape[0], rel=0.05)
    assert _corners(measured * 255) == _corners(shown)


def test_a_mirrored_photo_cropped_to_9_16_keeps_its_off_centre_subject(tmp_path: Path) -> None:
    """A landscape sky with a small kite at x 0.68-0.72, stored standing with EXIF orientation 5 (turned and
    mirrored, as some front cameras and editors save it): the 9:16 slice of it holds the kite. Measured turned but not
    flipped, the kite was read at x 0.28-0.32 and the slice kept plain sky (0 red, 0 yellow kite pixels)."""
    shown = (np.clip(kite_sky(0), 0, 1) * 255).round().astype(np.uint8).repeat(2, axis=0).repeat(2, axis=1)
    Image.fromarray(np.ascontiguousarray(shown.transpose(1, 0, 2))).save(tmp_path / "standing.jpg", quality=95)
    photo = _with_orientation(tmp_path / "standing.jpg", 5)
    assert np.asarray(ImageOps.exif_transpose(Image.open(photo))).shape == shown.shape  # shown as the landscape
    other = save(empty_sky(1), tmp_path / "other.png")  # among others: a landscape picture is sliced, not shown whole
    media = {
        "p": (photo, probe(photo, media_id="p", name="IMG_0002.jpg")),
        "o": (other, probe(other, media_id="o", name="o.png")),
    }
    d = draft([shot("p", 0, 600, motion="none"), shot("o", 600, 600, motion="none")], 1200, music=None, aspect="9:16")
    made = render_draft(d, media, tmp_path / "tall.mp4", size=(180, 320))
    import av

    with av.open(str(made.path)) as container:
        frame = [f.to_ndarray(format="rgb24").astype(np.float32) for f in container.decode(video=0)][5]
    red = (frame[..., 0] > 150) & (frame[..., 1] < 90) & (frame[..., 2] < 110)
    yellow = (frame[..., 0] > 170) & (frame[..., 1] > 140) & (frame[..., 2] < 90)
    assert red.sum() >= 2 and yellow.sum() >= 2, (red.sum(), yellow.sum())  # the kite's colours are on screen


@pytest.mark.parametrize(
    "matrix", [(), ("-display_rotation", "90"), ("-display_rotation", "90", "-display_hflip"), ("-display_vflip",)]
)
def test_a_clip_turned_or_flipped_by_its_display_matrix_is_measured_as_it_is_shown(
    tmp_path: Path, matrix: tuple[str, ...]
) -> None:
    """A clip's measures are read from its measuring copy, which ffmpeg makes upright with the matrix's flip as well
    as its turn: each quadrant where ffmpeg's own decode of the clip shows it (checked on 769eb37 as here)."""
    stored = np.zeros((240, 320, 3), np.uint8)
    stored[:120, :160], stored[:120, 160:], stored[120:, :160], stored[120:, 160:] = _QUADRANTS
    Image.fromarray(stored).save(tmp_path / "stored.png")
    ffmpeg("-loop", "1", "-i", str(tmp_path / "stored.png"), "-t", "1", "-r", "25", "-pix_fmt", "yuv444p",
           "-c:v", "libx264", "-qp", "0", str(tmp_path / "stored.mp4"))  # fmt: skip
    clip = tmp_path / "clip.mp4"
    ffmpeg(*matrix, "-i", str(tmp_path / "stored.mp4"), "-c", "copy", str(clip))
    ffmpeg("-i", str(clip), "-frames:v", "1", str(tmp_path / "shown.png"))  # ffmpeg turns and flips it by the matrix
    shown = np.asarray(Image.open(tmp_path / "shown.png").convert("RGB"), dtype=np.float64)
    measured = small_frame(clip, 0, 64)
    assert measured is not None
    assert measured.shape[1] / measured.shape[0] == pytest.approx(shown.shape[1] / shown.shape[0], rel=0.05)
    assert _corners(measured * 255) == _corners(shown)


@pytest.mark.parametrize("kind", ["png", "webp"])
@pytest.mark.parametrize("orientation", [2, 4, 5, 7])
def test_a_mirrored_png_or_webp_is_measured_as_it_is_shown(tmp_path: Path, kind: str, orientation: int) -> None:
    """A PNG (``eXIf``) or a WebP (``EXIF``) with a mirrored orientation: FFmpeg 8 shows it flipped, as PIL does,
    and the engine measures it so. Before, only a JPEG's orientation was read: 2 was measured as 3, 4 as 1, 5 as 6
    and 7 as 8 (PyAV's ``frame.rotation`` keeps the turn and drops the flip)."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    photo = tmp_path / f"photo.{kind}"
    Image.fromarray(_quadrants()).save(photo, exif=exif.tobytes(), quality=90)
    shown = np.asarray(ImageOps.exif_transpose(Image.open(photo)).convert("RGB"), dtype=np.float64)
    ffmpeg("-i", str(photo), "-frames:v", "1", str(tmp_path / "ffmpeg.png"))
    assert _corners(np.asarray(Image.open(tmp_path / "ffmpeg.png").convert("RGB"), dtype=np.float64)) == _corners(shown)
    measured = small_frame(photo, 0, 64)
    assert measured is not None
    assert _corners(measured * 255) == _corners(shown)


@pytest.mark.parametrize(("turns", "mirror"), [(0, 0), (0, 1), (1, 0), (1, 1)])
def test_a_heic_mirrored_by_its_imir_is_measured_as_ffmpeg_shows_it(tmp_path: Path, turns: int, mirror: int) -> None:
    """A single-picture HEIC turned by ``irot`` and mirrored by ``imir``: the engine measures each quadrant where
    ffmpeg's decode puts it. Before, the mirror was dropped and each was measured only turned: (0, 0) as stored,
    (0, 1) turned half round, (1, 0) and (1, 1) turned a quarter, each the mirror image of what is shown."""
    colours = [f"{r:02x}{g:02x}{b:02x}" for r, g, b in _QUADRANTS]
    draw = ",".join(
        f"drawbox=x={x}:y={y}:w=160:h=120:c=0x{colour}:t=fill"
        for (x, y), colour in zip([(0, 0), (160, 0), (0, 120), (160, 120)], colours, strict=True)
    )
    photo = make_heic(tmp_path / "photo.heic", "color=c=black", (320, 240), draw=draw, turns=turns, mirror=mirror)
    ffmpeg("-i", str(photo), "-frames:v", "1", str(tmp_path / "shown.png"))
    shown = np.asarray(Image.open(tmp_path / "shown.png").convert("RGB"), dtype=np.float64)
    assert _corners(shown) != ["0", "1", "2", "3"], "ffmpeg shows it flipped"
    measured = small_frame(photo, 0, 64)
    assert measured is not None
    assert measured.shape[1] / measured.shape[0] == pytest.approx(shown.shape[1] / shown.shape[0], rel=0.05)
    assert _corners(measured * 255) == _corners(shown)
