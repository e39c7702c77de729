"""What a person in a picture is doing with: a ball at a player's foot, a guitar, a microphone, kept in the crop
with the subject where the frame is wide enough (``held_with_props``).

The saliency map (``saliency``) weighs what lies high in a figure (a face) and near the middle, so a ball on the
grass at a player's feet carries almost none of it (messi5.jpg: at most 0.003 of the map in any column over the
ball), and the 9:16 slice round the subject cut the ball off. So such an object is looked for on its own, as
``figures`` looks for a figure: a patch that stands out from its immediate surroundings (``figures.local_contrast``,
on a copy ``_WIDTH`` pixels wide) and is compact (``_ROUND``: about as tall as wide, filling ``_SOLID`` of
its box), of an object's size (``_AREA`` of the picture), inside it, whose colour lies ``_APART`` or more from the
middle colour of a ground round it that is plain (``_PLAIN``: grass, a floor, a wall, not a crowd or foliage), and
one of a kind (``_ALIKE``: a lattice's holes, a butterfly's spots, sweets on a table are a pattern or a set). It
is the subject's when its box lies within ``_NEAR`` of the subject's patch (``framing.held_extents``). A hand-made
cue, not a trained detector. Framed wide in 9:16 and 1:1 (``framings.framed`` at 1080 lines), of the 15 photos of the
held-out review set and ../shared/media it moved messi5.jpg's 9:16 slice (its centre 0.469 -> 0.546 of the width:
the ball at x 0.62-0.70 now in the frame with his head) and RainDrops.jpg's (0.552 -> 0.549); of 29 other photos
of opencv-doc's samples, none (without the likeness test seven crops of six: rubberwhale1.png's 9:16 slice moved
off the toy onto the lattice's holes). ``tests/render/test_tall_props.py`` renders a drawn player and ball.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis.cache import by_content
from .clip_follow import subject_span
from .figures import local_contrast
from .frames import small_frame
from .framing import Box, held_extents, saliency_of
from .saliency import lab
from .same_pixels import by_pixels

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

_WIDTH = 128  # pixels: a ball a fifteenth of the width is 8 pixels wide
_CONTRAST = 22.0  # Lab distance from the surroundings' median from which a pixel stands out (as ``figures``)
_ROUND = 2.0  # an object's box is at most this many times as tall as wide, or as wide as tall
_SOLID = 0.5  # and it fills this share of its box
_AREA = (0.001, 0.02)  # of the picture's area
_APART = 25.0  # Lab distance of its mean colour from the median of the ground round it
_PLAIN = 12.0  # mean Lab distance of that ground from its own median, at most (the ball's grass: 10.6; a crowd 15-26)
_ALIKE = (2.0, 20.0)  # patches as large within this factor and as coloured within this Lab distance are one kind
_NEAR = 0.1  # of the width and height: the most an object's box lies off the subject's patch


@by_pixels(maxsize=256)
def props_in(image: npt.NDArray[np.float64]) -> tuple[Box, ...]:
    """The boxes (left, top, right, bottom, shares) of the compact objects that stand out from a plain ground in an
    RGB image (h, w, 3), 0..1, largest first."""
    import numpy as np
    from scipy.ndimage import find_objects, gaussian_filter, label

    h, w = image.shape[:2]
    if h < 16 or w < 16:
        return ()
    colours = lab(image)
    near = np.stack([gaussian_filter(colours[..., c], 0.7) for c in range(3)], axis=2)
    patches, _ = label(local_contrast(near, colours, 2 * round(0.06 * w) + 1) >= _CONTRAST)
    compact, found = [], []
    for index, box in enumerate(find_objects(patches), start=1):
        if box is None:
            continue
        rows, cols = box
        bh, bw = rows.stop - rows.start, cols.stop - cols.start
        inside = rows.start > 0 and cols.start > 0 and rows.stop < h and cols.stop < w
        mask = patches == index
        area = int(mask.sum())
        if not inside or min(bh, bw) < 3 or max(bh, bw) > _ROUND * min(bh, bw) or area < _SOLID * bh * bw:
            continue
        if not _AREA[0] * h * w <= area <= _AREA[1] * h * w:
            continue
        colour = colours[mask].mean(axis=0)
        compact.append((area, colour))
        ring = np.zeros_like(mask)
        y0, x0 = max(0, rows.start - bh // 2), max(0, cols.start - bw // 2)
        ring[y0 : rows.stop + bh // 2, x0 : cols.stop + bw // 2] = True  # the box grown by half its size each way
        ground = colours[ring & ~mask]
        middle = np.median(ground, axis=0)
        if np.linalg.norm(colour - middle) >= _APART and np.linalg.norm(ground - middle, axis=1).mean() <= _PLAIN:
            found.append((area, colour, (cols.start / w, rows.start / h, cols.stop / w, rows.stop / h)))
    one_of_a_kind = [(area, box) for area, colour, box in found if _alike(area, colour, compact) == 1]
    return tuple(box for _, box in sorted(one_of_a_kind, key=lambda f: -f[0]))


def _alike(area: int, colour: npt.NDArray[np.float64], compact: list[tuple[int, npt.NDArray[np.float64]]]) -> int:
    """How many of the ``compact`` patches (area, mean Lab colour) are like one of ``area`` and ``colour`` (itself
    among them): as large within a factor ``_ALIKE[0]``, as coloured within ``_ALIKE[1]``."""
    import numpy as np

    return sum(
        1
        for other, tint in compact
        if max(other, area) <= _ALIKE[0] * min(other, area) and float(np.linalg.norm(tint - colour)) <= _ALIKE[1]
    )


@by_content(maxsize=128)
def props_of(path: Path) -> tuple[Box, ...]:
    """``props_in`` the picture; none where it cannot be read."""
    image = small_frame(path, 0, _WIDTH)
    return () if image is None else props_in(image)


def held_with_props(path: Path, frame: tuple[float, float]) -> Box | None:
    """The box (shares) a view showing ``frame`` (its width and height, shares) of the picture holds: the subject's
    core (``clip_follow.subject_span`` across, the subject's patch down) with each object of the subject
    (``props_of`` within ``_NEAR`` of its patch) that fits beside it in the view, nearest first; None where the
    picture has no such object, or no clear subject."""
    saliency, extents = saliency_of(path), held_extents(path)
    core = None if saliency is None else subject_span(saliency)
    if core is None or not extents:
        return None
    patch = extents[-1]
    alone: Box = (core[0], patch[1], core[1], patch[3])
    held = alone
    for prop in sorted(props_of(path), key=lambda p: _gap(p, patch)):
        both = (min(held[0], prop[0]), min(held[1], prop[1]), max(held[2], prop[2]), max(held[3], prop[3]))
        if _gap(prop, patch) <= _NEAR and all(both[a + 2] - both[a] <= frame[a] for a in (0, 1)):
            held = both
    return None if held == alone else held


def _gap(box: Box, other: Box) -> float:
    """How far ``box`` lies off ``other`` (shares), the larger of the gaps across and down; 0 where they touch."""
    return max(box[0] - other[2], other[0] - box[2], box[1] - other[3], other[1] - box[3], 0.0)
