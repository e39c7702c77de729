"""A measure of a frame kept for the frame's pixels, so that a frame read again is not measured again.

The figures (``figures.figures_in``) and faces (``faces.faces_in``) of a shot are looked for in its first, middle
and last frame, each read at its own time in the clip (``frames.small_frame``); shots that reuse a stretch of a clip
land on the same frames of its measuring copy. A 3-minute video cut from a 60 s clip read 280 frames for them, of
which 188 differed. A frame is known here by its shape and a BLAKE2b digest of its bytes (about 0.1 ms for a
384-pixel frame, against 30-200 ms for a measure), so only a frame with the very same pixels hits.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from ..analysis.cache import Latest

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

T = TypeVar("T")


def by_pixels(
    maxsize: int,
) -> Callable[[Callable[[npt.NDArray[np.float64]], T]], Callable[[npt.NDArray[np.float64]], T]]:
    """A measure of an image (a function of the image alone, whose value is never changed) kept in this process for
    the image's pixels, the ``maxsize`` latest."""

    def wrap(measure: Callable[[npt.NDArray[np.float64]], T]) -> Callable[[npt.NDArray[np.float64]], T]:
        latest: Latest[T] = Latest(maxsize)

        @functools.wraps(measure)
        def measured(image: npt.NDArray[np.float64]) -> T:
            return latest.get(pixels_key(image), lambda: measure(image))

        return measured

    return wrap


def pixels_key(image: npt.NDArray[np.float64]) -> tuple[tuple[int, ...], str, bytes]:
    """What tells one image from another: its shape, its element type and a digest of its bytes."""
    import numpy as np

    data = np.ascontiguousarray(image)
    return data.shape, data.dtype.str, hashlib.blake2b(data.tobytes(), digest_size=16).digest()
