"""WCAG luminance and contrast of colours and pixels, and a colour moved until it reads over a ground: shared by
the visualizer's colour (``visualizer_auto``, ``visualizer_color``) and the cover's type (``cover_art``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


def luminance_of(pixels: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """WCAG relative luminance of (n, 3) sRGB pixels (0..1)."""
    import numpy as np

    linear = np.where(pixels <= 0.04045, pixels / 12.92, ((pixels + 0.055) / 1.055) ** 2.4)
    return np.asarray(linear @ np.array([0.2126, 0.7152, 0.0722]), dtype=np.float64)


def luminance(color: Sequence[float]) -> float:
    """WCAG relative luminance of one sRGB colour (0..1)."""
    import numpy as np

    return float(luminance_of(np.array([list(color)], dtype=np.float64))[0])


def contrast(a: float, b: float) -> float:
    """WCAG contrast ratio of two relative luminances (1 to 21)."""
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def with_contrast(color: Sequence[float], under: float, ratio: float) -> tuple[float, tuple[float, float, float]]:
    """``color`` moved towards white or black, by as little as it takes, until its contrast with a ground of
    luminance ``under`` is at least ``ratio``; with how far it moved (0..1, 2 when no move reaches the ratio and
    the far end that comes nearest is given)."""
    for step in range(21):
        t = step / 20
        for end in (1.0, 0.0):
            mixed = (color[0] + (end - color[0]) * t, color[1] + (end - color[1]) * t, color[2] + (end - color[2]) * t)
            if contrast(luminance(mixed), under) >= ratio:
                return t, mixed
    far = 1.0 if contrast(1.0, under) >= contrast(0.0, under) else 0.0
    return 2.0, (far, far, far)


def to_hex(color: Sequence[float]) -> str:
    """An RGB colour (0..1) as "#rrggbb"."""
    return "#" + "".join(f"{round(max(0.0, min(1.0, v)) * 255):02x}" for v in color)
