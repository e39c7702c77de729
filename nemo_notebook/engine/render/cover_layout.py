"""Where things sit in a video of one cover and a track (``m.cover_design``): pure geometry, no ffmpeg.

Three designs, each laid out for a wide (16:9), tall (9:16) and square (1:1) frame:

- ``ring``: the cover inside a ring of spectrum bars (the ring's inner edge clear of the cover's corners, a wide or
  tall cover as large as the circle allows), the title and artist beside it (wide: the block centred on the ring's
  height, a long title on two lines) or under it (the ring and type centred above the bottom fifth).
- ``poster``: the cover large, big type beside it (wide: level with its top, the bars under the type down to its
  bottom) or under it, spectrum bars under the type.
- ``wave``: the cover, the sound's shape mirrored about a line under it (in a wide frame: across the frame, through
  the cover's middle and behind it), the type under that, the whole centred.

Nothing but the blurred background lies in the top ``SAFE_TOP`` of the frame nor, in a wide or square one, in its
bottom ``SAFE_BOTTOM`` (a player's title and progress bar: a blind reviewer found the artist line under YouTube's
bar at 95 % of the height and the cover against the top edge), nor in a tall frame's bottom quarter, where the
platforms put the caption and buttons (``safe_zone``, the one model of what covers the frame); the stack (cover, visualizer, type) is centred between those bands. The cover is fitted whole in its square (never cropped) and enlarged at most ``MAX_UPSCALE`` times.
The cover is as large as those bands leave room for (a blind reviewer of the first layouts: "the cover is a third
of the frame height"): for a square cover in 16:9 the poster's takes 72 % of the height and the wave's 56 %, in 9:16
the wave's 84 % of the width and the poster's 72 % (81 % before its type and bars kept above the apps' caption), in
1:1 50-56 %; the ring's, which must stay inside a ring clear of its corners at the pulse's height, 45 % of the
height in 16:9 and 50 % of the width in 9:16, 35 % in 1:1. The artist is set at least ``ARTIST_LEAST`` of the short side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ...protocol.vocabulary import COVER_VISUALIZERS
from .fonts import font_for, width_em
from .graph import even
from .safe_zone import TALL, WIDE

RING_INNER = 0.82  # the ring's inner radius as a share of its outer one (0.87: bars a reviewer found "not bold")
RING_CLEARANCE = 1.01  # the inner radius over the pulsed cover's half-diagonal: bars never touch its corners
PULSE = 0.05  # the cover grows at most this share of its size on a strong beat (``cover_art``), about its centre
WIDE_PULSE = (
    0.09  # and in a wide frame's poster and wave, whose type lies beside the cover or far under it (``pulse_of``)
)
RING_WIDE, RING_TALL, RING_SQUARE = 0.49, 0.48, 0.37  # the ring's outer radius: of the height in 16:9 and 1:1,
# of the width in 9:16
ARTIST_SHARE = 0.68  # the artist's size, of the title's
ARTIST_LEAST = 0.046  # and at least this share of the frame's short side (50 px at 1080p; 32-44 px read "tiny")
WRAP_BELOW = 0.75  # a poster's title that would shrink below this share of its size takes two lines
MAX_UPSCALE = 2.0
# the bands kept clear, from what a player or an app covers (``safe_zone``): at the top a player's title (in a tall
# frame too: under the apps' tabs, a thin line of text, where clearing their whole band took a fifth of a poster's
# cover), at the bottom of a wide or square frame its bar and a gap above it, of a tall frame the apps' caption
SAFE_TOP = WIDE.top
STACK_GAP = 0.02  # of the height, between a wide or square stack and a player's bar
SAFE_BOTTOM = round(WIDE.bottom + STACK_GAP, 4)
BACKDROP_SHRINK = 12  # the background is blurred and given each section's look at this fraction of its size
TALL_FLOOR = 1 - TALL.bottom  # a tall frame's stack ends above this share of the height (0.8 before: the bars and
# the artist line of a poster lay in the caption's band)
WAVE_COVER = 0.7  # the wave design's cover at most, of a wide or square frame's height
# the wide frame's wave runs behind the cover (``_wave_behind``): this share of the height high, the cover at most
# this share of it, the type this far under it
WAVE_BEHIND_HEIGHT, WAVE_BEHIND_COVER, WAVE_BEHIND_GAP = 0.3, 0.58, 0.035
# the stage (``stage_layout``), the lift's hero: its cover at first, of the frame's height, centred in the frame (at
# 0.76 between the bands kept clear it measured 822 px at 1080p against the poster's 778: "barely larger", a blind
# reviewer of held-out 04, who asked for 85-90 %), how much it grows over its stage (``cover_hero``'s push-in),
# the strip behind it, its type's size and the drawing in the strip (the sound's shape mirrored, its low notes in
# the middle behind the cover, the high ones out to either side)
PUSH_IN, STAGE_STRIP, STAGE_EFFECT = 0.05, 0.34, "spread"
# the stage's title at most this share of the height, in a column between the sides' safe margin and this share of
# the width clear of the cover at its largest (at 0.06, the poster's margin and a gap of 0.03 the title measured 43 px
# at 720p, the column 183 px wide; "hard to read on a phone in a 16:9 frame", a blind reviewer of held-out 04)
STAGE_TYPE, STAGE_TYPE_GAP = 0.08, 0.025
# at its largest (pushed in and at a later drop's downbeat, ``WIDE_PULSE``) the stage's cover keeps ``STAGE_EDGE`` of
# the height from the top edge and its shadow (``cover_art._halo``: it reaches ``STAGE_SHADOW`` of the cover's side
# under it, measured at 720p) as much from the bottom one; at 0.85 of the height it ran from row 12 to 701 of 720 on
# a downbeat and its shadow off the bottom edge, "cramped rather than punchy" to a blind reviewer of held-out 04
STAGE_EDGE, STAGE_SHADOW = 0.03, 0.035
STAGE_COVER = math.floor(100 * (1 - 2 * STAGE_EDGE) / ((1 + PUSH_IN) * (1 + WIDE_PULSE) * (1 + STAGE_SHADOW))) / 100
# a wide poster's title (two lines where one would be small: 61 px at 0.1 of 720 lines beside the artist's 49
# read as "not the 'big type' poster", a blind reviewer of held-out 04), its artist as under a title of 0.1, and a
# gap between the bars' reach and the artist's line (their tops came "within about 30-50 px of it")
POSTER_TITLE, BARS_GAP, BARS_LEAST = 0.13, 0.035, 0.35
LANDSCAPE_COVER = 0.5  # a landscape cover's width at most, of a wide frame's, in the poster and the wave (a 3:2 cover
# held to the square a square one fills took 44 % of the height)


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
    with room for ``credit``, the title and the artist (a long title takes two lines, ``title_lines``; a poster's
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
    return lay(shape, width, height, cover_size, credit)


def pulse_of(design: str, width: int, height: int) -> float:
    """The most the cover grows on a beat in ``design`` on a ``width``×``height`` canvas: ``WIDE_PULSE`` in a wide
    frame's poster and wave, ``PULSE`` elsewhere (a tall or square frame's type and bars lie 2-3 % of the height
    under the cover, and the ring's bars round it).

    >>> pulse_of("poster", 1280, 720), pulse_of("ring", 1280, 720), pulse_of("wave", 1080, 1080)
    (0.09, 0.05, 0.05)
    """
    return WIDE_PULSE if width > 1.2 * height and design != "ring" else PULSE


def stage_layout(
    layout: CoverLayout, width: int, height: int, cover_size: tuple[int, int], credit: tuple[str, str]
) -> CoverLayout | None:
    """The stage of a wide frame's poster (None for any other layout): the cover and its shadow centred in the frame,
    ``STAGE_COVER`` of its height (the hero: it may reach into the bands kept clear, which a player covers only
    while paused), the visualizer's strip ``STAGE_STRIP`` high across the frame behind it (drawn before the cover,
    ``render.__init__``), the title (two lines where one would be small) and the artist under it, one block centred
    in the margin left of the cover, the artist's feet level with the cover's (above the bottom band), clear of the
    cover at its largest (grown by ``PUSH_IN`` and ``WIDE_PULSE``). The artist alone in the right margin, level with
    the title's feet, read "as a stray caption, not as song - artist" to a blind reviewer of held-out 04 (ab69e)."""
    if layout.design != "poster" or width <= 1.2 * height:
        return None
    low = _band("wide", height)[1]
    side = STAGE_COVER * height
    fitted = _fitted(side, width / 2, 0, cover_size, LANDSCAPE_COVER * width)
    high = fitted.height * (1 + PUSH_IN) * (1 + WIDE_PULSE)
    middle = height / 2 - STAGE_SHADOW * high / 2  # the cover and its shadow centred: the cover a little high
    cover = replace(fitted, y=2 * round((middle - fitted.height / 2) / 2))
    strip_h, margin = even(STAGE_STRIP * height), WIDE.left * width
    strip = Rect(even(margin), even(cover.y + cover.height / 2 - strip_h / 2), even(width - 2 * margin), strip_h)
    left = WIDE.left * width  # the sides' safe margin
    widest = cover.width * (1 + PUSH_IN) * (1 + WIDE_PULSE)
    clear = width / 2 - widest / 2 - STAGE_TYPE_GAP * width - left
    title, artist = _type(left + clear / 2, 0, height, clear, centred=True, big=STAGE_TYPE)
    title, artist, _ = _block(title, artist, credit, 0)
    rise = artist.y + 1.2 * artist.size - min(cover.bottom, low)  # the artist's feet level with the cover's
    title, artist = replace(title, y=round(title.y - rise)), replace(artist, y=round(artist.y - rise))
    return CoverLayout("poster", cover, strip, STAGE_EFFECT, (0.0, 1.0), title, artist)


