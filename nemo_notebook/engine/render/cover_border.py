"""A cover's dark frame: the black lines a scan or an export leaves along a picture's edges (opencv's
``starry_night.jpg``, cut square, has 8 black rows along its top and 9 along its bottom), which a cover video laid
on its blurred background as a black strip along the cover's top edge (a blind reviewer). The cover is shown
inside them; the picture itself is never cut into: only whole lines darker than ``DARK_LINE`` on average, at most
``MOST`` of a side, and only where the picture inside is not dark itself (``INSIDE``: a black cover's margins are
its design). A picture with see-through pixels (a logo) keeps its edges.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..analysis.cache import by_content

DARK_LINE = 16.0  # a row or column whose mean luma (0..255) is under this is a line of the frame
MOST = 0.05  # the frame is at most this share of the picture's side, each edge
INSIDE = 48.0  # the lines inside the frame (as many again as ``MOST`` allows) average at least this luma


def inside_frame(path: Path) -> tuple[int, int, int, int] | None:
    """The picture inside its dark frame, as ``crop``'s (width, height, x, y) in pixels; None where it has none (or
    cannot be read). Kept for the file's content (``cache.by_content``): a cover replaced under its name is read
    again."""
    return _inside_frame(path)


def frame_crop(path: Path) -> str:
    """``crop=…,`` keeping the picture inside its dark frame (``inside_frame``); "" where it has none."""
    inside = inside_frame(path)
    return f"crop={inside[0]}:{inside[1]}:{inside[2]}:{inside[3]}," if inside else ""


@by_content(maxsize=32)
def _inside_frame(path: Path) -> tuple[int, int, int, int] | None:
    import av

    from .fills import has_alpha

    try:
        with av.open(str(path)) as container:
            luma = next(container.decode(video=0)).to_ndarray(format="gray").astype("float32")
    except (av.FFmpegError, OSError, StopIteration, IndexError, ValueError):
        return None
    if has_alpha(path):
        return None
    h, w = luma.shape
    rows, columns = luma.mean(axis=1), luma.mean(axis=0)
    top, bottom = _dark_lines(rows), _dark_lines(rows[::-1])
    left, right = _dark_lines(columns), _dark_lines(columns[::-1])
    if not top + bottom + left + right:
        return None
    return w - left - right, h - top - bottom, left, top


def _dark_lines(means: Any) -> int:
    """How many lines from the start of ``means`` (each line's mean luma) are a dark frame: darker than
    ``DARK_LINE``, at most ``MOST`` of them, the lines inside bright enough (``INSIDE``); 0 for none."""
    most = int(MOST * len(means))
    count = 0
    while count < most and means[count] < DARK_LINE:
        count += 1
    if count == 0 or count >= most:
        return 0
    inside = means[count : count + most]
    return count if len(inside) and float(inside.mean()) >= INSIDE else 0
