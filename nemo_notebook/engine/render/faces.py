"""Faces seen from the front, so that an automatic visualizer strip is never drawn across one (issue 29).

The saliency map (``saliency.saliency_map``) finds a figure against its ground, not a face: in a close-up whose
face has the colours of the wall behind it, its most salient patch was the hair, and the strip lay at full strength
across the chin while the report card said it covered the subject 0.0 % of the time. A face is found here as OpenCV
finds one, by a boosted cascade of multi-block local binary patterns (Liao et al. 2007, "Learning multi-scale block
local binary patterns for face recognition") read from OpenCV's own trained frontal-face cascade
(``assets/faces/lbpcascade_frontalface.xml``, 52 kB, Apache-2.0: ``assets/faces/LICENSE.md``), evaluated with numpy
on a grey copy ``_WIDTH`` pixels wide: each window of 24x24 pixels at each scale (``_STEP`` apart, 1 where the copy
is scaled down more than twice, as OpenCV does) passes the cascade's stages or not, and windows that pass in more
than ``_NEIGHBOURS`` nearby places make one face (OpenCV's ``groupRectangles``). It finds faces turned towards the
camera at least 24 pixels high on that copy (a ninth of a 16:9 frame's height); a face in profile is not found. On
the held-out review media (one frame each of 14 photos and a cover, 30 frames of Big Buck Bunny, 15 of a street
walk) it finds none; in 22 frames of the cartoon ``Megamind.avi``, 0.5 s apart, a face in 15. With 3 neighbours: 16,
and a face in RainDrops.jpg; with 2, and windows 2 pixels apart at every scale: 10, and a 9:16 close-up of the
astronaut was found on a 360-pixel copy only (not on 256, 320, 384 or 448). About 0.21 s of CPU a picture, once per file content and moment:
the strip's place and light over 12 review photos (``visualizer.placed``, 1080p) took 5.0-5.1 s of CPU, 2.6 s
without faces.

The face (``FACE``: the box, which runs from the hairline to about the chin, grown a little) is what the strip is
never drawn over; the head round it (``HEAD``, its hair) is a subject the strip may be drawn light over.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis.cache import by_content
from .figures import Figure
from .frames import small_frame
from .measured_moments import measured_at
from .same_pixels import by_pixels

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

_WIDTH = 384  # pixels: the copy looked through (a 16:9 frame's 216 lines; a face from 24 of them)
_SCALE = 1.15  # one scale of windows to the next
_STEP = 2  # pixels between windows on the copy scaled by up to 2, 1 beyond (OpenCV's): neighbours for the grouping
_NEIGHBOURS = 4  # windows that pass in nearby places (more than this many) make a face (OpenCV's default: 3)
_DENSE = 4  # windows are read as a grid while at least a quarter of them are still in
_NEAR = 0.2  # OpenCV's eps: windows whose sides lie within this share of their size of each other are one face
CASCADE = Path(__file__).resolve().parents[2] / "assets" / "faces" / "lbpcascade_frontalface.xml"
# the face round the cascade's box (on the astronaut's close-up, ``tests/render/test_strip_faces.py``, from her
# hairline to her chin) and the head round that: shares of its side added above it, below it and beside it
FACE = (0.05, 0.1, 0.05)
HEAD = (0.7, 0.3, 0.25)
Region = tuple[float, float, float, float]  # x, y, width, height as shares of the picture


@dataclass(frozen=True)
class _Stage:
    threshold: float
    features: npt.NDArray[np.intp]  # (k,): each weak classifier's feature
    subsets: npt.NDArray[np.int64]  # (k, 8): the 256 codes, as bits, that take the first leaf
    leaves: npt.NDArray[np.float64]  # (k, 2)
    values: npt.NDArray[np.float64]  # (k, 256): the leaf each code takes (``_leaf_values``)
    row_starts: npt.NDArray[np.intp]  # (k,): where each feature's row of ``values`` starts, read flat


@dataclass(frozen=True)
class _Cascade:
    size: tuple[int, int]  # the window's width and height
    rects: npt.NDArray[np.intp]  # (features, 4): x, y and each of the 3x3 blocks' width and height
    stages: tuple[_Stage, ...]


@lru_cache(maxsize=1)
def _cascade() -> _Cascade:
    """The trained cascade (``CASCADE``), read once."""
    import xml.etree.ElementTree as ET

    import numpy as np

    root = ET.parse(CASCADE).getroot().find("cascade")
    assert root is not None
    size = (int(root.findtext("width", "24")), int(root.findtext("height", "24")))
    rects = np.array([[int(v) for v in str(r.text).split()] for r in root.iterfind("features/_/rect")], dtype=np.intp)
    stages = []
    for stage in root.iterfind("stages/_"):
        nodes = [[int(v) for v in str(n.text).split()] for n in stage.iterfind("weakClassifiers/_/internalNodes")]
        leaves = [[float(v) for v in str(n.text).split()] for n in stage.iterfind("weakClassifiers/_/leafValues")]
        subsets = np.array([n[3:11] for n in nodes], dtype=np.int64) & 0xFFFFFFFF
        stages.append(
            _Stage(
                float(stage.findtext("stageThreshold", "0")) - 1e-5,  # OpenCV's margin under the threshold
                np.array([n[2] for n in nodes], dtype=np.intp),
                subsets,
                np.array(leaves, dtype=np.float64),
                _leaf_values(subsets, np.array(leaves, dtype=np.float64)),
                np.arange(len(nodes), dtype=np.intp) * 256,
            )
        )
    return _Cascade(size, rects, tuple(stages))


@by_pixels(maxsize=256)
def faces_in(grey: npt.NDArray[np.float64]) -> tuple[Region, ...]:
    """The faces in a grey image (h, w; 0..255), as boxes (shares of its width and height), largest first.

    >>> import numpy as np
    >>> faces_in(np.full((120, 160), 128.0))
    ()
    """
    import numpy as np
    from scipy.ndimage import zoom

    cascade = _cascade()
    h, w = grey.shape
    found: list[tuple[float, float, float]] = []  # x, y, side in the image's pixels
    factor = 1.0
    while h / factor >= cascade.size[1] + 1 and w / factor >= cascade.size[0] + 1:
        shape = (round(h / factor), round(w / factor))
        scaled = (
            grey if factor == 1.0 else zoom(grey, (shape[0] / h, shape[1] / w), order=1, grid_mode=True, mode="nearest")
        )
        for y, x in _passing(cascade, scaled, _STEP if factor <= 2 else 1):
            found.append((x * w / shape[1], y * h / shape[0], cascade.size[0] * w / shape[1]))
        factor *= _SCALE
    return tuple((x / w, y / h, side / w, side / h) for x, y, side in _grouped(np.array(found).reshape(-1, 3)))


def _passing(cascade: _Cascade, grey: npt.NDArray[np.float64], step: int) -> list[tuple[int, int]]:
    """The top-left corners (row, column) of the windows of ``grey``, ``step`` pixels apart, that pass every stage
    of ``cascade``. While most windows are still in (the first stages), each feature is read for the whole grid of
    windows at once (``_grid_codes``); then for the windows left, all of a stage's features together (``_code``).
    Both give each window the same sums, added in the same order, so the same code
    (``tests/render/test_frame_measures_cost.py``): 87 real frames 384 pixels wide took 174-191 ms of CPU each read
    window by window, 113 so; 31 frames 124 ms each with a stage's features read one after another, 105-113 so. A
    code is read as eight comparisons of runs of (windows, features) sums, and its leaf as one look-up in the stage's
    table (``_Stage.values``): 30 frames of Big Buck Bunny took 83-84 ms each, 59-62 so (paired, load ~17)."""
    import numpy as np

    ii = np.zeros((grey.shape[0] + 1, grey.shape[1] + 1))
    ii[1:, 1:] = grey.cumsum(axis=0).cumsum(axis=1)
    rows = np.arange(0, grey.shape[0] - cascade.size[1] + 1, step)
    cols = np.arange(0, grey.shape[1] - cascade.size[0] + 1, step)
    stages = list(cascade.stages)
    alive = np.ones((len(rows), len(cols)), dtype=bool)
    while stages and alive.sum() * _DENSE >= alive.size:
        stage = stages.pop(0)
        total = np.zeros(alive.shape)
        for feature, values in zip(stage.features, stage.values, strict=True):
            total += values.take(_grid_codes(ii, alive.shape, step, cascade.rects[feature]))
        alive &= total >= stage.threshold
    at_row, at_col = np.nonzero(alive)
    ys, xs = rows[at_row], cols[at_col]
    for stage in stages:
        if not len(ys):
            break
        code = _code(ii, ys, xs, cascade.rects[stage.features])  # (windows, features)
        values = stage.values.take(code + stage.row_starts)  # each feature's leaf: one look-up in its row
        keep = np.cumsum(values, axis=1)[:, -1] >= stage.threshold  # added one after another, as they were
        ys, xs = ys[keep], xs[keep]
    return list(zip(ys.tolist(), xs.tolist(), strict=True))


def _taken(subset: npt.NDArray[np.int64], code: npt.NDArray[np.intp]) -> npt.NDArray[np.bool_]:
    """Whether each code is one of the 256 (``subset``, as bits) that take a weak classifier's first leaf."""
    taken: npt.NDArray[np.bool_] = ((subset[code >> 5] >> (code & 31)) & 1) == 1
    return taken