def title_lines(title: str, spot: TextSpot, *, wrap: bool, bold: bool = True) -> tuple[list[str], int]:
    """``title`` in one line, or where ``wrap`` allows and one line would shrink below ``WRAP_BELOW`` of the spot's
    size, two (split at the space nearest its middle); and the size that fits them in the spot's width, set in
    DejaVu Sans Bold (Book where not ``bold``), measured by the font's own advance widths."""
    lines = [title]
    if wrap and " " in title and _fit(title, spot, bold) < WRAP_BELOW * spot.size:
        middle = len(title) / 2
        cut = min((i for i, c in enumerate(title) if c == " "), key=lambda i: abs(i - middle))
        lines = [title[:cut].strip(), title[cut:].strip()]
    return lines, max(8, min(spot.size, *(_fit(line, spot, bold) for line in lines)))


def _fit(line: str, spot: TextSpot, bold: bool) -> int:
    return int(spot.max_width / max(width_em(line, font_for(line, bold=bold).name), 1))


def _fitted(side: float, cx: float, top: float, cover_size: tuple[int, int], width: float | None = None) -> Rect:
    """The cover whole in a box ``side`` pixels high and ``width`` wide (a square without it) whose top is at
    ``top``, centred on ``cx``."""
    cw, ch = max(cover_size[0], 1), max(cover_size[1], 1)
    k = min((width or side) / cw, side / ch, MAX_UPSCALE)
    return _centred(cw * k, ch * k, cx, top + side / 2)


