"""How many different-looking moments a clip has: a static street camera with people walking is one picture to a
viewer however long it runs, a moving camera shows a new one every second or two.

Every ``HOP_MS`` the clip's first frame there is reduced to a 9×16 grey thumbnail (the analysis' 18×32 one, averaged
2×2), and the thumbnails are grouped in time order: each joins the first group whose first thumbnail it differs from by
less than ``SAME_LOOK`` (mean absolute luma difference, 0..1, the least over shifts of up to two columns and one row:
``look_distances``), or starts a new one. The shift makes a slow pan fewer looks: Big Buck Bunny's 9 s pan over a
hillside was eight looks, four with it, and a music video of that clip showed "the same hillside-and-tree moment" in 7
of 15 frames sampled every 4 s. Measured on real clips with the shift: the 79 s static street camera (``vtest.avi``,
people walking) differs from itself by 0.013-0.030 (5th-95th percentile of pairs of moments), a moving camera's
moments 2 s apart by 0.140 (median, ``Megamind.avi``), Big Buck Bunny's, mostly slow pans, by 0.058 (0.079 without
the shift), so 0.05 still lies between.

The clip's scenes (between its hard cuts) are grouped the same way, each by its mean thumbnail and with the looser
``SAME_SCENE`` (``scene_labels``): a shot / reverse shot of two people talking comes back to the same framing with
the faces moved. ``Megamind.avi``'s two shots of the woman differ by 0.068, its other scenes from each other by
0.116-0.155; the recurring scenes of a montage of different places differ by 0.007-0.094, the others by 0.13-0.54.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

SAME_LOOK = 0.05
"""Mean absolute luma difference (0..1) of two 9×16 thumbnails below which two moments look the same."""
SAME_SCENE = 0.09
"""Mean absolute luma difference of two scenes' mean 9×16 thumbnails below which they show the same framing."""
SHIFT_COLUMNS, SHIFT_ROWS = 2, 1  # moments a pan of an eighth of the width (a tilt of a ninth of the height) apart
_SHIFT_CANDIDATE = 3.0  # leaders this many times ``SAME_LOOK`` away unshifted are not tried shifted


def look_labels(
    times_ms: npt.NDArray[np.float32], thumbs: npt.NDArray[np.float16], duration_ms: int, hop_ms: int
) -> tuple[int, ...]:
    """The look (0, 1, … in order of first appearance) of each ``hop_ms`` of ``[0, duration_ms)``; a hop with no
    frame (a long clip read in windows) takes the look of the one before."""
    import numpy as np

    signatures = _small(thumbs)
    bins = max(1, math.ceil(duration_ms / hop_ms))
    firsts = np.searchsorted(times_ms, np.arange(bins, dtype=np.float64) * hop_ms)
    leaders: list[npt.NDArray[np.float32]] = []
    labels: list[int] = []
    for hop, index in enumerate(firsts.tolist()):
        if index >= len(times_ms) or times_ms[index] >= (hop + 1) * hop_ms:
            labels.append(labels[-1] if labels else 0)
            continue
        labels.append(_look_of(signatures[index], leaders))
    return tuple(labels)


def scene_labels(
    times_ms: npt.NDArray[np.float32], thumbs: npt.NDArray[np.float16], cuts_ms: tuple[int, ...]
) -> tuple[int, ...]:
    """The framing (0, 1, … in order of first appearance) of each of the clip's scenes, the stretches before, between
    and after ``cuts_ms``: scenes whose mean thumbnails differ by less than ``SAME_SCENE`` share one. A scene with
    no frame takes the framing of the one before."""
    import numpy as np

    small = _small(thumbs)
    bounds = [-np.inf, *cuts_ms, np.inf]
    leaders: list[npt.NDArray[np.float32]] = []
    labels: list[int] = []
    for start, end in itertools.pairwise(bounds):
        inside = (times_ms >= start) & (times_ms < end)
        if not inside.any():
            labels.append(labels[-1] if labels else 0)
            continue
        labels.append(_look_of(small[inside].mean(axis=0), leaders, SAME_SCENE))
    return tuple(labels)


def _small(thumbs: npt.NDArray[np.float16]) -> npt.NDArray[np.float32]:
    """The 18×32 thumbnails averaged 2×2 to 9×16."""
    import numpy as np

    small = thumbs.astype(np.float32)
    return (small[:, 0::2, 0::2] + small[:, 1::2, 0::2] + small[:, 0::2, 1::2] + small[:, 1::2, 1::2]) * 0.25


def _look_of(
    signature: npt.NDArray[np.float32], leaders: list[npt.NDArray[np.float32]], same: float = SAME_LOOK
) -> int:
    """The first leader ``signature`` differs from by less than ``same``, or a new one (appended)."""
    import numpy as np

    if leaders:
        stacked = np.stack(leaders)
        # the shifts only for leaders near it already (a long moving clip has thousands of looks)
        candidates = np.flatnonzero(np.abs(stacked - signature).mean(axis=(1, 2)) < _SHIFT_CANDIDATE * same)
        near = candidates[look_distances(stacked[candidates], signature) < same]
        if near.size:
            return int(near[0])
    leaders.append(signature)
    return len(leaders) - 1


def look_distances(leaders: npt.NDArray[np.float32], signature: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """The mean absolute difference of ``signature`` (9, 16) from each of ``leaders`` (n, 9, 16), the least over
    shifts of up to ``SHIFT_COLUMNS`` and ``SHIFT_ROWS`` (on the parts the two share): moments of a slow pan a
    second or two apart look alike."""
    import numpy as np

    rows, cols = signature.shape
    best = np.full(len(leaders), np.inf, dtype=np.float32)
    for dy in range(-SHIFT_ROWS, SHIFT_ROWS + 1):
        for dx in range(-SHIFT_COLUMNS, SHIFT_COLUMNS + 1):
            ours = leaders[:, max(dy, 0) : rows + min(dy, 0), max(dx, 0) : cols + min(dx, 0)]
            theirs = signature[max(-dy, 0) : rows + min(-dy, 0), max(-dx, 0) : cols + min(-dx, 0)]
            best = np.minimum(best, np.abs(ours - theirs).mean(axis=(1, 2)))
    return best
