"""Colours as the eye compares them: CIE L*a*b* (D65) of sRGB pictures, and how far each part of a picture stands
from the colours round its edge (``edge_distance``), the ground a subject stands out from. Numpy only."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

_XYZ = (  # linear sRGB to CIE XYZ (D65), each row divided by the white point's X, Y or Z
    (0.4124 / 0.95047, 0.3576 / 0.95047, 0.1805 / 0.95047),
    (0.2126, 0.7152, 0.0722),
    (0.0193 / 1.08883, 0.1192 / 1.08883, 0.9505 / 1.08883),
)


def lab(image: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """CIE L*a*b* (D65) of an sRGB image (h, w, 3), 0..1: L 0..100, a and b about -100..100."""
    import numpy as np

    linear = _linear()[np.clip(np.rint(image * 255), 0, 255).astype(np.intp)]  # 8-bit sources: a table
    xyz = linear @ np.array(_XYZ).T
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=2)


@lru_cache(maxsize=1)
def _linear() -> npt.NDArray[np.float64]:
    """sRGB's 256 levels (0..1) as linear light."""
    import numpy as np

    level = np.arange(256) / 255
    return np.where(level <= 0.04045, level / 12.92, ((level + 0.055) / 1.055) ** 2.4)


def edge_distance(colours: npt.NDArray[np.float64], block: int, share: float) -> npt.NDArray[np.float64]:
    """The Lab distance (CIE76 ΔE) of each ``block``-pixel block of ``colours`` (h, w, 3: ``lab``) to the blocks on
    the picture's edge nearest it in colour, ``share`` of them in (a subject touching the edge in one place is not
    erased), (h // block, w // block)."""
    import numpy as np

    h, w = colours.shape[:2]
    blocks = colours[: h // block * block, : w // block * block]
    blocks = blocks.reshape(h // block, block, w // block, block, 3).mean(axis=(1, 3))
    edge = np.concatenate([blocks[0], blocks[-1], blocks[1:-1, 0], blocks[1:-1, -1]])
    pixels = blocks.reshape(-1, 3)
    squared = (pixels**2).sum(axis=1)[:, None] + (edge**2).sum(axis=1)[None, :] - 2 * pixels @ edge.T
    rank = min(round(share * len(edge)), len(edge) - 1)
    near = np.maximum(np.partition(squared, rank, axis=1)[:, rank], 0).reshape(blocks.shape[:2])
    return np.asarray(np.sqrt(near), dtype=np.float64)
