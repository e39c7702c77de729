"""Where things sit in a video of one cover and a track (``m.cover_design``): pure geometry, no ffmpeg.

Three designs, each laid out for a wide (16:9), tall (9:16) and square (1:1) frame:

- ``ring``: the cover inside a ring of spectrum bars (the ring's inner edge clear of the cover's corners), the title
  and artist beside it (wide) or under it.
- ``poster``: the cover large, big type beside it (wide) or under it, spectrum bars under the type.
- ``wave``: the cover in the middle, a thin waveform line under it, small type under that.

In a tall frame nothing but the blurred background lies in the bottom fifth, where the platforms put the caption
and buttons. The cover is fitted whole in its square (never cropped) and enlarged at most ``MAX_UPSCALE`` times.
The cover is large (a blind reviewer of the first layouts: "the cover is a third of the frame height"): in 16:9 the
poster's and the wave's take 64-72 % of the height, in 9:16 84 % of the width, in 1:1 58-66 %; the ring's, which
must stay inside a ring clear of its corners, 58 % of the height in 16:9 and of the width in 9:16, 47 % in 1:1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...protocol.vocabulary import COVER_VISUALIZERS
from .graph import even
from .text import CHAR_WIDTH_EM

RING_INNER = 0.87  # the ring's inner radius as a share of its outer one
RING_CLEARANCE = 1.01  # the inner radius over the pulsed cover's half-diagonal: bars never touch its corners
PULSE = 0.03  # the cover grows at most this share of its size on a strong beat (``cover_art``), about its centre
WRAP_BELOW = 0.75  # a poster's title that would shrink below this share of its size takes two lines
MAX_UPSCALE = 2.0


@dataclass(frozen=True)
class Rect:
    """A box on the canvas, in pixels."""

    x: int
    y: int
    width: int
    height: int

    @property
    def bottom(self) -> int:
        return self.y + self.height


@dataclass(frozen=True)
class TextSpot:
    """Where a line of type goes: its left edge (or centred on ``x`` when ``centred``), its top, its size in
    pixels, and the widest it may be."""

    x: int
    y: int
    size: int
    max_width: int
    centred: bool


@dataclass(frozen=True)
class CoverLayout:
    """A design laid out on a canvas: the cover's box, the visualizer's box and kind (a ring's radii as shares of
    half its box), and the title's and artist's places."""

    design: str
    cover: Rect
    visualizer: Rect
    effect: str
    ring: tuple[float, float]
    title: TextSpot
    artist: TextSpot


EFFECTS = COVER_VISUALIZERS


def cover_layout(
    design: str, width: int, height: int, cover_size: tuple[int, int], credit: tuple[str, str] = ("", "")
) -> CoverLayout:
    """Lay ``design`` out on a ``width``×``height`` canvas for a cover of ``cover_size`` pixels (width, height),
    with room for ``credit``, the title and the artist (a poster's long title takes two lines, ``title_lines``; its
    bars come up where there is no artist).

    Examples
    --------
    >>> cover_layout("ring", 1920, 1080, (1000, 1000)).effect
    'circular'
    """
    shape = "wide" if width > height * 1.2 else "tall" if height > width * 1.2 else "square"
    if design == "poster":
        return _poster(shape, width, height, cover_size, credit)
    lay = {"ring": _ring, "wave": _wave}.get(design, _ring)
    return lay(shape, width, height, cover_size)


def title_lines(title: str, spot: TextSpot, *, wrap: bool) -> tuple[list[str], int]:
    """``title`` in one line, or where ``wrap`` allows and one line would shrink below ``WRAP_BELOW`` of the spot's
    size, two (split at the space nearest its middle); and the size that fits them in the spot's width."""
    lines = [title]
    if wrap and " " in title and _fit(title, spot) < WRAP_BELOW * spot.size:
        middle = len(title) / 2
        cut = min((i for i, c in enumerate(title) if c == " "), key=lambda i: abs(i - middle))
        lines = [title[:cut].strip(), title[cut:].strip()]
    return lines, max(8, min(spot.size, *(_fit(line, spot) for line in lines)))


def _fit(line: str, spot: TextSpot) -> int:
    return int(spot.max_width / max(len(line) * CHAR_WIDTH_EM, 1))


def _fitted(side: float, cx: float, top: float, cover_size: tuple[int, int]) -> Rect:
    """The cover whole in a ``side``-pixel square whose top is at ``top``, centred on ``cx``."""
    cw, ch = max(cover_size[0], 1), max(cover_size[1], 1)
    k = min(side / cw, side / ch, MAX_UPSCALE)
    w, h = even(cw * k), even(ch * k)
    return Rect(even(cx - w / 2), even(top + (side - h) / 2), w, h)


