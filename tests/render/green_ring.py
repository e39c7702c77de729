"""The pulse design's ring, drawn pure green in the render tests (``test_track_alone_composition``'s song), measured
on decoded frames: its inner radius on each frame."""

from __future__ import annotations

import numpy as np


def inner_radii(frames: np.ndarray) -> np.ndarray:
    """The ring's inner radius on each of ``frames`` (RGB in 0-1, shape frames x height x width x 3), in px: the 5th
    percentile of the distances of its green pixels from their centre over all ``frames``; NaN on a frame with 50
    green pixels or fewer."""
    r, g, b = (frames[..., k] for k in range(3))
    green = (g > 0.4) & (g > 1.4 * r) & (g > 1.4 * b)
    ys, xs = np.nonzero(green.mean(axis=0) >= 0.03)
    cy, cx = ys.mean(), xs.mean()
    yy, xx = np.mgrid[0 : frames.shape[1], 0 : frames.shape[2]]
    distance = np.hypot(yy - cy, xx - cx)
    return np.array([np.percentile(distance[mask], 5) if mask.sum() > 50 else np.nan for mask in green])
