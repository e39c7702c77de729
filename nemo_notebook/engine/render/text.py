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

import functools
import struct
import unicodedata
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from ...protocol import Draft, Segment, TrackType
from ...protocol.vocabulary import ALONE_CREDIT, Role
from .graph import Canvas, Graph, MediaMap, hex_color, seconds

FONT_NAME = "DejaVuSans-Bold.ttf"
BOOK_FONT_NAME = "DejaVuSans.ttf"  # the regular weight, for an artist's line (ExtraLight was hard to read)
FALLBACK_FONT_NAME = "DroidSansFallbackFull.ttf"  # Apache 2.0, from Debian's fonts-droid-fallback
DEFAULT_SIZE: dict[str, int] = {Role.TITLE: 96, Role.TEXT: 60}  # pixels at 1080 lines
CHAR_WIDTH_EM = 0.68  # DejaVu Sans Bold's widest common letters, to shrink a long line to fit the frame
WIDE_CHAR_WIDTH_EM = 1.0  # a full-width (CJK) character is one em wide
ARTIST_SEPARATOR = " — "  # a credit line's, between title and artist ("Title — Artist")
ARTIST_SHARE = 0.62  # a track alone's artist line: this share of its title's size
LINE_EM = 1.17  # a line's height: DejaVu Sans Bold's ascent and descent (0.93 + 0.24 em)
Y_FOR_POSITION = {
    "top": "h*0.08",
    "center": "(h-text_h)/2",
    "full": "(h-text_h)/2",
    "bottom": "h*0.90-text_h",
    "lower_third": "h*0.70",
}


@functools.cache
def font_path(name: str = FONT_NAME) -> Path:
    """A bundled font (DejaVu Sans Bold by default), from the installed package (a wheel or a source checkout)."""
    return Path(str(resources.files("nemo_notebook") / "assets" / "fonts" / name))


def font_for(text: str, *, bold: bool = True) -> Path:
    """The bundled font to draw ``text`` in: DejaVu Sans Bold (Book where not ``bold``) unless the fallback (which has CJK but hardly any Latin)
    lacks no more of the text's characters than DejaVu does, as for a Chinese or Japanese title."""
    wanted = [ord(c) for c in text if not c.isspace() and unicodedata.category(c)[0] != "C"]
    lacking = [sum(c not in covered_code_points(name) for c in wanted) for name in (FONT_NAME, FALLBACK_FONT_NAME)]
    return (
        font_path(FALLBACK_FONT_NAME)
        if 0 < lacking[0] >= lacking[1]
        else font_path(FONT_NAME if bold else BOOK_FONT_NAME)
    )


@functools.cache
def covered_code_points(name: str) -> frozenset[int]:
    """The code points a bundled font maps to a glyph, from its Unicode ``cmap`` subtable."""
    return frozenset(_glyphs(name))


def width_em(text: str, name: str = FONT_NAME) -> float:
    """How wide ``text`` is set in the bundled font ``name``, in ems: the sum of its characters' advance widths
    (``hmtx``), a character the font lacks counted as one em.

    >>> round(width_em("Il"), 2), round(width_em("WM"), 2)
    (0.71, 2.1)
    """
    glyphs, (advances, units) = _glyphs(name), _advances(name)
    return sum(advances[min(glyphs[ord(c)], len(advances) - 1)] / units if ord(c) in glyphs else 1.0 for c in text)


@functools.cache
def _glyphs(name: str) -> dict[int, int]:
    """Code point to glyph index, from the font's preferred Unicode ``cmap`` subtable (formats 4 and 12)."""
    data = font_path(name).read_bytes()
    cmap = _table(data, b"cmap")
    count = struct.unpack_from(">H", data, cmap + 2)[0]
    records = [struct.unpack_from(">HHI", data, cmap + 4 + 8 * i) for i in range(count)]
    best = sorted((_CMAP_PREFERENCE.index((p, e)), off) for p, e, off in records if (p, e) in _CMAP_PREFERENCE)
    if not best:
        return {}
    sub = cmap + best[0][1]
    return _format12(data, sub) if struct.unpack_from(">H", data, sub)[0] == 12 else _format4(data, sub)


