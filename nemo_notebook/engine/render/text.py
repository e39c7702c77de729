"""Titles and text from the draft's text tracks, drawn with ``drawtext`` in the font the package ships.

A value inside a filter graph is read twice: once by the graph parser (which treats ``[ ] , ;`` as structure) and
once by the filter's option parser (which splits on ``:``); both take ``\\`` and ``'`` as escapes. ``escape_value``
escapes for the option parser, then for the graph parser, in that order, as ffmpeg's documentation prescribes.
``expansion=none`` keeps drawtext from reading ``%{…}`` in a title as a function call.

drawtext takes one font file and draws a box for a character the font lacks, so a text is drawn in DejaVu Sans Bold
when DejaVu has all its characters, and otherwise in Droid Sans Fallback (Chinese, Japanese, Korean and more), when
that covers more of them. Which characters a font has is read from its ``cmap`` table (formats 4 and 12).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...protocol import Draft, Segment, TrackType
from ...protocol.vocabulary import ALONE_CREDIT, AUTO, Role, credit_parts
from .fonts import BOOK_FONT_NAME, font_for, width_em
from .graph import Canvas, Graph, MediaMap, escape_value, hex_color, text_timing
from .safe_zone import safe_area
from .title_type import TRACKING, artist_case, artist_size

if TYPE_CHECKING:
    from .opening_title import OpeningLayout

DEFAULT_SIZE: dict[str, int] = {Role.TITLE: 96, Role.TEXT: 60}  # pixels at 1080 lines
CHAR_WIDTH_EM = 0.68  # DejaVu Sans Bold's widest common letters, to shrink a long line to fit the frame
WIDE_CHAR_WIDTH_EM = 1.0  # a full-width (CJK) character is one em wide
LINE_EM = 1.17  # a line's height: DejaVu Sans Bold's ascent and descent (0.93 + 0.24 em)
FIT_SHARE = 0.96  # a line fits this share of the clear width at most
WANTED_TOP = {"top": 0.08, "bottom": 0.90, "lower_third": 0.70}  # of the height: a top, a bottom (ends there), a top
AUTO_PLACES = ("center", "lower_third", "top")  # where a title the user did not place may go, the first preferred
EDGE_GAP = 0.02  # of the height: between a text and the band a player or an app covers


@dataclass(frozen=True)
class PlacedText:
    """A text as it is drawn: its segment, its box (x, y, width and height in canvas pixels) and either its
    position (``where``, a text's) or its layout (``opening``, an opening title's)."""

    segment: Segment
    box: tuple[int, int, int, int]
    where: str = ""
    opening: OpeningLayout | None = None


def placed_texts(draft: Draft, canvas: Canvas, media: MediaMap | None = None) -> list[PlacedText]:
    """Every text segment of the draft that is drawn (some words, a length), placed over the shots of ``media``
    under it where given (``title_place``), else in its first place. Worked out once per render and handed to the
    text layer (``build_text``) and the visualizer, which keeps its strip clear of each box (``visualizer_clear``):
    before, each of the three worked out the opening title's place again."""
    from .opening_title import is_opening
    from .title_place import placed_opening

    over = None if media is None else (draft, media)
    out = []
    for track in draft.tracks_of(TrackType.TEXT):
        for segment in track.segments:
            if not str(segment.meta.get("text", "")).strip() or segment.duration_ms <= 0:
                continue
            if is_opening(segment):  # as long as it shows, where it is set (``title_place``)
                shown, layout = placed_opening(draft, segment, canvas, media)
                out.append(PlacedText(shown, layout.box(), opening=layout))
            else:
                where = text_where(segment, canvas, over)
                out.append(PlacedText(segment, box_at(segment, canvas, where), where=where))
    return out


def build_text(
    graph: Graph,
    draft: Draft,
    canvas: Canvas,
    under: str,
    texts: Sequence[PlacedText],
    *,
    skip: Callable[[Segment], bool] | None = None,
    media: MediaMap | None = None,
) -> str:
    """Draw every text of ``texts`` (``placed_texts``: each where it was placed) on ``under`` but those
    ``skip`` says another layer sets, an opening title by ``opening_title`` (its halo as dense as the ``media``
    under it needs); return the label of the result (``under`` if none)."""
    from .opening_title import lay_opening

    drawn = [text for text in texts if not (skip and skip(text.segment))]
    filters = [_drawtext(text.segment, canvas, text.where) for text in drawn if text.opening is None]
    out = under
    if filters:
        out = graph.label("t")
        graph.add(under + ",".join(filters) + out)
    for text in drawn:  # the opening title: two lines on a halo of its own
        if text.opening is not None:
            out = lay_opening(graph, draft, text.segment, canvas, out, text.opening, media)
    return out