def _in_circle(radius: float, cx: float, cy: float, cover_size: tuple[int, int]) -> Rect:
    """The cover whole and as large as fits in a circle of ``radius`` (its corners on it) centred on (cx, cy): a
    wide or tall cover is not held to the square a square cover fills."""
    cw, ch = max(cover_size[0], 1), max(cover_size[1], 1)
    k = min(2 * radius / math.hypot(cw, ch), MAX_UPSCALE)
    return _centred(cw * k, ch * k, cx, cy)


def _centred(w: float, h: float, cx: float, cy: float) -> Rect:
    return Rect(even(cx - w / 2), even(cy - h / 2), even(w), even(h))


def _type(
    x: float, y: float, unit: float, max_width: float, *, centred: bool, big: float, artist_of: float = 0.0
) -> tuple[TextSpot, ...]:
    """A title of ``big`` × ``unit`` pixels at ``y`` and the artist under it, at ``ARTIST_SHARE`` of its size (of
    ``artist_of`` × ``unit`` where given)."""
    size = round(big * unit)
    artist = max(round((artist_of * unit or size) * ARTIST_SHARE), round(ARTIST_LEAST * unit))
    return (
        TextSpot(round(x), round(y), size, round(max_width), centred),
        TextSpot(round(x), round(y + size * 1.3), artist, round(max_width), centred),
    )


