"""The visualizer's colour and place when the draft leaves them to the renderer (``"auto"``, or not said).

Both come from the visuals lane as it lands on the canvas: a few of its shots (``MAX_SAMPLES``, spread over the
video), each a small frame cropped to the canvas as the renderer crops it, with its subject (``framing.focus``).

Colour: the pictures' most common vivid hue (a hue histogram weighted by saturation and brightness), made vivid,
then lightened or darkened until its contrast ratio (WCAG) with the median of what lies beneath the strip is at
least ``CONTRAST``; grey pictures give white or black. Place: a strip goes to the bottom unless the subjects sit
lower than high; a square design (circular, vectorscope) goes to the lower corner away from the subject, off the
subject and off the title (which planning puts in the centre).
"""

from __future__ import annotations

import colorsys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...protocol import MediaKind
from .framing import focus, thumbnail
from .graph import Canvas, MediaMap, rgb
from .timeline import Shot

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

AUTO = "auto"
CONTRAST = 3.5  # 3:1 is asked; the margin covers the drawing's see-through and the encoder's halved chroma
MAX_SAMPLES = 12
SQUARES = ("circular", "vectorscope")  # designs drawn in a square rather than a strip
_HUE_BINS = 36
_VIVID = 0.15  # pixels less saturated than this do not vote for the hue
_MIN_VIVID_SHARE = 0.01  # below this share of (weighted) vivid pixels the pictures are grey: white or black
_SATURATION, _VALUE = 0.8, 1.0  # the chosen hue made vivid, before the contrast adjusts it
_TOP_BIAS = 0.8  # the top is chosen only when it covers clearly less of the subjects than the bottom


@dataclass(frozen=True)
class Sample:
    """One shot's frame as it lands on the canvas (RGB 0..1), where its subject is (shares of the canvas) and how
    many frames it shows."""

    image: npt.NDArray[np.float64]
    subject: tuple[float, float]
    weight: float


def samples(shots: Sequence[Shot], media: MediaMap, canvas: Canvas) -> list[Sample]:
    """Up to ``MAX_SAMPLES`` of the lane's shots, spread over the video, as they land on the canvas."""
    import numpy as np

    chosen = list(shots)
    if len(chosen) > MAX_SAMPLES:
        chosen = [chosen[round(i)] for i in np.linspace(0, len(chosen) - 1, MAX_SAMPLES)]
    out = []
    for shot in chosen:
        found = _sample(shot, media, canvas)
        if found is not None:
            out.append(found)
    return out


def _sample(shot: Shot, media: MediaMap, canvas: Canvas) -> Sample | None:
    import numpy as np

    src = shot.segment.src
    if src is None:  # a generated background: its colours, evenly mixed
        raw = shot.segment.meta.get("colors")
        colors = [rgb(c) for c in raw if isinstance(c, str)] if isinstance(raw, list) else []
        if not colors:
            return None
        image = np.array([colors], dtype=np.float64)
        return Sample(image, (0.5, 0.5), float(shot.frames))
    if src not in media or media[src][1].kind not in (MediaKind.IMAGE, MediaKind.VIDEO):
        return None
    path, info = media[src]
    at_ms = shot.in_ms if info.kind == MediaKind.VIDEO else 0
    small = thumbnail(path, at_ms)
    if small is None:
        return None
    cropped, subject = on_canvas(small, focus(path, at_ms), canvas.width / canvas.height)
    return Sample(cropped, subject, float(shot.frames))


def on_canvas(
    image: npt.NDArray[np.float64], centre: tuple[float, float], aspect: float
) -> tuple[npt.NDArray[np.float64], tuple[float, float]]:
    """``image`` cropped to ``aspect`` around ``centre`` as the visuals lane crops it, and where ``centre`` lands."""
    h, w = image.shape[:2]
    fx, fy = centre
    if w / h > aspect:
        cw = max(1, round(h * aspect))
        x0 = int(min(max(fx * w - cw / 2, 0), w - cw))
        return image[:, x0 : x0 + cw], ((fx * w - x0) / cw, fy)
    ch = max(1, round(w / aspect))
    y0 = int(min(max(fy * h - ch / 2, 0), h - ch))
    return image[y0 : y0 + ch], (fx, (fy * h - y0) / ch)


def auto_position(effect: str, found: Sequence[Sample]) -> str:
    """Where a design goes when its position is automatic: a square in the lower corner away from the subjects, a
    strip at the bottom unless the subjects sit lower than high."""
    if not found:
        return "bottom_right" if effect in SQUARES else "bottom"
    total = sum(s.weight for s in found)
    if effect in SQUARES:
        x = sum(s.subject[0] * s.weight for s in found) / total
        return "bottom_left" if x > 0.5 else "bottom_right"
    covered = {}
    for position, centre in (("bottom", 0.85), ("top", 0.15)):
        covered[position] = sum(s.weight * max(0.0, 1 - abs(s.subject[1] - centre) / 0.5) for s in found) / total
    return "top" if covered["top"] < covered["bottom"] * _TOP_BIAS else "bottom"


