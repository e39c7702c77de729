"""Landscape photos drawn with numpy for the crop tests: a small bright kite (its box ``KITE_BOX``, x0, y0, x1, y1
as shares of the width and height) in a big sky with bright clouds and wisps of cirrus, and the same sky empty."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy.ndimage import gaussian_filter

from tests.render.synth import ffmpeg

Image = npt.NDArray[np.float64]
Box = tuple[float, float, float, float]
WIDTH, HEIGHT = 1280, 800
KITE_BOX: Box = (0.68, 0.42, 0.72, 0.48)


def _grid() -> tuple[Image, Image]:
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float64)
    return yy / HEIGHT, xx / WIDTH


def _sky(rng: np.random.Generator) -> Image:
    """A deep blue sky, lighter towards the horizon, with thin streaks, and big soft white clouds: one off the left
    edge, one across the upper middle, one in the lower right."""
    yy, xx = _grid()
    sky = np.stack([0.08 + 0.25 * yy, 0.22 + 0.3 * yy, 0.55 + 0.3 * yy], axis=2)
    # wispy cirrus across the middle: bright thin streaks over a third of the sky
    streaks = np.clip(gaussian_filter(rng.standard_normal((HEIGHT, WIDTH)), (3, 60)) * 12, 0, 1)
    wisps = streaks * np.exp(-(((xx - 0.45) / 0.3) ** 2 + ((yy - 0.45) / 0.25) ** 2))
    sky = sky * (1 - 0.6 * wisps[..., None]) + 0.6 * 0.95 * wisps[..., None]
    cloud = np.zeros((HEIGHT, WIDTH))
    for cx, cy, rx, ry in ((0.03, 0.35, 0.12, 0.4), (0.4, 0.3, 0.16, 0.12), (0.93, 0.9, 0.1, 0.1)):
        cloud = np.maximum(cloud, np.exp(-((((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2) ** 2)))
    puffs = gaussian_filter(rng.standard_normal((HEIGHT, WIDTH)), 12) * 10
    cloud = np.clip(cloud * (0.8 + 0.3 * puffs), 0, 1)
    return np.asarray(sky * (1 - cloud[..., None]) + 0.97 * cloud[..., None])


def kite_sky(seed: int = 0) -> Image:
    """The sky with a small kite, a triangle in red, yellow and green with a dark edge, at ``KITE_BOX``."""
    rng = np.random.default_rng(seed)
    image = _sky(rng)
    yy, xx = _grid()
    x0, y0, x1, y1 = KITE_BOX
    u, v = (xx - x0) / (x1 - x0), (yy - y0) / (y1 - y0)
    inside = (u >= 0) & (v >= 0) & (u + v <= 1.0) & (u <= 1) & (v <= 1)
    bands = np.array([[0.9, 0.1, 0.15], [1.0, 0.8, 0.1], [0.1, 0.7, 0.3], [0.2, 0.3, 0.9]])
    band = np.clip(((u - v + 1) / 2 * 4).astype(int), 0, 3)
    image[inside] = bands[band[inside]]
    edge = inside & ((u < 0.06) | (v < 0.06) | (u + v > 0.94))
    image[edge] = 0.1
    return np.clip(image, 0, 1)


def empty_sky(seed: int = 0) -> Image:
    """The sky and its clouds and nothing else."""
    return np.clip(_sky(np.random.default_rng(seed)), 0, 1)


def save(image: Image, path: Path) -> Path:
    """``image`` as an 8-bit PNG (through ffmpeg, which the package already needs)."""
    raw = path.with_suffix(".rgb")
    raw.write_bytes((np.clip(image, 0, 1) * 255).round().astype(np.uint8).tobytes())
    h, w = image.shape[:2]
    ffmpeg("-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}", "-i", str(raw), "-frames:v", "1", str(path))
    raw.unlink()
    return path


FIGURE_BOX: Box = (0.29, 0.78, 0.33, 0.93)
FIGURE_RGB = (0.3, 0.12, 0.45)  # a violet no other part of the painting has


def figure_beside_a_tree(seed: int = 0) -> Image:
    """A painting like ``Autumn.jpg``: a warm sky over green grass, a tree of big brush squares over the right half,
    and a small upright figure (a head over a body, ``FIGURE_RGB``) at ``FIGURE_BOX`` on the grass to its left."""
    rng = np.random.default_rng(seed)
    yy, xx = _grid()
    image = np.stack([0.98 - 0.05 * yy, 0.75 + 0.2 * yy, 0.7 - 0.3 * yy], axis=2)
    grass = yy > 0.9
    image[grass] = (0.55, 0.85, 0.2)
    for _ in range(160):  # the tree: squares of orange and brown, a blob over the right half
        cx, cy = rng.normal(0.75, 0.13), rng.normal(0.3, 0.15)
        half = rng.uniform(0.02, 0.07)
        square = (np.abs(xx - cx) < half * HEIGHT / WIDTH) & (np.abs(yy - cy) < half) & (yy < 0.88)
        image[square] = rng.choice([(0.75, 0.35, 0.08), (0.55, 0.25, 0.08), (0.85, 0.5, 0.15), (0.4, 0.18, 0.06)])
    speckle = rng.random((HEIGHT, WIDTH)) < 0.15
    image[speckle] *= 0.7
    x0, y0, x1, y1 = FIGURE_BOX
    cx, w, h = (x0 + x1) / 2, x1 - x0, y1 - y0
    head = ((xx - cx) / (0.3 * w)) ** 2 + ((yy - (y0 + 0.12 * h)) / (0.12 * h)) ** 2 <= 1
    body = ((xx - cx) / (0.5 * w)) ** 2 + ((yy - (y0 + 0.6 * h)) / (0.4 * h)) ** 2 <= 1
    image[head | body] = FIGURE_RGB
    return np.clip(image, 0, 1)


def twice(path: Path, times: int = 2) -> Path:
    """The picture at ``path`` at twice its size (or ``times`` its size; each pixel a square of them): a picture of
    ``WIDTH``×``HEIGHT`` is too small for a 1080-line frame to show nearer, or in 9:16 as a slice
    (``render.originals``: every render frames as a 1080-line one does), and at twice its size it is not."""
    large = path.with_name(f"{path.stem}-x{times}{path.suffix}")
    ffmpeg("-i", str(path), "-vf", f"scale=iw*{times}:ih*{times}:flags=neighbor", str(large))
    return large