def font_size(segment: Segment, canvas: Canvas) -> int:
    """The segment's size in canvas pixels, made smaller where its longest line would not fit ``FIT_SHARE`` of the
    width a player or an app leaves clear either side of the middle (``_clear_width``)."""
    style = segment.meta.get("style")
    style = style if isinstance(style, dict) else {}
    role = str(segment.meta.get("role", "text"))
    size = style.get("size", DEFAULT_SIZE.get(role, DEFAULT_SIZE["text"]))
    size = float(size) if isinstance(size, (int, float)) and size > 0 else DEFAULT_SIZE["text"]
    wanted = size * canvas.scale_1080
    fit = FIT_SHARE * _clear_width(canvas) / max(_widest_em(segment, canvas, wanted), 1)
    return max(8, int(min(wanted, fit)))


def line_chars(canvas: Canvas, size: float) -> int:
    """How many characters a line at ``size`` (px at 1080 lines) may have and be drawn at that size (``font_size``
    makes a longer one smaller): 43 in 16:9, 19 in 9:16 at a caption's 56 px."""
    return max(int(FIT_SHARE * _clear_width(canvas) / (CHAR_WIDTH_EM * size * canvas.scale_1080)), 8)


def _widest_em(segment: Segment, canvas: Canvas, size: float) -> float:
    """The widest of the segment's lines, in ems of its size: a track alone's artist at its own size
    (``title_type.artist_size``)."""
    parts = _alone_credit(segment)
    if parts is None:
        return max(_width_em(line) for line in _lines(segment))
    artist = artist_size(round(size), canvas) / max(size, 1) * width_em(parts[1], BOOK_FONT_NAME)
    return max(_width_em(parts[0]), artist)


def text_box(segment: Segment, canvas: Canvas, over: tuple[Draft, MediaMap] | None = None) -> tuple[int, int, int, int]:
    """Where a text segment is drawn (``_drawtext``), as x, y, width and height in canvas pixels: its lines at
    ``LINE_EM`` of its size each, their spacing and its border, as wide as its longest line (a little over, in
    DejaVu's widest letters), centred; an opening title's from its layout; a text whose place is "auto", and an
    opening title, in the place the shots under it leave (``title_place``) where ``over`` gives the draft and its
    media."""
    from .opening_title import is_opening
    from .title_place import placed_opening

    if is_opening(segment):
        draft, media = over or (None, None)
        return placed_opening(draft, segment, canvas, media)[1].box()
    return box_at(segment, canvas, text_where(segment, canvas, over))


def text_where(segment: Segment, canvas: Canvas, over: tuple[Draft, MediaMap] | None) -> str:
    """A text's ``position``; where it is "auto" (a title the user did not place), of ``AUTO_PLACES`` the one over
    the least of the subject of the shots under it (``title_place.least_covered``; the first without ``over``)."""
    from .opening_title import share_of
    from .title_place import least_covered

    style = segment.meta.get("style")
    said = str(style.get("position", "center")) if isinstance(style, dict) else "center"
    if said != AUTO:
        return said
    regions = [share_of(box_at(segment, canvas, where), canvas) for where in AUTO_PLACES]
    draft, media = over or (None, None)
    return AUTO_PLACES[least_covered(draft, segment, canvas, media, regions)]


