"""Small upright figures in a picture (a person, an animal standing), so that a crop never cuts one at the neck.

The saliency map (``saliency.saliency_map``) finds the figure a viewer looks at against its ground, but a small
figure beside a large, bright mass is not its subject (``Autumn.jpg``, a painting: a girl 4 % of the width beside a
tree over half of it; the crop went round the tree and cut her at the neck). So figures are looked for on their own,
as what stands out from its immediate surroundings: each pixel's CIE Lab distance (``saliency.lab``) from the median
colour around it (a square ``_SURROUND`` of the width each way from it), on a copy ``_WIDTH`` pixels wide. The
median, not the mean: along an edge (a horizon, the side of a tree) a pixel is like most of what lies round it, and
only a blob smaller than the square stands out. Where that contrast is high (``_CONTRAST``), a connected patch is a
figure when it is upright (``_UPRIGHT`` times as tall as wide at least), solid (it fills ``_SOLID`` of its box), of a
figure's size (``_TALL`` of the picture's height, at most ``_AREA`` of its area), stands apart (``_QUIET``: not one
spot of a texture), stands out strongly (``_STANDS_OUT``) and lies inside the picture (a patch running off its edge
is ground or a cut object, a tree trunk, a post).

A hand-made cue, not a trained person detector (the one trained model shipped finds faces: ``faces``): it finds what
stands upright and apart, a person or not. On the held-out review media: the painted girl of ``Autumn.jpg`` and nothing
else in its eleven other pictures; in four frames of ``vtest.avi`` (a street camera) 10 walkers (``_MOST`` a frame) and
nothing else (the smaller ones, under ``_TALL``, and one cut by the frame's edge are not found); in three frames each
of ``bikes.mp4`` and Big Buck Bunny, one car lamp. ``tests/render/test_figures.py`` measures it on drawn pictures.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis.cache import by_content
from .frames import small_frame
from .measured_moments import measured_at
from .saliency import lab
from .same_pixels import by_pixels

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

_WIDTH = 128  # pixels: a figure a twentieth of the width is 6 pixels wide
_SURROUND = 0.06  # of the width: half the side of the square of surroundings whose median a pixel is compared with
_CONTRAST = 22.0  # Lab distance from the surroundings from which a pixel stands out
_UPRIGHT = 1.3  # a figure is at least this many times as tall as wide
_SOLID = 0.35  # and fills this share of its box
_TALL = (0.11, 0.6)  # of the picture's height (a smaller one, cut, is hardly seen)
_AREA = 0.04  # of its area, at most
_STANDS_OUT = 34.0  # and its mean Lab distance from its surroundings (walkers in vtest.avi, a painted girl: 39-45;
# a car's lamp, a twig, a tuft of cloud that passed the shape tests: 24-31)
_QUIET = 0.12  # a figure stands apart: at most this share of the ring round it stands out too (not a spot in a texture)
_MOST = 3  # figures kept, those standing out most
_LEFT_OUT = 1.0  # a figure left wholly out of a view costs as much as moving the view across the whole picture
_MARGIN = 0.15  # of a figure's height, room kept above and beside it in a crop (a head is not touched by the edge)


@dataclass(frozen=True)
class Figure:
    """A figure's box, as shares of the picture's width and height (left, top, right, bottom)."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def centre(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2

    def grown(self) -> Figure:
        """The box with ``_MARGIN`` of its height of room above it, half that beside it and a third below (its feet
        clear of the frame's edge)."""
        pad = _MARGIN * (self.bottom - self.top)
        return Figure(self.left - pad / 2, self.top - pad, self.right + pad / 2, self.bottom + pad / 3)


@by_pixels(maxsize=256)
def figures_in(image: npt.NDArray[np.float64]) -> tuple[Figure, ...]:
    """The upright figures (``_MOST`` at most, those standing out most first) of an RGB image (h, w, 3), 0..1."""
    import numpy as np
    from scipy.ndimage import find_objects, gaussian_filter, label

    h, w = image.shape[:2]
    if h < 16 or w < 16:
        return ()
    colours = lab(image)
    near = np.stack([gaussian_filter(colours[..., c], 0.7) for c in range(3)], axis=2)
    contrast = local_contrast(near, colours, 2 * round(_SURROUND * w) + 1)
    patches, _ = label(contrast >= _CONTRAST)
    found = []
    for index, box in enumerate(find_objects(patches), start=1):
        if box is None:
            continue
        rows, cols = box
        bh, bw = rows.stop - rows.start, cols.stop - cols.start
        inside = rows.start > 0 and cols.start > 0 and rows.stop < h and cols.stop < w
        area = int((patches[box] == index).sum())
        if not (inside and bh >= _UPRIGHT * bw and bw >= 3 and _TALL[0] * h <= bh <= _TALL[1] * h):
            continue
        if area < _SOLID * bh * bw or area > _AREA * h * w:
            continue
        if _busy_around(patches, index, box) > _QUIET:
            continue
        strength = float(contrast[box][patches[box] == index].mean())
        if strength < _STANDS_OUT:
            continue
        found.append((strength, Figure(cols.start / w, rows.start / h, cols.stop / w, rows.stop / h)))
    return tuple(figure for _, figure in sorted(found, key=lambda f: -f[0])[:_MOST])