def _leaf_values(subsets: npt.NDArray[np.int64], leaves: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Each weak classifier's leaf for each of the 256 codes (k, 256): the first where the code is one of its
    ``subsets`` (``_taken``), else the second. A window's leaf is then one look-up of its code."""
    import numpy as np

    codes = np.arange(256)
    return np.stack([np.where(_taken(s, codes), a, b) for s, (a, b) in zip(subsets, leaves, strict=True)])


def _grid_codes(
    ii: npt.NDArray[np.float64], grid: tuple[int, int], step: int, rect: npt.NDArray[np.intp]
) -> npt.NDArray[np.uint8]:
    """``_code`` of every window of the grid (``grid``: rows and columns of windows, ``step`` pixels apart) at once:
    every block's sum of the image taken once (``blocks``), each of the nine read as a slice of it."""
    x, y, bw, bh = (int(v) for v in rect)
    blocks = ii[bh:, bw:] - ii[:-bh, bw:] - ii[bh:, :-bw] + ii[:-bh, :-bw]  # the sum of the block at each pixel

    def block(r: int, c: int) -> npt.NDArray[np.float64]:
        top, left = y + r * bh, x + c * bw
        return blocks[top : top + step * (grid[0] - 1) + 1 : step, left : left + step * (grid[1] - 1) + 1 : step]

    return _ring_code([block(r, c) for r, c in _RING], block(1, 1))


def _ring_code(ring: list[npt.NDArray[np.float64]], centre: npt.NDArray[np.float64]) -> npt.NDArray[np.uint8]:
    """The code (0..255) of the eight blocks' sums round the ``centre`` block's (``_RING``'s order, the first the
    highest bit): a bit set where a block's sum is at least the centre's."""
    import numpy as np

    code, at_least = np.zeros(centre.shape, dtype=np.uint8), np.empty(centre.shape, dtype=bool)
    for bit, block in enumerate(ring):
        np.greater_equal(block, centre, out=at_least)
        code |= at_least.view(np.uint8) << np.uint8(7 - bit)
    return code


# the eight blocks round the centre (row, column of the 3x3), each a bit of the code, highest first (OpenCV's order)
_RING = ((0, 0), (0, 1), (0, 2), (1, 2), (2, 2), (2, 1), (2, 0), (1, 0))


def _code(
    ii: npt.NDArray[np.float64], ys: npt.NDArray[np.intp], xs: npt.NDArray[np.intp], rects: npt.NDArray[np.intp]
) -> npt.NDArray[np.uint8]:
    """Each window's multi-block LBP code (0..255) of the feature ``rects`` (x, y, block width, block height), or of
    each of the features (``rects`` (k, 4): codes (n, k)): the eight blocks round the centre block of its 3x3, a bit
    set where a block's sum is at least the centre's."""
    import numpy as np

    x, y, bw, bh = (rects[..., i].reshape(-1) for i in range(4))
    stride = ii.shape[1]
    corners = np.arange(4)[:, None, None] * bh * stride + np.arange(4)[None, :, None] * bw  # (4, 4, k)
    starts = (ys[:, None] + y[None, :]) * stride + xs[:, None] + x[None, :]  # (n, k)
    # the corners first: each of the nine blocks' sums, and each comparison, is one run of (n, k) values in memory
    at = ii.ravel()[corners.reshape(16, 1, -1) + starts].reshape(4, 4, len(ys), -1)
    sums = at[1:, 1:] - at[:-1, 1:] - at[1:, :-1] + at[:-1, :-1]  # (3, 3, n, k)
    code = _ring_code([sums[r, c] for r, c in _RING], sums[1, 1])
    return code if rects.ndim > 1 else code[:, 0]


def _grouped(found: npt.NDArray[np.float64]) -> list[tuple[float, float, float]]:
    """The windows (x, y, side) that lie near more than ``_NEIGHBOURS`` others, each such group as one (its mean),
    those inside a larger one left out, the largest first (OpenCV's ``groupRectangles``)."""
    import numpy as np

    n = len(found)
    if n == 0:
        return []
    x, y, s = found[:, 0], found[:, 1], found[:, 2]
    near = _NEAR * np.minimum(s[:, None], s[None, :])
    close = (np.abs(x[:, None] - x[None, :]) <= near) & (np.abs(y[:, None] - y[None, :]) <= near)
    close &= np.abs((x + s)[:, None] - (x + s)[None, :]) <= near
    group = np.arange(n)
    for _ in range(n):  # joined until nothing changes: each window takes the least label of those near it
        joined = np.where(close, group[None, :], n).min(axis=1)
        if np.array_equal(joined, group):
            break
        group = joined
    faces = [found[group == g].mean(axis=0) for g in np.unique(group) if int((group == g).sum()) > _NEIGHBOURS]
    kept = [f for f in faces if not any(_inside(f, o) for o in faces if o is not f)]
    return [(float(a), float(b), float(c)) for a, b, c in sorted(kept, key=lambda f: -f[2])]


def _inside(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> bool:
    """Whether window ``a`` (x, y, side) lies within the larger ``b``."""
    return bool(
        b[2] > a[2] and a[0] >= b[0] and a[1] >= b[1] and a[0] + a[2] <= b[0] + b[2] and a[1] + a[2] <= b[1] + b[2]
    )


def faces_of(
    path: Path, at_ms: int = 0, grown: tuple[float, float, float] = FACE, *, exact: bool = False
) -> tuple[Figure, ...]:
    """The faces (``faces_in``) in the picture (or the clip's frame at ``at_ms``; ``exact``: that frame's own, not
    the nearby moment's that stands for it), each box ``grown`` (shares of its side above it, below it and beside
    it: ``FACE``, or ``HEAD`` for the head with its hair), as shares of the picture; none where it cannot be read."""
    above, below, beside = grown
    return tuple(
        Figure(x - beside * w, y - above * h, x + w + beside * w, y + h + below * h)
        for x, y, w, h in _found(path, at_ms, exact)
    )


@by_content(maxsize=128)
def _found(path: Path, at_ms: int, exact: bool = False) -> tuple[Region, ...]:
    """``faces_in`` a copy ``_WIDTH`` pixels wide of the picture (or the clip's frame at ``at_ms``, or, not
    ``exact``, at the nearby moment that stands for it: ``measured_moments``); none where it cannot be read. Kept
    for each content of the file (``cache.by_content``)."""
    image = small_frame(path, at_ms if exact else measured_at(path, at_ms), _WIDTH)
    return () if image is None else faces_in(image @ (0.299 * 255, 0.587 * 255, 0.114 * 255))
