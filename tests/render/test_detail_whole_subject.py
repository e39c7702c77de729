"""A nearer view of a picture never cuts its subject and never enlarges it past ``CLOSE_UPSCALE`` (issue 29: "no
subject's head cut off", "never a blocky enlargement").

Held-out export 01 showed LadyBird.jpg's detail at 49.8-55.9 s on the blurred flowers below the ladybird: the picture
has no second subject, so the detail looked elsewhere (``framings._fallbacks``: down from the subject), with none of
the care a detail on a second subject takes to hold the first (``framings.keeping``), and its pan up showed her legs
alone, then her shell cut by the frame's top edge (a blind reviewer: "a blurred crop with the ladybird cut at the
top"). Here a picture made like it: a sharp, spotted red beetle on a short blade over a soft green ground."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.framings import framed
from nemo_notebook.protocol import MediaInfo, MediaKind
from nemo_notebook.protocol.vocabulary import CLOSE_UPSCALE

from .drafts import draft, shot
from .synth import ffmpeg

W, H = 2560, 1600
SIZE = (640, 360)
SHOT_MS = 6000


@pytest.fixture(scope="module")
def beetle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The picture: a soft green ground with faint blue blurs, a blade, a red beetle (0.63-0.73 across, 0.44-0.56
    down) sharp and spotted."""
    from PIL import Image, ImageFilter

    y, x = np.mgrid[0:H, 0:W] / H
    ground = np.stack([0.2 + 0 * x, 0.45 + 0.1 * np.sin(x * 3), 0.25 + 0 * x], axis=-1)
    for cx, cy, r in ((1.2, 0.78, 0.12), (1.52, 0.85, 0.1), (0.96, 0.92, 0.1), (0.32, 0.2, 0.15)):
        blur = np.exp(-((np.hypot(x - cx, y - cy) / r) ** 2))
        ground[..., 2] += 0.2 * blur
        ground[..., 0] += 0.1 * blur
    soft = Image.fromarray((np.clip(ground, 0, 1) * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(30))
    image = np.asarray(soft, dtype=np.float64) / 255
    image[(np.abs((y - 0.56) + (x - 1.1) * 0.25) < 0.008) & (x > 0.95) & (x < 1.35)] = (0.35, 0.75, 0.3)
    shell = np.hypot(x - 0.68 * W / H, (y - 0.5) * 1.2) < 0.05
    image[shell] = (0.85, 0.15, 0.05)
    image[shell & (np.sin(x * 400) * np.sin(y * 400) > 0.6)] = (0.05, 0.05, 0.05)
    image += np.random.default_rng(7).normal(0, 0.03, image.shape) * shell[..., None]
    path = tmp_path_factory.mktemp("beetle") / "beetle.png"
    Image.fromarray((np.clip(image, 0, 1) * 255).astype(np.uint8)).save(path)
    return path


def _info(path: Path, size: tuple[int, int] = (W, H)) -> MediaInfo:
    return MediaInfo("bug", path.name, MediaKind.IMAGE, "png", path.stat().st_size, width=size[0], height=size[1])


def _red_rows(frame: np.ndarray) -> tuple[int, int, int]:
    """The beetle's shell in a frame (RGB): its pixels, first and last row (0, -1, -1 where none shows)."""
    red = (frame[..., 0] > 150) & (frame[..., 1] < 90) & (frame[..., 2] < 90)
    rows = np.flatnonzero(red.any(axis=1))
    return (int(red.sum()), int(rows[0]), int(rows[-1])) if rows.size else (0, -1, -1)


def test_a_detail_panned_up_holds_the_beetle_whole_in_every_frame(beetle: Path, tmp_path: Path) -> None:
    """main 5740a03: none of the shell in the first second, then its top cut by the frame's edge until 2.6 s."""
    import av

    other = tmp_path / "other.png"
    ffmpeg("-f", "lavfi", "-i", "color=c=0x406080:s=1920x1080", "-frames:v", "1", str(other))
    plain = MediaInfo("o", "other.png", MediaKind.IMAGE, "png", other.stat().st_size, width=1920, height=1080)
    near = shot("bug", 0, SHOT_MS, motion="pan_up", framing="detail", zoom=1.55)
    d = draft([near, shot("o", SHOT_MS, 1000, motion="none")], SHOT_MS + 1000, music=None)
    media = {"bug": (beetle, _info(beetle)), "o": (other, plain)}
    out = render_draft(d, media, tmp_path / "out.mp4", quality="low", size=SIZE, cache_dir=tmp_path / "cache").path
    with av.open(str(out)) as container:
        seen = [_red_rows(f.to_ndarray(format="rgb24").astype(int)) for f in container.decode(video=0)]
    seen = seen[: SHOT_MS * 30 // 1000 - 1]
    whole = max(n for n, _, _ in seen)
    cut = [(k, rows) for k, rows in enumerate(seen) if rows[0] < 0.9 * whole or rows[1] <= 0 or rows[2] >= SIZE[1] - 1]
    assert not cut, f"{len(cut)} of {len(seen)} frames cut the beetle, the first {cut[:3]}"


@pytest.mark.parametrize("key", ["close@1.50", "detail@1.55", "detail@1.90", "close@3.00"])
@pytest.mark.parametrize("size", [(2560, 1600), (1920, 1080), (1280, 960)])
def test_no_nearer_view_enlarges_the_picture_past_its_limit_at_1080_lines(
    beetle: Path, tmp_path: Path, key: str, size: tuple[int, int]
) -> None:
    from PIL import Image

    path = tmp_path / "beetle.png"
    Image.open(beetle).resize(size).save(path)
    box = (2150, 1210)  # a 1080-line frame and its motion margin
    scaled = re.search(r"scale=(\d+):(\d+)", framed(key, path, _info(path, size), box))
    assert scaled is not None
    # scaled to cover the box: the enlargement of the picture's own pixels is the larger of the two ratios
    enlarged = max(int(scaled[1]) / size[0], int(scaled[2]) / size[1])
    cover = max(box[0] / size[0], box[1] / size[1])
    assert enlarged <= max(CLOSE_UPSCALE, cover) + 0.01, (key, size, enlarged)
