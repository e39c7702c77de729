"""How sharp a frame is: what a viewer calls "in focus" or "blurry" (a lens racked off the subject, a car smeared by
its own speed).

``frame_sharpness`` reads the full-size luma in runs of ``SPAN`` pixels (two rows averaged, which halves the sensor
noise) starting at the 72×128 points the small picture samples (``frames``). Where a run holds an edge (its luma
spans more than ``EDGE`` of the range), the steepest one-pixel step of the run over its whole span says how sharp that
edge is: 1.0 for an edge from one pixel to the next, 1/``SPAN`` for a ramp over the whole run. The frame's sharpness
is the 90th percentile over its edges (the subject in focus, not the blurred background behind it), so it does not
depend on how much of the picture has edges (a plain roof filmed in focus is as sharp as a busy street) nor on their
contrast.

Measured on real clips: ``bikes.mp4`` (640×272) a sharp fence 0.68, a sharp cyclist 0.62, a man in focus before a
blurred street 0.56-0.69, a traffic jam filmed out of focus 0.42-0.48, a car smeared by its speed 0.44-0.49; Big
Buck Bunny's hillside 0.66-0.70, its bird in focus before a blurred sky 0.49-0.54. It costs one gather of 72×128×8 pixels a
frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

SPAN = 8  # pixels a run: a focused edge is a step within it, a blurred one a ramp across it
EDGE = 0.08  # luma range (0..1) over a run that counts as an edge
FEW_EDGES = 20  # runs with an edge below which a frame (a blank, a fade) has no sharpness to speak of: 0


def frame_sharpness(
    plane: Any, rows: npt.NDArray[np.intp], cols: npt.NDArray[np.intp], percentile: float = 90.0
) -> float:
    """The 90th percentile of the steepness (0..1) of the edges in runs of ``SPAN`` pixels from ``rows`` × ``cols`` of a full-size
    luma ``plane`` (its pixels as stored, 0..255); ``rows`` must leave one row below, ``cols`` ``SPAN`` pixels to
    the right. 0 where fewer than ``FEW_EDGES`` runs hold an edge."""
    import numpy as np

    pixels = np.frombuffer(plane, np.uint8).reshape(-1, plane.line_size)
    runs = cols[:, None] + np.arange(SPAN)[None, :]
    luma = (pixels[rows][:, runs].astype(np.float32) + pixels[rows + 1][:, runs]) * np.float32(1.0 / 510.0)
    spread = luma.max(axis=2) - luma.min(axis=2)
    edges = spread > EDGE
    if int(edges.sum()) < FEW_EDGES:
        return 0.0
    steepest = np.abs(np.diff(luma, axis=2)).max(axis=2)
    return round(float(np.percentile(steepest[edges] / spread[edges], percentile)), 3)
