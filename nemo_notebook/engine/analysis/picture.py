"""How strong a picture is to open a video on: sharp, colourful, well exposed (a blind reviewer disliked "opening on a
weak image").

``appeal`` scores a picture 0..1 from a copy ``WIDTH`` pixels wide: the mean absolute Laplacian of its luma
(sharpness: a blurred or shaken photo has little), Hasler and Süsstrunk's colourfulness (2003: the spread and mean of
the red-green and yellow-blue opponent channels) and the spread of its luma (contrast: a grey, foggy or
under-exposed photo has little), each mapped to 0..1 and weighted ``WEIGHTS``. It does not look for faces.

``sharpness`` says whether the picture is in focus at the size a video shows it (``analysis.sharpness``: the
steepness of its edges, whatever how many there are), for planning to show a blurred picture less.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

WIDTH = 256
WEIGHTS = (0.4, 0.4, 0.2)  # sharpness, colourfulness, contrast
SHARP_FULL = 0.06  # mean |Laplacian| of luma (0..1) at which sharpness counts fully
COLOURFUL_FULL = 90.0  # Hasler-Süsstrunk M (0..255 channels) at which colourfulness counts fully ("extremely")
CONTRAST_FULL = 0.25  # luma standard deviation (0..1) at which contrast counts fully


def appeal(path: Path) -> float | None:
    """The picture's score, 0..1 (``appeal_of``), or None where it cannot be read."""
    rgb = small_rgb(path)
    return None if rgb is None else appeal_of(rgb)


def appeal_of(rgb: npt.NDArray[np.float64]) -> float:
    """The score of an RGB picture (height x width x 3, 0..1)."""
    import numpy as np

    luma = rgb @ np.array([0.299, 0.587, 0.114])
    laplacian = 4 * luma[1:-1, 1:-1] - luma[:-2, 1:-1] - luma[2:, 1:-1] - luma[1:-1, :-2] - luma[1:-1, 2:]
    sharp = float(np.abs(laplacian).mean()) if laplacian.size else 0.0
    r, g, b = (rgb[..., i] * 255.0 for i in range(3))
    rg, yb = r - g, 0.5 * (r + g) - b
    colourful = float(np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean()))
    parts = (sharp / SHARP_FULL, colourful / COLOURFUL_FULL, float(luma.std()) / CONTRAST_FULL)
    return round(sum(w * min(p, 1.0) for w, p in zip(WEIGHTS, parts, strict=True)), 4)


def small_rgb(path: Path) -> npt.NDArray[np.float64] | None:
    """The first picture in ``path`` scaled to ``WIDTH`` pixels wide, RGB 0..1; None where it cannot be read."""
    import av
    import numpy as np

    try:
        with av.open(str(path)) as container:
            for frame in container.decode(container.streams.video[0]):
                height = max(2, round(WIDTH * frame.height / max(frame.width, 1)))
                small = frame.reformat(width=WIDTH, height=height, format="rgb24", interpolation="AREA")
                return np.asarray(small.to_ndarray(), dtype=np.float64) / 255.0
    except (av.error.FFmpegError, OSError, IndexError, ValueError):
        return None
    return None


SHARP_LONG_SIDE = 1920  # pixels: a picture's sharpness is measured at the size a 1080p video shows it
SHARP_PERCENTILE = 97.0  # its sharpest edges: a small subject in focus (a kite in a sky of soft clouds) counts


def sharpness(path: Path) -> float | None:
    """How sharp the picture looks at the size a 1080p video shows it (1920 pixels on its long side, never
    enlarged): the steepness of its sharpest edges (``sharpness.frame_sharpness``, 97th percentile on a 144×256
    grid), 0..1; 0 for a picture with hardly any edges, None where it cannot be read.

    Measured on the review photos: 0.58 (a kite in a sky of soft clouds) to 1.0 (a forest path); the same photos
    under a Gaussian blur of 2 pixels 0.34-0.50, of 4 pixels 0.22-0.39."""
    import av
    import numpy as np

    from .sharpness import SPAN, frame_sharpness

    try:
        with av.open(str(path)) as container:
            frame = next(container.decode(container.streams.video[0]))
            scale = min(1.0, SHARP_LONG_SIDE / max(frame.width, frame.height, 1))
            width, height = max(2 * SPAN, round(frame.width * scale)), max(4, round(frame.height * scale))
            grey = frame.reformat(width=width, height=height, format="gray", interpolation="AREA")
    except (av.error.FFmpegError, OSError, IndexError, ValueError, StopIteration):
        return None
    rows = np.linspace(0, height - 2, 144).astype(np.intp)
    cols = np.linspace(0, width - 1 - SPAN, 256).astype(np.intp)
    return frame_sharpness(grey.planes[0], rows, cols, SHARP_PERCENTILE)