def _type(x: float, y: float, unit: float, max_width: float, *, centred: bool, big: float) -> tuple[TextSpot, ...]:
    """A title of ``big`` × ``unit`` pixels at ``y`` and the artist under it, at about half its size."""
    size = round(big * unit)
    artist = round(size * 0.62)
    return (
        TextSpot(round(x), round(y), size, round(max_width), centred),
        TextSpot(round(x), round(y + size * 1.3), artist, round(max_width), centred),
    )


def _ring(shape: str, w: int, h: int, cover_size: tuple[int, int]) -> CoverLayout:
    unit = min(w, h)
    cx, cy, outer = {"wide": (0.33 * w, 0.5 * h, 0.49 * h), "tall": (0.5 * w, 0.34 * h, 0.49 * w)}.get(
        shape, (0.5 * w, 0.44 * h, 0.4 * h)
    )
    outer = even(outer)
    side = RING_INNER * outer / (RING_CLEARANCE * (1 + PULSE)) * math.sqrt(2)
    cover = _fitted(side, cx, cy - side / 2, cover_size)
    box = Rect(even(cx - outer), even(cy - outer), 2 * outer, 2 * outer)
    if shape == "wide":
        left = cx + outer + 0.06 * w
        title, artist = _type(left, 0.40 * h, unit, w - left - 0.05 * w, centred=False, big=0.095)
    else:
        big = 0.075 if shape == "tall" else 0.05
        title, artist = _type(w / 2, box.bottom + 0.025 * h, unit, 0.88 * w, centred=True, big=big)
    return CoverLayout("ring", cover, box, EFFECTS["ring"], (RING_INNER, 0.99), title, artist)


def _poster(shape: str, w: int, h: int, cover_size: tuple[int, int], credit: tuple[str, str]) -> CoverLayout:
    """The cover large; the title (upper case, two lines where one would be small), the artist and the bars beside
    it (wide: the block centred on the cover's height) or under it (the bars following the type down)."""
    unit = min(w, h)
    if shape == "wide":
        side = 0.72 * h
        cover = _fitted(side, 0.07 * w + side / 2, (h - side) / 2, cover_size)
        left = 0.07 * w + side + 0.06 * w
        width, bars_h, floor, big = w - left - 0.07 * w, 0.2 * h, float(cover.bottom), 0.1
    else:
        tall = shape == "tall"
        side = (0.84 if tall else 0.58) * min(w, h)
        cover = _fitted(side, w / 2, (0.07 if tall else 0.05) * h, cover_size)
        left, width = (w - side) / 2, side
        bars_h, floor, big = (0.09 if tall else 0.12) * h, (0.79 if tall else 0.95) * h, 0.085 if tall else 0.07
    title, artist = _type(left, 0, unit, width, centred=False, big=big)
    lines, size = title_lines(credit[0].upper(), title, wrap=True)
    type_h = len(lines) * size * 1.2 + (artist.size * 1.7 if credit[1] else 0.3 * size)
    top = (h - type_h - bars_h) / 2 if shape == "wide" else cover.bottom + 0.03 * h
    title = TextSpot(title.x, round(top), title.size, title.max_width, centred=False)
    artist = TextSpot(
        artist.x, round(top + len(lines) * size * 1.2 + 0.1 * artist.size), artist.size, artist.max_width, centred=False
    )
    bars_top = top + type_h
    bars = Rect(even(left), even(bars_top), even(width), even(max(0.06 * h, min(bars_h, floor - bars_top))))
    return CoverLayout("poster", cover, bars, EFFECTS["poster"], (0.0, 1.0), title, artist)


def _wave(shape: str, w: int, h: int, cover_size: tuple[int, int]) -> CoverLayout:
    unit = min(w, h)
    side, top, wave_h = {"wide": (0.64 * h, 0.05 * h, 0.09 * h), "tall": (0.84 * w, 0.11 * h, 0.05 * h)}.get(
        shape, (0.66 * h, 0.05 * h, 0.08 * h)
    )
    cover = _fitted(side, w / 2, top, cover_size)
    wave_w = max(side, 0.5 * w) if shape == "wide" else side
    wave = Rect(even((w - wave_w) / 2), even(cover.bottom + 0.03 * h), even(wave_w), even(wave_h))
    title, artist = _type(w / 2, wave.bottom + 0.025 * h, unit, 0.8 * w, centred=True, big=0.058)
    return CoverLayout("wave", cover, wave, EFFECTS["wave"], (0.0, 1.0), title, artist)
