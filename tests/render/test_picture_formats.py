"""File kinds people have that FFmpeg decodes for us, each rendered from Big Buck Bunny's poster or clip as a viewer
sees it: stills stored CMYK (a print-ready JPEG), 16-bit (rgb48, gray16 PNG), grey (JPEG, PNG) and with a palette
(pal8 PNG) keep their colours, in the render and in the measures; a phone clip stored landscape with a display
matrix is shown standing, its subject where the phone saw it, in 16:9 and 9:16; a clip of odd size (321x181) is
rendered at its shape. Measured with these helpers (/tmp/k49/fig.py, 320x180 preview): each still's halves within 5.3
levels of the source's in the render and 1.3 in the measures; the turned clip's mark at y 0.91, x 0.50 in both
shapes; the odd clip's square 58x58 pixels, all 15 frames rendered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from nemo_notebook.engine.intake.probe import probe
from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.frames import small_frame
from tests.conftest import shared_media

from .drafts import draft, shot
from .synth import ffmpeg

# the halves of the poster differ by 35 levels of red: a swapped or mis-decoded picture is further off than this
WITHIN = 15


def _cmyk(poster: Path, out: Path) -> None:
    Image.open(poster).convert("CMYK").save(out, quality=95)  # Adobe-marked, as Photoshop writes it


def _grey_jpeg(poster: Path, out: Path) -> None:
    Image.open(poster).convert("L").save(out, quality=95)


def _grey_png(poster: Path, out: Path) -> None:
    Image.open(poster).convert("L").save(out)


def _palette(poster: Path, out: Path) -> None:
    Image.open(poster).convert("P", palette=Image.Palette.ADAPTIVE, colors=256).save(out)


def _sixteen_bit(pixel_format: str) -> Callable[[Path, Path], None]:
    return lambda poster, out: ffmpeg("-i", str(poster), "-pix_fmt", pixel_format, str(out))


STILLS = {
    "cmyk.jpg": (_cmyk, "RGB"),
    "rgb48.png": (_sixteen_bit("rgb48be"), "RGB"),
    "gray16.png": (_sixteen_bit("gray16be"), "L"),
    "grey.jpg": (_grey_jpeg, "L"),
    "grey.png": (_grey_png, "L"),
    "pal8.png": (_palette, "RGB"),
}


def _halves(pixels: np.ndarray) -> np.ndarray:
    """The mean colour of the left and the right half (0..255)."""
    width = pixels.shape[1]
    return np.array(
        [pixels[:, : width // 2, :3].reshape(-1, 3).mean(0), pixels[:, width // 2 :, :3].reshape(-1, 3).mean(0)]
    )


def _frames(video: Path) -> list[np.ndarray]:
    import av

    with av.open(str(video)) as container:
        return [f.to_ndarray(format="rgb24").astype(np.float64) for f in container.decode(video=0)]


def _render(path: Path, out: Path, *, aspect: str = "16:9", duration_ms: int = 1000) -> list[np.ndarray]:
    size = (180, 320) if aspect == "9:16" else (320, 180)
    info = probe(path, media_id="m", name=path.name)
    d = draft([shot("m", 0, duration_ms, motion="none")], duration_ms, music=None, aspect=aspect)
    return _frames(render_draft(d, {"m": (path, info)}, out, size=size, quality="preview").path)


@pytest.mark.parametrize("name", list(STILLS))
def test_a_still_of_each_kind_keeps_its_colours(tmp_path: Path, name: str) -> None:
    poster = shared_media("big-buck-bunny-poster.jpg")  # 853x480: fills a 16:9 frame
    make, shown_as = STILLS[name]
    still = tmp_path / name
    make(poster, still)
    source = _halves(np.asarray(Image.open(poster).convert(shown_as).convert("RGB"), dtype=np.float64))
    frame = _render(still, tmp_path / "out.mp4")[7]
    assert np.abs(_halves(frame) - source).max() < WITHIN, (_halves(frame).round(), source.round())
    measured = small_frame(still, 0, 64)
    assert measured is not None
    assert np.abs(_halves(measured * 255) - source).max() < WITHIN, (_halves(measured * 255).round(), source.round())


def _marked_clip(folder: Path, size: str, mark: str) -> Path:
    """One second of Big Buck Bunny at ``size`` with a magenta mark drawn on it (``mark``: drawbox's x:y:w:h)."""
    bunny = shared_media("big-buck-bunny-30s.mp4")
    x, y, w, h = mark.split(":")
    clip = folder / f"bunny-{size}.mp4"
    ffmpeg("-ss", "5", "-t", "1", "-i", str(bunny), "-an",
           "-vf", f"scale={size.replace('x', ':')},setsar=1,drawbox=x={x}:y={y}:w={w}:h={h}:c=0xff00ff:t=fill",
           "-c:v", "libx264", "-pix_fmt", "yuv444p", "-preset", "ultrafast", "-qp", "0", str(clip))  # fmt: skip
    return clip


def _mark(frame: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r, g, b = frame[..., 0], frame[..., 1], frame[..., 2]
    ys, xs = np.nonzero((r > 200) & (g < 70) & (b > 200))
    return ys, xs


@pytest.mark.parametrize("aspect", ["16:9", "9:16"])
def test_a_clip_turned_by_its_display_matrix_stands_with_its_subject_where_it_was_filmed(
    tmp_path: Path, aspect: str
) -> None:
    """Stored 320x180 with a mark at the left edge's middle and a display matrix of 90° (counter-clockwise), as a
    phone stores a portrait clip: shown 180x320 with the mark at the bottom's middle (audit probe: y 0.89-0.90, x
    0.50 in both shapes); read without the matrix it would lie on its side, the mark at the left."""
    stored = _marked_clip(tmp_path, "320x180", "8:70:40:40")
    turned = tmp_path / "turned.mp4"
    ffmpeg("-display_rotation", "90", "-i", str(stored), "-c", "copy", str(turned))
    info = probe(turned, media_id="m", name=turned.name)
    assert (info.width, info.height) == (180, 320)
    frame = _render(turned, tmp_path / "out.mp4", aspect=aspect, duration_ms=800)[5]
    ys, xs = _mark(frame)
    assert len(ys) > 50, len(ys)
    assert ys.mean() / frame.shape[0] > 0.8, "standing: the mark at the bottom"
    assert 0.4 < xs.mean() / frame.shape[1] < 0.6, "in the middle, not at a side"


def test_a_clip_of_odd_size_is_rendered_at_its_shape(tmp_path: Path) -> None:
    """321x181 (no 4:2:0 encoder takes it, so 4:4:4): probed at its size, rendered for its whole second, and a square
    drawn on it stays square (the render's sizes are even, the picture is not stretched to reach them)."""
    clip = _marked_clip(tmp_path, "321x181", "130:60:60:60")
    info = probe(clip, media_id="m", name=clip.name)
    assert (info.width, info.height) == (321, 181)
    frames = _render(clip, tmp_path / "out.mp4")
    assert len(frames) >= 14, len(frames)  # a second at the preview's 15 fps
    ys, xs = _mark(frames[7])
    assert len(ys) > 500, len(ys)
    ratio = (xs.max() - xs.min() + 1) / (ys.max() - ys.min() + 1)
    assert 0.9 < ratio < 1.1, ratio
