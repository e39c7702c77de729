"""How many different-looking moments a clip has: a static street camera with people walking is one picture to a
viewer however long it runs, a moving camera shows a new one every second or two.

Every ``HOP_MS`` the clip's first frame there is reduced to a 9×16 grey thumbnail (the analysis' 18×32 one, averaged
2×2), and the thumbnails are grouped in time order: each joins the first group whose first thumbnail it differs from by
less than ``SAME_LOOK`` (mean absolute luma difference, 0..1), or starts a new one. Measured on real clips: the
79 s static street camera (``vtest.avi``, people walking) differs from itself by 0.014-0.030 (5th-95th percentile of
all pairs of moments), a moving camera's moments 2 s apart by 0.08-0.17 (median; ``bikes.mp4``, ``Megamind.avi``,
Big Buck Bunny), so 0.05 lies between.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

SAME_LOOK = 0.05
"""Mean absolute luma difference (0..1) of two 9×16 thumbnails below which two moments look the same."""


def look_labels(
    times_ms: npt.NDArray[np.float32], thumbs: npt.NDArray[np.float16], duration_ms: int, hop_ms: int
) -> tuple[int, ...]:
    """The look (0, 1, … in order of first appearance) of each ``hop_ms`` of ``[0, duration_ms)``; a hop with no
    frame (a long clip read in windows) takes the look of the one before."""
    import numpy as np

    small = thumbs.astype(np.float32)
    small = (small[:, 0::2, 0::2] + small[:, 1::2, 0::2] + small[:, 0::2, 1::2] + small[:, 1::2, 1::2]) * 0.25
    signatures = small.reshape(len(small), -1)
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


def _look_of(signature: npt.NDArray[np.float32], leaders: list[npt.NDArray[np.float32]]) -> int:
    """The first leader ``signature`` looks like, or a new one (appended)."""
    import numpy as np

    if leaders:
        distances = np.abs(np.stack(leaders) - signature).mean(axis=1)
        near = np.flatnonzero(distances < SAME_LOOK)
        if near.size:
            return int(near[0])
    leaders.append(signature)
    return len(leaders) - 1
