"""Where a shot's subject has its head (and its figures stand): the places an automatic visualizer strip must never
lie over.

The strip's place was moved off a shot's subject only where it covered a share of the saliency map's mass; a bird standing tall in the frame holds most of that mass in its body, and its
head under the top strip held under 5 % of it (the demo: the bird's head under the top bars in 2 of 15 frames). The
head is taken here as the top of the subject's patch (``framing.subject_patch``), ``HEAD_SHARE`` of its height,
raised by ``HEAD_MARGIN`` (the patch, the most salient tenth of the map, starts under the crown of the head: the bird's
patch from 15-22 % of the frame's height, its head from 7 %), across the columns the patch has there. Only a map with a
clear subject (``framing.clear_subject``) has one: a landscape's most salient patch is no head to keep clear of.

The patch's pixels that touch at a corner are one patch here: held-out LadyBird's ladybird, its map's peak, fell in
two patches touching at a corner when the photo was decoded at 1/2 (``reduced_decode``; 36.8 and 8.6 of the map's
mass, against 45.5 for one patch from its whole decode), a leaf's patch (39.5) became the subject, its head came
under the bottom strip and the strip was drawn light over the shot where the whole decode drew it at full strength.
Joined at corners, the ladybird's patch holds 45.4 from the reduced decode and 45.5 from the whole one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .framing import clear_subject, subject_patch

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

HEAD_SHARE = 0.3  # of the subject's patch's height, from its top: the head
HEAD_MARGIN = 0.08  # of the frame's height, above the patch's top row
Region = tuple[float, float, float, float]  # x, y, width, height as shares of the frame


def head_of(saliency: npt.NDArray[np.float64]) -> Region | None:
    """The region of the subject's head in a saliency map (h, w) (the module's docstring); None without a clear
    subject."""
    import numpy as np

    if not clear_subject(saliency, 1.0):
        return None
    patch = subject_patch(saliency, corners=True)
    rows, cols = patch.shape
    ys = np.nonzero(patch.any(axis=1))[0]
    top, bottom = int(ys.min()), int(ys.max()) + 1
    head_end = top + max(1, round(HEAD_SHARE * (bottom - top)))
    xs = np.nonzero(patch[top:head_end].any(axis=0))[0]
    y0 = max(0.0, top / rows - HEAD_MARGIN)
    return float(xs.min()) / cols, y0, float(xs.max() + 1 - xs.min()) / cols, head_end / rows - y0


def subject_box(saliency: npt.NDArray[np.float64]) -> Region | None:
    """The bounding box of the subject's patch (``framing.subject_patch``: the leaf, the boats, a painted girl from
    head to foot) in a saliency map (h, w); None without a clear subject (a landscape)."""
    import numpy as np

    if not clear_subject(saliency, 1.0):
        return None
    ys, xs = np.nonzero(subject_patch(saliency, corners=True))
    rows, cols = saliency.shape[:2]
    x0, y0 = int(xs.min()), int(ys.min())
    return x0 / cols, y0 / rows, (int(xs.max()) + 1 - x0) / cols, (int(ys.max()) + 1 - y0) / rows


def kept_clear(saliency: npt.NDArray[np.float64], figures: Sequence[Region]) -> list[Region]:
    """What a drawing over the picture keeps off in a frame: its subject's head (``head_of``, from its saliency map)
    and its upright figures (``figures``: ``figures.figures_of``'s boxes as they land on the frame, with room round
    them: a painted girl a twentieth of the width beside a tree, never the saliency map's subject)."""
    head = head_of(saliency)
    return [*([] if head is None else [head]), *figures]


def over(a: Region, b: Region, pad_y: float = 0.0) -> bool:
    """Whether two regions overlap, or lie within ``pad_y`` (a share of the frame's height) one above the other:
    the one test of the drawings laid over the picture against heads, figures and texts."""
    across = a[0] < b[0] + b[2] and b[0] < a[0] + a[2]
    return across and a[1] < b[1] + b[3] + pad_y and b[1] - pad_y < a[1] + a[3]
