"""Whether a nearer view of a picture shows something, or an enlarged smear of it (issue 29: a blind reviewer saw a
painting's close view "zoomed into a blocky smear").

A close view or a detail is measured as it is shown: the part of the picture it frames, enlarged to the frame at
``REFERENCE_LINES`` (so a view nearer than the wide one pays for its enlargement), by its fine detail (the mean
difference of the luma from its Gaussian blur of one pixel: what a viewer reads as detail, and its absence as mush).
A nearer view that holds less than ``NEAR_DETAIL`` of the wide view's fine detail is not taken: it frames a plain or
softly painted part of the picture at a size that shows its brush squares or its blur, not its subject.

Measured on the review photos (2560x1600) in 16:9, 1.55 times nearer than the wide view (``CLOSE_UPSCALE``'s
limit): a painting's close view on its small figure (Autumn.jpg: the pastel sky round her) 0.45 of its wide view's
fine detail, a sunset's on its sun-lit clouds (EveningGlow.jpg) 0.42: both taken wide; the close views of a forest
path, a kite in a cloudy sky, a fallen leaf, a foggy lake, flat pastel hills 0.65-1.27, all taken. 1.3 times nearer
the painting's holds 0.66 and is taken. It does not tell a painting from a photo: it tells a nearer view that shows
less than the wide one. Views are measured at half the reference size (0.1 s a view, kept for the file's content).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis.cache import by_content
from ..reduced_decode import decoder_options
from .fills import REFERENCE_LINES
from .originals import original_path

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

NEAR_DETAIL = 0.55  # a nearer view holds at least this share of the wide view's fine detail
_HALF = 0.5  # views are measured at this share of the reference size


def holds_detail(
    path: Path, box: tuple[int, int], near: tuple[tuple[float, float], float], wide: tuple[tuple[float, float], float]
) -> bool:
    """Whether the ``near`` view (its centre, as shares of the picture's width and height, and its zoom) of the
    picture at ``path`` scaled to cover ``box`` holds at least ``NEAR_DETAIL`` of the fine detail of the ``wide``
    one; True where the picture cannot be read or the wide view has no detail to speak of."""
    path = original_path(path)  # a preview's copy is too small to show the detail a 1080-line view holds
    near_detail, wide_detail = view_detail(path, box, *near), view_detail(path, box, *wide)
    if near_detail is None or wide_detail is None or wide_detail < 1e-4:
        return True
    return near_detail >= NEAR_DETAIL * wide_detail


@by_content(maxsize=256)
def view_detail(path: Path, box: tuple[int, int], centre: tuple[float, float], zoom: float) -> float | None:
    """The fine detail of the view of the picture that covers ``box`` ``zoom`` times nearer around ``centre``, shown
    at ``REFERENCE_LINES`` (measured at half that); None where the picture cannot be read."""
    import numpy as np
    from scipy.ndimage import gaussian_filter
    from scipy.ndimage import zoom as resized

    grey = _grey(path)
    if grey is None:
        return None
    lines = REFERENCE_LINES * _HALF / max(min(box), 1)
    out_w, out_h = max(8, round(box[0] * lines)), max(8, round(box[1] * lines))
    h, w = grey.shape
    k = max(out_w / w, out_h / h) * max(zoom, 1.0)  # source pixels to output pixels
    vw, vh = min(w, max(2, round(out_w / k))), min(h, max(2, round(out_h / k)))
    x0 = min(max(round(centre[0] * w - vw / 2), 0), w - vw)
    y0 = min(max(round(centre[1] * h - vh / 2), 0), h - vh)
    shown = resized(grey[y0 : y0 + vh, x0 : x0 + vw], (out_h / vh, out_w / vw), order=1, grid_mode=True, mode="nearest")
    return float(np.abs(shown - gaussian_filter(shown, 1.0)).mean())


@by_content(maxsize=8)
def _grey(path: Path) -> npt.NDArray[np.float64] | None:
    """The picture's luma (0..1) at half its size, at most 1280 pixels on its long side; None if unreadable. A JPEG
    is decoded at the reduced scale that still covers that (``reduced_decode``: a 4000x3000 photo at 1/2)."""
    import av
    import numpy as np

    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            context = stream.codec_context
            full = (int(context.width), int(context.height))
            k = min(_HALF, 1280 / max(*full, 1))
            size = max(8, round(full[0] * k)), max(8, round(full[1] * k))
            context.options = decoder_options(context.name, full, size)
            frame = next(container.decode(stream))
            grey = frame.reformat(width=size[0], height=size[1], format="gray", interpolation="AREA")
            return np.asarray(grey.to_ndarray(), dtype=np.float64) / 255
    except (av.error.FFmpegError, OSError, IndexError, ValueError, StopIteration):
        return None
