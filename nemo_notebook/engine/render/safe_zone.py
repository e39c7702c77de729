"""What a phone's app lays over a vertical video, modelled once: the part of a 9:16 frame that stays clear.

TikTok, Reels and Shorts cover a vertical video's top (their tabs and search: ``TOP_SHARE`` of the height), its
bottom (the username, the caption, the sound's name and the app's bar: ``BOTTOM_SHARE``) and a column down its
right edge (like, comment, share: about 12 % of the width, ``RIGHT_SHARE`` with a margin). The opening title, the
visualizer's strip and the end card keep inside what is left (``safe_area``); a frame wider than tall is left whole.
"""

from __future__ import annotations

from .graph import Canvas

TOP_SHARE, BOTTOM_SHARE, RIGHT_SHARE = 0.12, 0.25, 0.15  # of a 9:16 frame's height, height and width
LEFT_SHARE = 0.04  # a margin at the left edge, where a caption's first letters begin


def safe_area(canvas: Canvas) -> tuple[int, int, int, int]:
    """x, y, width and height (pixels) of the part of the frame no app covers: the frame less the bands above, below
    and to the right in a frame taller than wide; the whole frame otherwise.

    Examples
    --------
    >>> safe_area(Canvas(1080, 1920, 30, 30, 1000))
    (43, 230, 875, 1210)
    """
    w, h = canvas.width, canvas.height
    if h <= w:
        return 0, 0, w, h
    x, y = round(LEFT_SHARE * w), round(TOP_SHARE * h)
    return x, y, round((1 - RIGHT_SHARE) * w) - x, round((1 - BOTTOM_SHARE) * h) - y


def inside(box: tuple[int, int, int, int], canvas: Canvas) -> bool:
    """Whether ``box`` (x, y, width, height in pixels) lies within ``safe_area``."""
    x, y, w, h = safe_area(canvas)
    return box[0] >= x and box[1] >= y and box[0] + box[2] <= x + w and box[1] + box[3] <= y + h
