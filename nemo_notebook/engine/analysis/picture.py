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
