"""The fonts the package ships, and which one draws a text: drawtext takes one font file and draws a box for a
character the font lacks, so a text is drawn in DejaVu Sans Bold (or Book) when DejaVu has all its characters, and
otherwise in Droid Sans Fallback (Chinese, Japanese, Korean and more), when that covers more of them. Which
characters a font has, and how wide a line is set, are read from its ``cmap``, ``hhea``/``hmtx`` and ``head``
tables (cmap formats 4 and 12)."""

from __future__ import annotations

import functools
import struct
import unicodedata
from importlib import resources
from pathlib import Path

FONT_NAME = "DejaVuSans-Bold.ttf"
BOOK_FONT_NAME = "DejaVuSans.ttf"  # the regular weight, for an artist's line (ExtraLight was hard to read)
FALLBACK_FONT_NAME = "DroidSansFallbackFull.ttf"  # Apache 2.0, from Debian's fonts-droid-fallback


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