def box_at(segment: Segment, canvas: Canvas, where: str) -> tuple[int, int, int, int]:
    """The text's box (``text_box``) at the place ``where``."""
    size = font_size(segment, canvas)
    border = max(1, size // 24)
    text_h = _text_height(segment, canvas, size)
    width = min(canvas.width, round(_widest_em(segment, canvas, size) * size) + 2 * border)
    return _centre_x(canvas) - width // 2, _top(canvas, text_h, where) - border, width, text_h + 2 * border


def _centre_x(canvas: Canvas) -> int:
    """The frame's middle, across, where every text is centred."""
    return canvas.width // 2


def _clear_width(canvas: Canvas) -> int:
    """How wide a centred text may be and keep out of what a player or an app covers at either side (in 9:16 the
    buttons down its right edge: 70 % of the width, as the end card)."""
    x, _, w, _ = safe_area(canvas)
    middle = _centre_x(canvas)
    return 2 * min(middle - x, x + w - middle)


def _lines(segment: Segment) -> list[str]:
    return str(segment.meta.get("text", "")).replace("\r\n", "\n").replace("\r", "\n").strip().splitlines() or [""]


def _text_height(segment: Segment, canvas: Canvas, size: int) -> int:
    """A text's height (pixels, its border aside): its lines at ``LINE_EM`` of its size and their spacing, and a
    track alone's artist line under its title."""
    count = len(_lines(segment))
    height = round(count * size * LINE_EM + (count - 1) * (size // 5))
    return height + (round(size * 0.15 + artist_size(size, canvas) * LINE_EM) if _alone_credit(segment) else 0)


def _top(canvas: Canvas, text_h: int, where: str) -> int:
    """Where a text ``text_h`` pixels high begins at the place ``where`` (``WANTED_TOP`` of the height, or centred),
    kept ``EDGE_GAP`` inside what a player or an app leaves clear (``safe_zone``: in 9:16 a top at 8 % of the height
    lay under the app's top bar, and a bottom at 90 % under its caption)."""
    h = canvas.height
    _, clear_top, _, room = safe_area(canvas)
    share = WANTED_TOP.get(where)
    wanted = (h - text_h) / 2 if share is None else share * h - (text_h if where == "bottom" else 0)
    if where == "top":
        wanted = max(wanted, clear_top + EDGE_GAP * h)
    lowest = clear_top + room - EDGE_GAP * h - text_h
    return round(max(clear_top, min(wanted, lowest)))


def _drawtext(segment: Segment, canvas: Canvas, where: str) -> str:
    style = segment.meta.get("style")
    style = style if isinstance(style, dict) else {}
    text = "\n".join(_lines(segment))
    size = font_size(segment, canvas)
    y = _top(canvas, _text_height(segment, canvas, size), where)
    parts = _alone_credit(segment)
    if parts is None:
        return _drawn(segment, text, size, f"x={_centre_x(canvas)}-text_w/2:y={y}", hex_color(style.get("color")))
    # a track alone's credit: the title, and the artist under it in tracked capitals of the regular weight, smaller
    below = f"{y}+{round(size * (LINE_EM + 0.15))}"
    line = artist_size(size, canvas)
    return ",".join(
        (
            _drawn(segment, parts[0], size, f"x={_centre_x(canvas)}-text_w/2:y={y}", hex_color(style.get("color"))),
            _drawn(
                segment,
                parts[1],
                line,
                f"x={_centre_x(canvas)}-text_w/2:y={below}",
                hex_color(style.get("color")),
                False,
            ),
        )
    )


def _alone_credit(segment: Segment) -> tuple[str, str] | None:
    """A track alone's credit's title and artist (as set: ``title_type.artist_case``), each drawn on a line of its
    own; None for any other text (or a credit without an artist)."""
    text = str(segment.meta.get("text", "")).strip()
    title, artist = credit_parts(text)
    if segment.meta.get("layout") != ALONE_CREDIT or not title or not artist or "\n" in text:
        return None
    upper, tracked = artist_case(artist)
    return title, TRACKING.join(upper) if tracked else upper


def _drawn(segment: Segment, text: str, size: int, where: str, color: str, bold: bool = True) -> str:
    """One ``drawtext`` of ``text`` at ``size`` pixels, ``where`` (its x and y), fading in and out with the segment."""
    alpha, enable = text_timing(segment)
    return (
        f"drawtext=fontfile={escape_value(str(font_for(text, bold=bold)))}:text={escape_value(text)}:expansion=none:"
        f"fontsize={size}:fontcolor={color}:{where}:"
        f"borderw={max(1, size // 24)}:bordercolor=0x000000@0.55:line_spacing={size // 5}:text_align=C:"
        f"alpha='{alpha}':enable='{enable}'"
    )


def _width_em(line: str) -> float:
    return sum(WIDE_CHAR_WIDTH_EM if unicodedata.east_asian_width(c) in "WF" else CHAR_WIDTH_EM for c in line)