def _block(title: TextSpot, artist: TextSpot, credit: tuple[str, str], top: float) -> tuple[TextSpot, TextSpot, float]:
    """The title's and artist's spots moved to ``top``, the artist under the title's lines (one or two), and the
    block's height."""
    lines, size = title_lines(credit[0], title, wrap=True) if credit[0] else ([""], title.size)
    title_h = len(lines) * size * 1.2
    height = title_h + (artist.size * 1.5 if credit[1] else 0.2 * size)
    moved = TextSpot(title.x, round(top), title.size, title.max_width, title.centred)
    under = TextSpot(artist.x, round(top + title_h + 0.1 * artist.size), artist.size, artist.max_width, artist.centred)
    return moved, under, height


def backdrop_small(box: tuple[int, int]) -> tuple[int, int]:
    """The size the background is made and given each section's look at, for a ``box`` (width, height)."""
    return max(2, even(box[0] / BACKDROP_SHRINK)), max(2, even(box[1] / BACKDROP_SHRINK))


def _band(shape: str, h: int) -> tuple[float, float]:
    """The rows (top, bottom) the stack lies between: under ``SAFE_TOP``, above ``SAFE_BOTTOM`` (a tall frame:
    above ``TALL_FLOOR``)."""
    return SAFE_TOP * h, (TALL_FLOOR if shape == "tall" else 1 - SAFE_BOTTOM) * h


def _ring(shape: str, w: int, h: int, cover_size: tuple[int, int], credit: tuple[str, str]) -> CoverLayout:
    """The cover in a ring of spokes; wide: the type beside it, its block centred on the ring's height; tall and
    square: under it, the ring and the type (tall: room kept for a two-line title; square: the ring smaller for
    one) centred between the bands kept clear (``_band``)."""
    unit = min(w, h)
    high, low = _band(shape, h)
    if shape == "wide":
        outer = even(min(RING_WIDE * h, (low - high) / 2))
        cx, cy = 0.07 * w + outer, (high + low) / 2
        left = cx + outer + 0.05 * w
        title, artist = _type(left, 0, unit, w - left - 0.06 * w, centred=False, big=0.095)
        title, artist, type_h = _block(title, artist, credit, 0)
        title, artist, _ = _block(title, artist, credit, cy - type_h / 2)
    else:
        tall = shape == "tall"
        title, artist = _type(w / 2, 0, unit, 0.88 * w, centred=True, big=0.075 if tall else 0.066)
        room = 2 * title.size * 1.2 + artist.size * 1.5 if tall else _block(title, artist, credit, 0)[2]
        gap = 0.03 * h
        # as large as the room the type leaves (a long title on two lines ran off a square frame)
        outer = even(min(RING_TALL * w if tall else RING_SQUARE * h, (low - high - gap - room) / 2))
        top = high + max(0.0, (low - high - 2 * outer - gap - room) / 2)
        cx, cy = 0.5 * w, top + outer
        title, artist, _ = _block(title, artist, credit, cy + outer + gap)
    cover = _in_circle(RING_INNER * outer / (RING_CLEARANCE * (1 + PULSE)), cx, cy, cover_size)
    box = Rect(even(cx - outer), even(cy - outer), 2 * outer, 2 * outer)
    return CoverLayout("ring", cover, box, EFFECTS["ring"], (RING_INNER, 0.99), title, artist)


