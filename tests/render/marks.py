"""Red marks painted on a test face (one on each cheek), counted in a rendered frame: a face the crop keeps whole
shows both."""

from __future__ import annotations

from typing import Any

import numpy as np


def red_marks(frame: Any) -> int:
    """The red marks a frame shows (blobs of at least 12 saturated red pixels)."""
    from scipy.ndimage import label

    rgb = frame.astype(np.int32)
    red = (rgb[..., 0] > 110) & (rgb[..., 1] < 60) & (rgb[..., 2] < 60)
    blobs, count = label(red)
    return int((np.bincount(blobs.ravel(), minlength=count + 1)[1:] >= 12).sum())