def auto_color(found: Sequence[Sample], region: tuple[float, float, float, float]) -> str:
    """The visualizer's colour from the pictures' palette, with ``CONTRAST`` against the median of what lies
    under ``region`` (x, y, width, height as shares of the canvas); "#rrggbb"."""
    hue = palette_hue(found)
    base = (1.0, 1.0, 1.0) if hue is None else colorsys.hsv_to_rgb(hue, _SATURATION, _VALUE)
    under = region_luminance(found, region)
    if under is None:
        return to_hex(base)
    return to_hex(with_contrast(base, under, CONTRAST))


def palette_hue(found: Sequence[Sample]) -> float | None:
    """The most common vivid hue of the samples (0..1), or None when they are nearly grey."""
    import numpy as np

    histogram = np.zeros(_HUE_BINS)
    pixels = 0.0
    for sample in found:
        image = sample.image.reshape(-1, 3)
        high, low = image.max(axis=1), image.min(axis=1)
        saturation = (high - low) / np.maximum(high, 1e-6)
        votes = np.where(saturation >= _VIVID, saturation * high, 0.0) * sample.weight / len(image)
        histogram += np.bincount(_hues(image, high, low), weights=votes, minlength=_HUE_BINS)[:_HUE_BINS]
        pixels += sample.weight
    if pixels <= 0 or histogram.sum() / pixels < _MIN_VIVID_SHARE:
        return None
    smooth = histogram + 0.5 * (np.roll(histogram, 1) + np.roll(histogram, -1))
    return (int(np.argmax(smooth)) + 0.5) / _HUE_BINS


def _hues(
    image: npt.NDArray[np.float64], high: npt.NDArray[np.float64], low: npt.NDArray[np.float64]
) -> npt.NDArray[np.intp]:
    """Each pixel's hue bin."""
    import numpy as np

    r, g, b = image[:, 0], image[:, 1], image[:, 2]
    span = np.maximum(high - low, 1e-6)
    hue = np.where(high == r, (g - b) / span % 6, np.where(high == g, (b - r) / span + 2, (r - g) / span + 4)) / 6
    return np.minimum((hue * _HUE_BINS).astype(np.intp), _HUE_BINS - 1)


def region_luminance(found: Sequence[Sample], region: tuple[float, float, float, float]) -> float | None:
    """The median relative luminance of the samples' pixels under ``region``, each sample counted by its frames."""
    import numpy as np

    values, weights = [], []
    x, y, w, h = region
    for sample in found:
        rows, cols = sample.image.shape[:2]
        r0, c0 = min(int(y * rows), rows - 1), min(int(x * cols), cols - 1)
        part = sample.image[r0 : max(r0 + 1, round((y + h) * rows)), c0 : max(c0 + 1, round((x + w) * cols))]
        lum = luminance_of(part.reshape(-1, 3))
        values.append(lum)
        weights.append(np.full(lum.shape, sample.weight / lum.size))
    if not values:
        return None
    order = np.argsort(np.concatenate(values))
    flat, cumulative = np.concatenate(values)[order], np.cumsum(np.concatenate(weights)[order])
    return float(flat[np.searchsorted(cumulative, cumulative[-1] / 2)])


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


def with_contrast(color: Sequence[float], under: float, ratio: float) -> tuple[float, float, float]:
    """``color`` moved towards white or black, by as little as it takes, until its contrast with a ground of
    luminance ``under`` is at least ``ratio`` (or as far as it goes)."""
    best: tuple[float, tuple[float, float, float]] | None = None
    for end in ((1.0, 1.0, 1.0), (0.0, 0.0, 0.0)):
        for step in range(21):
            t = step / 20
            mixed = (
                color[0] + (end[0] - color[0]) * t,
                color[1] + (end[1] - color[1]) * t,
                color[2] + (end[2] - color[2]) * t,
            )
            if contrast(luminance(mixed), under) >= ratio:
                if best is None or t < best[0]:
                    best = (t, mixed)
                break
    if best is None:  # no mix reaches the ratio: the far end that comes nearest
        return (1.0, 1.0, 1.0) if contrast(1.0, under) >= contrast(0.0, under) else (0.0, 0.0, 0.0)
    return best[1]


def to_hex(color: Sequence[float]) -> str:
    """An RGB colour (0..1) as "#rrggbb"."""
    return "#" + "".join(f"{round(max(0.0, min(1.0, v)) * 255):02x}" for v in color)