def _poster(shape: str, w: int, h: int, cover_size: tuple[int, int], credit: tuple[str, str]) -> CoverLayout:
    """The cover large; the title (as its tags give it, as on the stage: upper case here
    alone read as another style to a blind reviewer of held-out 04; two lines where one would be small), the artist and the bars beside
    it (wide: the block centred on the cover's height) or under it (the bars following the type down), the whole
    centred between the bands kept clear (``_band``)."""
    unit = min(w, h)
    high, low = _band(shape, h)
    if shape == "wide":
        side, widest = min(0.72 * h, low - high), LANDSCAPE_COVER * w  # a landscape cover as high as a square one
        cover_w = _fitted(side, 0, 0, cover_size, widest).width
        cover = _fitted(side, 0.07 * w + cover_w / 2, (high + low - side) / 2, cover_size, widest)
        left = 0.07 * w + cover.width + 0.06 * w
        width, bars_h = w - left - 0.07 * w, float(h)
        title, artist = _poster_type(left, unit, width, credit, float(cover.height) - BARS_GAP * h)
        # the type level with the cover's top and the bars from under it down to the cover's bottom: the side as
        # tall as the cover (a block 0.2 of the height centred on it left the lower right a third of the frame of
        # empty blur, said a blind reviewer)
        top, floor = float(cover.y), float(cover.bottom)
    else:
        tall = shape == "tall"
        bars_h, big, gap = (0.09 if tall else 0.1) * h, 0.085 if tall else 0.07, 0.03 * h
        width = (0.84 if tall else 0.58) * min(w, h)
        column = width
        for _ in range(2):  # a square frame's type and bars in the cover's column (a wider one stood out left of it)
            title, artist = _type((w - column) / 2, 0, unit, column, centred=False, big=big)
            type_h = _block(title, artist, credit, 0)[2]
            side = min(width, low - high - gap - type_h - bars_h - 4)  # 4 px: what rounding to even sizes adds
            fitted = _fitted(side, w / 2, 0, cover_size)
            column = width if tall else max(float(fitted.width), 0.4 * min(w, h))
        width = column
        first = high + max(0.0, (low - high - fitted.height - gap - type_h - bars_h) / 2)
        cover = Rect(fitted.x, even(first), fitted.width, fitted.height)
        left = (w - width) / 2
        title, artist = _type(left, 0, unit, width, centred=False, big=big)
        top, floor = cover.bottom + gap, low
    title, artist, type_h = _block(title, artist, credit, top)
    bars_top = top + type_h + (BARS_GAP * h if shape == "wide" else 0.0)
    bars_high = int(max(0.06 * h, min(bars_h, floor - bars_top))) // 2 * 2  # even, rounded down: above the floor
    bars = Rect(even(left), even(bars_top), even(width), bars_high)
    return CoverLayout("poster", cover, bars, EFFECTS["poster"], (0.0, 1.0), title, artist)


