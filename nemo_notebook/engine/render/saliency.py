"""What a viewer looks at in a small picture (a thumbnail about 96 pixels wide): a saliency map (``saliency_map``)
for where to crop it and where the visualizer may lie without covering the subject.

A figure against its ground, from three known cues, with colours compared in CIE Lab (distances as the eye sees
them, not RGB's):

- Boundary contrast (the background prior of Wei et al. 2012, "Geodesic saliency using background priors"): a
  frame's edges are mostly ground, so a pixel is as salient as its colour is far from the nearest colours on the
  edge (a few blocks in, not the very nearest: a subject touching the edge in one place is not erased). A branch
  or a lawn that runs off the frame, or the sky, is near the edge's colours; a bird on the branch is not.
- Colour distribution ("Saliency Filters", Perazzi et al. 2012): a colour spread over the frame (grass, a branch
  across it, leaves) is ground, a compact one is a figure: each 6-pixel cell is weighted by exp(-k * the spatial
  variance of the cells of a colour like its own). Fine repetitive texture averages out in the cells, and what is
  left of it is spread wide: grass does not rate as subject.
- Where a viewer looks within the figure: at the face, which an upright figure carries at its top (faces and the
  centre are the strongest cues of where people look, Judd et al. 2009): a pixel gains with the share of its
  column's figure that lies below it, so a bird's head outweighs its feet and the branch under them. And a mild
  horizontal centre prior (a subject is seldom at the very edge).
- Fine detail: what is sharp draws the eye before what is smooth (a kite's edges before the soft wisps of cloud
  around it, which the two cues above rate alike as bright shapes against the blue): the figure keeps ``_FLAT`` of
  its weight where a region has no fine detail, all of it where it has the most. Measured on a copy four times
  the thumbnail's size where one is given (``framing.fine_detail``): at 96 pixels a blurred grass blade reads as
  sharp as the ladybird on the stem beside it, and took the 9:16 crop (ladybird.jpg: fine detail 0.31 on the
  blade, 0.93 on the ladybird at 384 pixels; the crop's centre 0.39 -> 0.68 of the width, on the ladybird).
- Surroundedness (Boolean Map Saliency, Zhang and Sclaroff 2013): a salient patch that the frame cuts at its top
  or sides is ground running off the frame, and is damped (``_uncut``).

About 2 ms a 96x54 thumbnail (the former frequency-tuned map: 1 ms), numpy and scipy only.
``tests/render/test_saliency.py`` measures it on labelled frames of Big Buck Bunny and synthetic scenes against the
former map.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..analysis.lab import edge_distance
from ..analysis.lab import lab as lab  # the colours the map compares; ``figures`` and the visualizer read them too

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

_CELL = 6  # pixels a side of the cells whose colours are compared (a 96x54 thumbnail: 16x9 cells)
_EDGE_SHARE = 0.03  # a pixel's distance to the edge: to the edge's blocks nearest it in colour, this share in
_BLOCK = 3  # pixels a side of the blocks whose distance to the edge's colours is measured
_SIMILAR = 16.0  # Lab distance at which two cells' colours count as alike (the Gaussian's sigma)
_SPREAD = 6.0  # k in exp(-k * spread): how hard a colour spread over the frame (0..1 of the widest) is damped
_TOP = 4.0  # a pixel with all its column's figure below it weighs this much more than one with none
_CENTRE = 0.35  # sigma of the horizontal centre prior, in shares of the width
_PATCH, _CUT = 0.2, 3.0  # a patch: above this share of the maximum; its weight halves at this many edge pixels
_FLAT = 0.35  # a region without fine detail (a smooth sky, a wisp of cloud, a blur) keeps this share of its saliency
_DETAIL_SIGMA = 3.0  # pixels over which the fine detail is pooled
_SHALLOW = 4.0  # fine detail's 90th percentile over its median from which a picture has a shallow depth of field


def saliency_map(
    image: npt.NDArray[np.float64], *, fine: npt.NDArray[np.float64] | None = None
) -> npt.NDArray[np.float64]:
    """How much each pixel of an image (grey (h, w) or colour (h, w, 3), 0..1) draws the eye, (h, w), 0..1; all
    zeros for a plain image. ``fine``: the image's fine detail (h, w), 0..1, measured on a larger copy
    (``framing.fine_detail``): the fine detail cue in place of the thumbnail's own, and where it shows a shallow
    depth of field, what is in focus is the subject (``_in_focus``). See the module's docstring."""
    import numpy as np
    from scipy.ndimage import gaussian_filter

    rgb = image if image.ndim == 3 else np.repeat(image[..., None], 3, axis=2)
    h, w = rgb.shape[:2]
    cell = max(1, min(_CELL, min(h, w) // 6))
    rows, cols = h // cell, w // cell
    if rows < 3 or cols < 3:
        return np.zeros((h, w))
    colours = lab(rgb)
    cells = colours[: rows * cell, : cols * cell].reshape(rows, cell, cols, cell, 3).mean(axis=(1, 3))
    figure = _edge_distance(colours) * _compactness(cells, (h, w))
    detail = _detail(colours[..., 0]) if fine is None or fine.shape != (h, w) else fine
    figure = figure * (_FLAT + (1 - _FLAT) * detail) * _in_focus(fine)
    figure = gaussian_filter(figure, 1.0)
    column = figure.sum(axis=0, keepdims=True)
    below = (np.cumsum(figure[::-1], axis=0)[::-1] - figure) / np.maximum(column, 1e-9)
    xs = (np.arange(w) + 0.5) / w
    saliency = figure * (1 + _TOP * below) * np.exp(-((xs - 0.5) ** 2) / (2 * _CENTRE**2))[None, :]
    top = float(saliency.max())
    if top <= 1e-9:
        return np.zeros((h, w))
    saliency = _uncut(saliency / top)
    return np.asarray(saliency / max(float(saliency.max()), 1e-9), dtype=np.float64)


def _in_focus(fine: npt.NDArray[np.float64] | None) -> npt.NDArray[np.float64] | float:
    """1, or where ``fine`` (fine detail on a larger copy, 0..1) shows a shallow depth of field (its 90th percentile
    ``_SHALLOW`` times its median or more), its square: a photographer's sharp leaf outweighs a red one blurred behind
    it, whose colour stands out from the frame's edge some 80 times as much (FallenLeaf.jpg: fine detail 0.016 on the sharp leaf, 0.002 on the blurred one, 0.006 on the blurred
    ground in front, at 384 pixels wide; at 96 the blur hardly shows: 0.027, 0.012, 0.021)."""
    import numpy as np

    if fine is None or float(np.percentile(fine, 90)) < _SHALLOW * max(float(np.median(fine)), 1e-6):
        return 1.0
    return np.asarray(fine**2, dtype=np.float64)


def _detail(lightness: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Fine detail, 0..1 (h, w): the Lab lightness' difference from its own slight blur, pooled over
    ``_DETAIL_SIGMA`` pixels and scaled to its 98th percentile. A kite's edges, a face, a branch have it; a smooth
    sky, a soft wisp of cloud or a blur have little."""
    import numpy as np
    from scipy.ndimage import gaussian_filter

    fine = gaussian_filter(np.abs(lightness - gaussian_filter(lightness, 0.8)), _DETAIL_SIGMA)
    top = float(np.percentile(fine, 98))
    return np.zeros_like(fine) if top <= 1e-6 else np.asarray(np.clip(fine / top, 0, 1), dtype=np.float64)


def _uncut(saliency: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """``saliency`` (0..1) with each patch above ``_PATCH`` divided by 1 + (its pixels on the frame's top, left and
    right edges) / ``_CUT``: a patch the frame cuts at the sides or the top is ground running off it (a meadow in
    a corner, a row of trees at the edge); a figure stands inside the frame, or is cut at the bottom only (a
    standing figure, a bust). Surroundedness, as in Boolean Map Saliency (Zhang and Sclaroff 2013), in one cut."""
    import numpy as np
    from scipy.ndimage import label

    patches, count = label(saliency >= _PATCH)
    ring = np.zeros(saliency.shape, dtype=bool)
    ring[0], ring[:, 0], ring[:, -1] = True, True, True
    touch = np.bincount(patches[ring], minlength=count + 1).astype(np.float64)
    touch[0] = 0.0
    return np.asarray(saliency / (1 + touch / _CUT)[patches], dtype=np.float64)


def _edge_distance(colours: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Each pixel's Lab distance to the colours on the image's edge (to the edge's blocks nearest it in colour,
    ``_EDGE_SHARE`` in), squared and scaled to 0..1 (squared: the clearly different stand out), (h, w). Measured on
    ``_BLOCK``-pixel blocks (the map is blurred after anyway), the edge being the outer ring of blocks."""
    import numpy as np

    h, w = colours.shape[:2]
    b = _BLOCK if min(h, w) >= 6 * _BLOCK else 1
    near = edge_distance(colours, b, _EDGE_SHARE) ** 2
    full = np.repeat(np.repeat(near, b, axis=0), b, axis=1)
    full = np.pad(full, ((0, h - full.shape[0]), (0, w - full.shape[1])), mode="edge")
    return np.asarray(full / max(float(full.max()), 1e-9), dtype=np.float64)


def _compactness(cells: npt.NDArray[np.float64], shape: tuple[int, int]) -> npt.NDArray[np.float64]:
    """exp(-``_SPREAD`` * spread) of each cell's colour, the spread being the spatial variance of the cells of a
    like colour (scaled to 0..1), brought up to the image's ``shape`` (h, w)."""
    import numpy as np
    from scipy.ndimage import zoom

    rows, cols = cells.shape[:2]
    flat = cells.reshape(-1, 3)
    ys, xs = np.mgrid[0:rows, 0:cols]
    where = np.stack([(ys.ravel() + 0.5) / cols, (xs.ravel() + 0.5) / cols], axis=1)  # in widths, both
    squared = (flat**2).sum(axis=1)
    apart = np.maximum(squared[:, None] + squared[None, :] - 2 * flat @ flat.T, 0)
    alike = np.exp(-apart / (2 * _SIMILAR**2))
    alike /= alike.sum(axis=1, keepdims=True)
    mean = alike @ where
    spread = alike @ (where**2).sum(axis=1) - (mean**2).sum(axis=1)
    weight = np.exp(-_SPREAD * spread / max(float(spread.max()), 1e-9)).reshape(rows, cols)
    h, w = shape
    up = zoom(weight, (h / rows, w / cols), order=1, mode="nearest", grid_mode=True)
    out = np.empty((h, w))
    out[: min(h, up.shape[0]), : min(w, up.shape[1])] = up[:h, :w]
    if up.shape[0] < h:
        out[up.shape[0] :] = out[up.shape[0] - 1]
    if up.shape[1] < w:
        out[:, up.shape[1] :] = out[:, up.shape[1] - 1 : up.shape[1]]
    return out