@functools.cache
def _advances(name: str) -> tuple[tuple[int, ...], int]:
    """Each glyph's advance width (``hmtx``; the last one repeats for the glyphs after ``numberOfHMetrics``) and
    the font's units per em (``head``)."""
    data = font_path(name).read_bytes()
    metrics = struct.unpack_from(">H", data, _table(data, b"hhea") + 34)[0]
    hmtx = _table(data, b"hmtx")
    units = struct.unpack_from(">H", data, _table(data, b"head") + 18)[0]
    return tuple(struct.unpack_from(">H", data, hmtx + 4 * i)[0] for i in range(metrics)), int(units)


_CMAP_PREFERENCE = [(3, 10), (0, 4), (3, 1), (0, 3)]  # full-Unicode subtables first, then the Basic Plane ones


def _table(data: bytes, tag: bytes) -> int:
    for i in range(struct.unpack_from(">H", data, 4)[0]):
        name, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if name == tag:
            return int(offset)
    raise ValueError(f"the font has no {tag.decode()} table")


def _format12(data: bytes, sub: int) -> dict[int, int]:
    groups = struct.unpack_from(">I", data, sub + 12)[0]
    glyphs: dict[int, int] = {}
    for i in range(groups):
        first, last, start = struct.unpack_from(">III", data, sub + 16 + 12 * i)
        glyphs.update((code, start + code - first) for code in range(first, last + 1))
    return glyphs