BLOCKY = 2.3  # steps across the 8-pixel grid this many times those elsewhere: blocks of heavy JPEG compression
PLAIN = 0.85  # of the picture in flat 8-pixel blocks (a grey level's spread at most): little to look at
FLAT_LEVEL = 1.0 / 255  # a block whose luma spreads less than this is flat
COARSE_LONG_SIDE = 4096  # pixels: read at most this large (blocks are looked for on the picture's own grid)


def coarseness(path: Path) -> float | None:
    """How blocky or plain the picture is, as the larger of its blockiness and its flat share, each over the level
    from which a viewer sees it (``BLOCKY``, ``PLAIN``): 1 or more is coarse, a picture to show whole and less.
    Blockiness: the mean luma step across the 8-pixel grid of JPEG's blocks over the mean step elsewhere (1 for
    none). Flat share: the share of 8-pixel blocks, at the size a 1080p video shows the picture, that are flat.

    Measured on the twelve review pictures (2560x1600 wallpapers, a 512-pixel baboon, a 493-pixel butterfly):
    blockiness 0.98-2.07 (a foggy lake, whose only steps are the blocks', the most), flat share 0-0.49 but for a
    fog over water (0.76) and a wallpaper of flat pastel polygons (0.90); a photo saved at JPEG quality 31 (ffmpeg's
    -q:v) 9.3, one reduced to 640 pixels and saved at 28, 2.5. Not a painting's brush squares: Autumn.jpg
    measures as a photo (1.22, 0.22); ``render.figures`` keeps its crops off its painted texture instead. None where
    the picture cannot be read. Kept for each file as it is (its size and time): a plan asks for every picture's."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _coarseness(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=256)
def _coarseness(path: Path, size_bytes: int, mtime_ns: int) -> float | None:
    import av
    import numpy as np

    try:
        with av.open(str(path)) as container:
            frame = next(container.decode(container.streams.video[0]))
            scale = min(1.0, COARSE_LONG_SIDE / max(frame.width, frame.height, 1))
            size = max(16, round(frame.width * scale)), max(16, round(frame.height * scale))
            full = frame.reformat(width=size[0], height=size[1], format="gray", interpolation="AREA").to_ndarray()
            shown = min(1.0, SHARP_LONG_SIDE / max(frame.width, frame.height, 1))
            small = frame.reformat(
                width=max(16, round(frame.width * shown)),
                height=max(16, round(frame.height * shown)),
                format="gray",
                interpolation="AREA",
            ).to_ndarray()
    except (av.error.FFmpegError, OSError, IndexError, ValueError, StopIteration):
        return None
    blocky = _blockiness(np.asarray(full, dtype=np.float64))
    grey = np.asarray(small, dtype=np.float64) / 255
    h, w = grey.shape[0] // 8 * 8, grey.shape[1] // 8 * 8
    flat = float((grey[:h, :w].reshape(h // 8, 8, w // 8, 8).std(axis=(1, 3)) < FLAT_LEVEL).mean())
    return round(max((blocky - 1) / (BLOCKY - 1), flat / PLAIN), 3)


def _blockiness(grey: npt.NDArray[np.float64]) -> float:
    """The mean step between neighbouring pixels across the 8-pixel grid over the mean step elsewhere, across and
    down."""
    import numpy as np

    across, down = np.abs(np.diff(grey, axis=1)), np.abs(np.diff(grey, axis=0))
    on_x, on_y = np.arange(across.shape[1]) % 8 == 7, np.arange(down.shape[0]) % 8 == 7
    grid = across[:, on_x].mean() + down[on_y].mean()
    rest = across[:, ~on_x].mean() + down[~on_y].mean()
    return float(grid / max(rest, 1e-9))
