"""What a player or an app lays over a video, modelled once: the part of the frame that stays clear, in every shape.

A frame taller than wide (9:16) is watched in TikTok, Reels or Shorts, which cover its top (their tabs and search:
``TALL.top`` of the height), its bottom (the username, the caption, the sound's name and the app's bar:
``TALL.bottom``) and a column down its right edge (like, comment, share: about 12 % of the width, ``TALL.right``
with a margin), and start a caption's first letters near its left edge (``TALL.left``).

A frame wider than tall or square (16:9, 1:1) is watched in a player such as YouTube's, whose control bar and
progress bar lie along the bottom edge while the pointer moves or the video is paused, with the captions set just
above them (``WIDE.bottom``: about 48 px of controls and a 3-5 px progress bar in its stylesheet, that is 7-11 % of
a 480-720 px high player; this is an estimate from its page, not a published figure), and whose title and buttons
lie along the top (``WIDE.top``). The sides keep the graphics-safe margin of broadcast (EBU R 95, SMPTE ST 2046-1:
5 % of the width each side), where a television or a phone's rounded corners may crop.

Every drawing laid over the picture keeps inside what is left (``safe_area``): the visualizer's strips and the track
alone's horizon (``visualizer``, ``visualizer_designs``), the opening title, the end card and a cover video's stack
(``cover_layout``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .graph import Canvas


@dataclass(frozen=True)
class Margins:
    """The bands a player or an app covers: ``top`` and ``bottom`` as shares of the frame's height, ``left`` and
    ``right`` of its width."""

    top: float
    bottom: float
    left: float
    right: float


TALL = Margins(top=0.12, bottom=0.25, left=0.04, right=0.15)  # 9:16 in a phone's app
WIDE = Margins(top=0.06, bottom=0.10, left=0.05, right=0.05)  # 16:9 and 1:1 in a player
TOP_SHARE, BOTTOM_SHARE, RIGHT_SHARE, LEFT_SHARE = TALL.top, TALL.bottom, TALL.right, TALL.left


def margins(canvas: Canvas) -> Margins:
    """The bands covered on ``canvas``: ``TALL`` for a frame taller than wide, ``WIDE`` otherwise."""
    return TALL if canvas.height > canvas.width else WIDE


def safe_area(canvas: Canvas) -> tuple[int, int, int, int]:
    """x, y, width and height (pixels) of the part of the frame nothing covers: the frame less the bands of
    ``margins``.

    Examples
    --------
    >>> safe_area(Canvas(1080, 1920, 30, 30, 1000))
    (43, 230, 875, 1210)
    >>> safe_area(Canvas(1920, 1080, 30, 30, 1000))
    (96, 65, 1728, 907)
    """
    w, h = canvas.width, canvas.height
    m = margins(canvas)
    x, y = round(m.left * w), round(m.top * h)
    return x, y, round((1 - m.right) * w) - x, round((1 - m.bottom) * h) - y


def safe_bottom(canvas: Canvas) -> int:
    """The row (pixels) above which everything drawn over the picture ends: the top of the covered bottom band."""
    _, y, _, h = safe_area(canvas)
    return y + h


def inside(box: tuple[int, int, int, int], canvas: Canvas) -> bool:
    """Whether ``box`` (x, y, width, height in pixels) lies within ``safe_area``."""
    x, y, w, h = safe_area(canvas)
    return box[0] >= x and box[1] >= y and box[0] + box[2] <= x + w and box[1] + box[3] <= y + h