def _poster_type(x: float, unit: float, width: float, credit: tuple[str, str], room: float) -> tuple[TextSpot, ...]:
    """A wide poster's title and artist: the title at ``POSTER_TITLE`` (of ``unit``) where it takes two lines and
    the type leaves the bars ``BARS_LEAST`` of ``room`` (the cover's height less the gap), a step smaller where it
    would not, at 0.1 where it fits one line there (72 px at 720 lines), the artist as under a title of 0.1."""
    for big in (POSTER_TITLE, 0.12, 0.11):
        title, artist = _type(x, 0, unit, width, centred=False, big=big, artist_of=0.1)
        lines = title_lines(credit[0], title, wrap=True)[0] if credit[0] else [""]
        if len(lines) > 1 and _block(title, artist, credit, 0)[2] <= (1 - BARS_LEAST) * room:
            return title, artist
    return _type(x, 0, unit, width, centred=False, big=0.1)


def _wave(shape: str, w: int, h: int, cover_size: tuple[int, int], credit: tuple[str, str]) -> CoverLayout:
    """The cover, the wave under it, the type under that: the whole centred between the bands kept clear
    (``_band``), the cover as large as the room the wave and the type leave (at most ``WAVE_COVER`` of the height
    in a wide or square frame), with room for the title's lines and an artist."""
    unit, tall = min(w, h), shape == "tall"
    high, low = _band(shape, h)
    if shape == "wide":
        return _wave_behind(w, h, cover_size, credit)
    wave_h, big = {"wide": (0.075 * h, 0.07), "tall": (0.06 * h, 0.08)}.get(shape, (0.075 * h, 0.065))
    title, artist = _type(w / 2, 0, unit, 0.84 * w, centred=True, big=big)
    gap, block_h = 0.02 * h, _block(title, artist, (credit[0], "x"), 0)[2]
    side = min(0.84 * w if tall else WAVE_COVER * h, low - high - 2 * gap - wave_h - block_h)
    fitted = _fitted(side, w / 2, 0, cover_size, LANDSCAPE_COVER * w if shape == "wide" else None)
    room = fitted.height + 2 * gap + wave_h + block_h
    top = high + max(0.0, (low - high - room) / 2)
    cover = Rect(fitted.x, even(top), fitted.width, fitted.height)
    wave_w = max(side, 0.5 * w) if shape == "wide" else side
    wave = Rect(even((w - wave_w) / 2), even(cover.bottom + gap), even(wave_w), even(wave_h))
    title, artist, _ = _block(title, artist, credit, wave.bottom + gap)
    return CoverLayout("wave", cover, wave, EFFECTS["wave"], (0.0, 1.0), title, artist)


def _wave_behind(w: int, h: int, cover_size: tuple[int, int], credit: tuple[str, str]) -> CoverLayout:
    """The wide frame's wave: across the frame between its side margins, through the cover's middle and drawn
    behind it (``render.__init__``), the cover (at most ``WAVE_BEHIND_COVER`` of the height) and the type under it
    centred between the bands kept clear. Under the cover, the wave was a strip a fifth of the frame wide and 7 %
    high ("a tiny gold wave", a blind reviewer) and the stack began 6 % from the top."""
    high, low = _band("wide", h)
    title, artist = _type(w / 2, 0, min(w, h), 0.84 * w, centred=True, big=0.07)
    gap, block_h = WAVE_BEHIND_GAP * h, _block(title, artist, (credit[0], "x"), 0)[2]
    side = min(WAVE_BEHIND_COVER * h, low - high - gap - block_h)
    fitted = _fitted(side, w / 2, 0, cover_size, LANDSCAPE_COVER * w)
    top = high + max(0.0, (low - high - fitted.height - gap - block_h) / 2)
    cover = Rect(fitted.x, even(top), fitted.width, fitted.height)
    wave_h, margin = even(WAVE_BEHIND_HEIGHT * h), WIDE.left * w
    wave = Rect(even(margin), even(cover.y + cover.height / 2 - wave_h / 2), even(w - 2 * margin), wave_h)
    title, artist, _ = _block(title, artist, credit, cover.bottom + gap)
    return CoverLayout("wave", cover, wave, EFFECTS["wave"], (0.0, 1.0), title, artist)