def _format4(data: bytes, sub: int) -> dict[int, int]:
    segments = struct.unpack_from(">H", data, sub + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, sub + 14)
    starts = struct.unpack_from(f">{segments}H", data, sub + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, sub + 16 + 4 * segments)
    range_at = sub + 16 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", data, range_at)
    glyphs: dict[int, int] = {}
    for i, (first, last) in enumerate(zip(starts, ends, strict=True)):
        for code in range(first, min(last, 0xFFFE) + 1):
            if offsets[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:  # glyph index from glyphIdArray, addressed relative to this idRangeOffset entry
                glyph = struct.unpack_from(">H", data, range_at + 2 * i + offsets[i] + 2 * (code - first))[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                glyphs[code] = glyph
    return glyphs


def escape_value(text: str) -> str:
    """Escape ``text`` to stand as one option value inside a filter graph (see the module docstring)."""
    option_level = "".join("\\" + c if c in "\\':" else c for c in text)
    return "".join("\\" + c if c in "\\'[],;" else c for c in option_level)


def build_text(
    graph: Graph,
    draft: Draft,
    canvas: Canvas,
    under: str,
    *,
    skip: Callable[[Segment], bool] | None = None,
    media: MediaMap | None = None,
) -> str:
    """Draw every text segment of the draft on ``under`` (but those ``skip`` says another layer sets; an opening
    title by ``opening_title``, on the calmer side of the ``media`` under it); return the label of the result
    (``under`` if none)."""
    from .opening_title import is_opening, lay_opening

    drawn = [
        segment
        for track in draft.tracks_of(TrackType.TEXT)
        for segment in track.segments
        if str(segment.meta.get("text", "")).strip() and segment.duration_ms > 0 and not (skip and skip(segment))
    ]
    filters = [_drawtext(segment, canvas) for segment in drawn if not is_opening(segment)]
    out = under
    if filters:
        out = graph.label("t")
        graph.add(under + ",".join(filters) + out)
    for segment in filter(is_opening, drawn):  # the opening title: two lines on a halo of its own
        out = lay_opening(graph, draft, segment, canvas, out, media)
    return out


def font_size(segment: Segment, canvas: Canvas) -> int:
    """The segment's size in canvas pixels, made smaller where its longest line would not fit 90 % of the width."""
    style = segment.meta.get("style")
    style = style if isinstance(style, dict) else {}
    role = str(segment.meta.get("role", "text"))
    size = style.get("size", DEFAULT_SIZE.get(role, DEFAULT_SIZE["text"]))
    size = float(size) if isinstance(size, (int, float)) and size > 0 else DEFAULT_SIZE["text"]
    parts = credit_parts(segment)
    lines = str(segment.meta.get("text", "")).splitlines()
    widths = [_width_em(parts[0]), ARTIST_SHARE * _width_em(parts[1])] if parts else [_width_em(ln) for ln in lines]
    longest = max(widths, default=1.0)
    fit = canvas.width * 0.9 / max(longest, 1)
    return max(8, int(min(size * canvas.scale_1080, fit)))


def text_box(segment: Segment, canvas: Canvas) -> tuple[int, int, int, int]:
    """Where a text segment is drawn (``_drawtext``), as x, y, width and height in canvas pixels: its lines at
    ``LINE_EM`` of its size each, their spacing and its border, as wide as its longest line (a little over, in
    DejaVu's widest letters); an opening title's from its layout (flush left: its side does not move it up or down)."""
    from .opening_title import is_opening, opening_layout

    if is_opening(segment):
        return opening_layout(segment, canvas).box()
    lines = str(segment.meta.get("text", "")).replace("\r\n", "\n").replace("\r", "\n").strip().splitlines() or [""]
    size = font_size(segment, canvas)
    border = max(1, size // 24)
    height = round(len(lines) * size * LINE_EM + (len(lines) - 1) * (size // 5)) + 2 * border
    height += round(size * (0.15 + ARTIST_SHARE * LINE_EM)) if credit_parts(segment) else 0
    width = min(canvas.width, round(max(_width_em(line) for line in lines) * size) + 2 * border)
    style = segment.meta.get("style")
    where = str(style.get("position", "center")) if isinstance(style, dict) else "center"
    h = canvas.height
    text_h = height - 2 * border
    top = {"top": h * 0.08, "bottom": h * 0.90 - text_h, "lower_third": h * 0.70}.get(where, (h - text_h) / 2)
    return (canvas.width - width) // 2, round(top) - border, width, height


def _drawtext(segment: Segment, canvas: Canvas) -> str:
    style = segment.meta.get("style")
    style = style if isinstance(style, dict) else {}
    text = str(segment.meta.get("text", "")).replace("\r\n", "\n").replace("\r", "\n").strip()
    y = Y_FOR_POSITION.get(str(style.get("position", "center")), Y_FOR_POSITION["center"])
    size = font_size(segment, canvas)
    parts = credit_parts(segment)
    if parts is None:
        return _drawn(segment, text, size, f"x=(w-text_w)/2:y={y}", hex_color(style.get("color")))
    # a track alone's credit: the title, and the artist under it in the regular weight, smaller
    below = f"{y}+{round(size * (LINE_EM + 0.15))}"
    line = max(8, round(size * ARTIST_SHARE))
    return ",".join(
        (
            _drawn(segment, parts[0], size, f"x=(w-text_w)/2:y={y}", hex_color(style.get("color"))),
            _drawn(segment, parts[1], line, f"x=(w-text_w)/2:y={below}", hex_color(style.get("color")), False),
        )
    )


def credit_parts(segment: Segment) -> tuple[str, str] | None:
    """A track alone's credit's title and artist, each drawn on a line of its own; None for any other text (or a
    credit without an artist)."""
    text = str(segment.meta.get("text", "")).strip()
    title, _, artist = text.partition(ARTIST_SEPARATOR)
    if segment.meta.get("layout") != ALONE_CREDIT or not title.strip() or not artist.strip() or "\n" in text:
        return None
    return title.strip(), artist.strip()


def _drawn(segment: Segment, text: str, size: int, where: str, color: str, bold: bool = True) -> str:
    """One ``drawtext`` of ``text`` at ``size`` pixels, ``where`` (its x and y), fading in and out with the segment."""
    start, end = segment.start_ms / 1000, segment.end_ms / 1000
    fade_in = max(_ms(segment.meta.get("fade_in_ms")), 1) / 1000
    fade_out = max(_ms(segment.meta.get("fade_out_ms")), 1) / 1000
    alpha = f"clip(min((t-{start:.3f})/{fade_in:.3f},({end:.3f}-t)/{fade_out:.3f}),0,1)"
    return (
        f"drawtext=fontfile={escape_value(str(font_for(text, bold=bold)))}:text={escape_value(text)}:expansion=none:"
        f"fontsize={size}:fontcolor={color}:{where}:"
        f"borderw={max(1, size // 24)}:bordercolor=0x000000@0.55:line_spacing={size // 5}:text_align=C:"
        f"alpha='{alpha}':enable='between(t,{seconds(segment.start_ms)},{seconds(segment.end_ms)})'"
    )


def _width_em(line: str) -> float:
    return sum(WIDE_CHAR_WIDTH_EM if unicodedata.east_asian_width(c) in "WF" else CHAR_WIDTH_EM for c in line)


def _ms(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0