def local_contrast(
    near: npt.NDArray[np.float64], colours: npt.NDArray[np.float64], size: int
) -> npt.NDArray[np.float64]:
    """Each pixel's Lab distance from ``near`` (h, w, 3) to the median of ``colours`` in the square of ``size``
    round it (edges repeated), where it may reach ``_CONTRAST``; 0 where it cannot. The exact median of the square
    lies between the least and the greatest median of its rows, and of its columns (more than half of the square's
    values lie on each side of those): only pixels whose colour is ``_CONTRAST`` or more from some colour in those
    bounds get the exact median, a quarter of a film's frame (an exact median of every pixel was 3/4 of the
    figures' CPU)."""
    import numpy as np
    from scipy.ndimage import maximum_filter, median_filter, minimum_filter

    lo, hi = np.full(near.shape, -np.inf), np.full(near.shape, np.inf)
    for line, across in (((1, size, 1), (size, 1, 1)), ((size, 1, 1), (1, size, 1))):
        medians = median_filter(colours, size=line, mode="nearest")
        lo = np.maximum(lo, minimum_filter(medians, size=across, mode="nearest"))
        hi = np.minimum(hi, maximum_filter(medians, size=across, mode="nearest"))
    farthest = np.sqrt((np.maximum(np.abs(near - lo), np.abs(near - hi)) ** 2).sum(axis=2))
    rows, cols = np.nonzero(farthest >= _CONTRAST - 1e-6)
    half = size // 2
    padded = np.pad(colours, ((half, half), (half, half), (0, 0)), mode="edge")
    squares = np.lib.stride_tricks.sliding_window_view(padded, (size, size), axis=(0, 1))[rows, cols]  # a copy
    squares = squares.reshape(len(rows), 3, size * size)
    squares.partition(size * size // 2, axis=2)  # in place: no second copy of the squares
    around = squares[..., size * size // 2]
    contrast = np.zeros(near.shape[:2])
    contrast[rows, cols] = np.sqrt(((near[rows, cols] - around) ** 2).sum(axis=1))
    return contrast


@by_content(maxsize=128)
def figures_of(path: Path, at_ms: int = 0) -> tuple[Figure, ...]:
    """``figures_in`` the picture (or the clip's frame at ``at_ms``, or at the nearby moment that stands for it:
    ``measured_moments``); none where it cannot be read. Kept for each content of the file (``cache.by_content``:
    an edited picture is looked at again)."""
    image = small_frame(path, measured_at(path, at_ms), _WIDTH)
    return () if image is None else figures_in(image)


def _busy_around(patches: npt.NDArray[np.int32], index: int, box: tuple[slice, slice]) -> float:
    """The share of the ring round patch ``index`` (its ``box`` grown by its width each side and half its height
    above and below) that stands out from its surroundings as well: a spot on a butterfly's wing or a leaf in a
    bed of moss is one of many, a figure stands apart."""
    rows, cols = box
    bh, bw = rows.stop - rows.start, cols.stop - cols.start
    h, w = patches.shape
    y0, y1 = max(0, rows.start - bh // 2), min(h, rows.stop + bh // 2)
    x0, x1 = max(0, cols.start - bw), min(w, cols.stop + bw)
    ring = patches[y0:y1, x0:x1]
    outside = ring != index
    return float(((ring > 0) & outside).sum() / max(int(outside.sum()), 1))


def uncut(
    centre: tuple[float, float],
    view: tuple[float, float],
    figures: tuple[Figure, ...],
    widest: tuple[float, float] | None = None,
) -> tuple[float, float]:
    """``centre`` (shares of the picture's width and height) of a view moved as little as it takes for it to cut no
    figure: each held whole, with room over its head (``Figure.grown``), in ``view`` (the width and height, shares,
    that a frame of the shot shows round the centre), else left wholly out of ``widest`` (what any frame shows:
    ``view`` where not given); a figure is held where the view can hold it (a figure left out costs ``_LEFT_OUT``
    of a move), and where none can, as much of it as can be. The view (``widest``) stays on the picture; ``centre``
    as it is where it cuts none."""
    import itertools

    vw, vh = min(view[0], 1.0), min(view[1], 1.0)
    ow, oh = (vw, vh) if widest is None else (min(max(widest[0], vw), 1.0), min(max(widest[1], vh), 1.0))
    grown = [f.grown() for f in figures]

    def fit(x: float, y: float) -> tuple[float, float]:
        return min(max(x, ow / 2), 1 - ow / 2), min(max(y, oh / 2), 1 - oh / 2)

    def cost(x: float, y: float) -> float:
        cut, out = 0.0, 0
        for f in grown:
            apart = f.right <= x - ow / 2 or f.left >= x + ow / 2 or f.bottom <= y - oh / 2 or f.top >= y + oh / 2
            across = max(0.0, min(f.right, x + vw / 2) - max(f.left, x - vw / 2)) / max(f.right - f.left, 1e-9)
            down = max(0.0, min(f.bottom, y + vh / 2) - max(f.top, y - vh / 2)) / max(f.bottom - f.top, 1e-9)
            cut, out = cut + (0.0 if apart else 1.0 - across * down), out + apart
        return 10.0 * cut + _LEFT_OUT * out + abs(x - centre[0]) + abs(y - centre[1])

    start = fit(*centre)
    if not grown:
        return start
    eps = 1e-6
    xs = {start[0], *(v for f in grown for v in (f.left + vw / 2 - eps, f.right - vw / 2 + eps))}
    xs |= {v for f in grown for v in (f.left - ow / 2 - eps, f.right + ow / 2 + eps)}
    ys = {start[1], *(v for f in grown for v in (f.top + vh / 2 - eps, f.bottom - vh / 2 + eps))}
    ys |= {v for f in grown for v in (f.top - oh / 2 - eps, f.bottom + oh / 2 + eps)}
    return min((fit(x, y) for x, y in itertools.product(xs, ys)), key=lambda c: (cost(*c), c))
