"""How strong a picture is to open a video on: sharp, colourful, well exposed (a blind reviewer disliked "opening on a
weak image").

``appeal`` scores a picture 0..1 from a copy ``WIDTH`` pixels wide: the mean absolute Laplacian of its luma
(sharpness: a blurred or shaken photo has little), Hasler and Süsstrunk's colourfulness (2003: the spread and mean of
the red-green and yellow-blue opponent channels) and the spread of its luma (contrast: a grey, foggy or
under-exposed photo has little), each mapped to 0..1 and weighted ``WEIGHTS``. It does not look for faces.
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
