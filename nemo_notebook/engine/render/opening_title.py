"""The opening title (``m.layout = "opening"``, ``planning.opening``): the song's title in DejaVu Sans Bold over its
artist in tracked capitals of DejaVu Sans Book (``title_type``: half the title's size, never under a cap height of
2.6 % of the frame's height), set flush left (or right) low in the frame, at the top or in the middle, wherever
it covers the least of the subject of the shots under it (``title_place``), on a tight dark shadow (the type drawn in
black with a border, its edge softened by a few pixels) as dense as the picture under it needs (``halo_alpha``),
so that it reads over a bright picture as well as a dark one. The title rises into place as it fades in on the
song's downbeat, the artist a beat after it. A title without an artist (none is made up) takes its room, set
``ALONE_GROWTH`` larger, in two lines where one would shrink it.

Where it goes keeps out of what a player or an app covers (``safe_zone``): a phone app's top bar, its caption and
buttons at the bottom and its buttons down the right edge in 9:16; a player's bar at the bottom in 16:9 and 1:1,
where the title ends above the visualizer's lower strip.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...protocol import Draft, Segment
from ...protocol.vocabulary import credit_parts
from .fonts import font_for
from .graph import Canvas, Graph, MediaMap, escape_value, text_timing
from .safe_zone import RIGHT_SHARE, margins
from .title_type import (
    HALO_DEFAULT,
    HALO_LEAST,
    HALO_MOST,
    RISE_SHARE,
    artist_case,
    artist_size,
    beat_delay_s,
    emboldened,
    ground_luminance,
    halo_alpha,
    rise_y,
    set_lines,
)
from .visualizer_placement import box_for

if TYPE_CHECKING:
    from .visualizer_auto import Sample

OPENING_LAYOUT = "opening"
TALL_GROWTH = 1.2  # a title in 9:16 as large as this, of its size, where it fits the width
LINE_SPACING = 1.12  # a title's two lines, in sizes apart
GAP_SHARE = 0.28  # between the title and the artist, in the title's size
ALONE_GROWTH = 1.35  # a title without an artist this much larger: it takes the artist's room (held-out 01's 96 px
# "Pop Rock Spunky Race" alone, small white type, read to a reviewer as "a placeholder")
LEFT_SHARE = 0.07
# where the type ends, in shares of the height: clear of the visualizer's lower strip (9:16: 0.668-0.748; else
# ``STRIP_GAP`` above the strip "bottom", which ends where a player's bar begins: ``visualizer_placement.box_for``)
TALL_BOTTOM, STRIP_GAP = 0.655, 0.03
# the shadow round each line, at full size: a solid edge of SHADOW_EM of the largest line's size (8 px at 96) over a
# pale picture, half that over a dark one, softened outward by two box passes of SHADOW_BLUR_EM (2 px), laid
# SHADOW_DROP_EM down and right, never under SHADOW_LEAST pixels (a 360-line preview's half-resolution colour ate a
# thinner one): it ends 13-17 px from the letters at 1080 lines. Drawn at a quarter of the size and enlarged, it
# darkened the sky 55-65 px from them: "a grey smudge", "a dark, muddy cloud behind the words" (a blind reviewer)
SHADOW_EM, SHADOW_BLUR_EM, SHADOW_DROP_EM, SHADOW_LEAST = 0.08, 0.02, 0.015, 3
ANCHOR_X = {"left": "", "centre": "-text_w/2", "right": "-text_w"}
SIDE_BIAS, SIDE_GAIN = (
    0.75,
    0.05,
)  # the end card's other place only where it covers this share of the first's subject, and less


@dataclass(frozen=True)
class Line:
    text: str
    size: int
    y: int
    bold: bool


@dataclass(frozen=True)
class OpeningLayout:
    """The lines, flush left at ``x``, or where ``right``, flush right with ``x`` their right edge, or where
    ``centred``, each centred on ``x``."""

    x: int
    lines: tuple[Line, ...]
    right: bool = False
    centred: bool = False

    def box(self) -> tuple[int, int, int, int]:
        """x, y, width and height of the type (its lines' tops to the last line's descenders)."""
        from .fonts import width_em

        top = min(line.y for line in self.lines)
        bottom = max(line.y + round(line.size * 1.17) for line in self.lines)
        width = max(
            round(width_em(line.text, font_for(line.text, bold=line.bold).name) * line.size) for line in self.lines
        )
        return self.x - (width // 2 if self.centred else width if self.right else 0), top, width, bottom - top

    @property
    def anchor(self) -> str:
        return "centre" if self.centred else "right" if self.right else "left"

    def x_of(self) -> str:
        """drawtext's ``x`` for each line."""
        return f"{self.x}{ANCHOR_X[self.anchor]}"


def is_opening(segment: Segment) -> bool:
    return segment.meta.get("layout") == OPENING_LAYOUT


def opening_layout(
    segment: Segment, canvas: Canvas, *, right: bool = False, where: str | None = None, centred: bool = False
) -> OpeningLayout:
    """The title's lines (wrapped in two where one would be small), the artist's under them, and where they go
    (flush right where ``right``, centred across where ``centred``, each in a frame wider than tall; ``where``:
    "top", "center" or low, in place of the style's position)."""
    w, h = canvas.width, canvas.height
    tall = h > w
    style = segment.meta.get("style")
    style = style if isinstance(style, dict) else {}
    wanted = style.get("size", 96)
    size = round((wanted if isinstance(wanted, (int, float)) and wanted > 0 else 96) * canvas.scale_1080)
    size = round(size * TALL_GROWTH) if tall else size
    x = round(LEFT_SHARE * w)
    widest = round((1 - LEFT_SHARE - RIGHT_SHARE if tall else 0.62 if w > h else 0.84) * w)
    title, artist = credit_parts(segment.meta.get("text", ""))
    size = size if artist else round(size * ALONE_GROWTH)
    title_rows, title_size = set_lines(title, size, widest, bold=True, most=3 if tall else 2)
    rows = [(row, title_size, True) for row in title_rows]
    if artist:
        upper, tracked = artist_case(artist)
        artist_rows, artist_fit = set_lines(
            upper, artist_size(title_size, canvas), widest, bold=False, most=3 if tall else 2, tracked=tracked
        )
        rows += [(row, artist_fit, False) for row in artist_rows]
    heights = [round(s * LINE_SPACING) for _, s, _ in rows]
    gap = round(GAP_SHARE * title_size) if artist else 0
    total = sum(heights) + gap
    where = where or str(style.get("position", "lower_third"))
    if where == "top":
        top = round((margins(canvas).top + 0.03) * h)
    elif where in ("center", "full"):
        top = (h - total) // 2
    else:  # low: above the visualizer (in 9:16 its band is at 0.668-0.748 of the height)
        top = (
            round(TALL_BOTTOM * h) if tall else box_for("spectrum", "bottom", canvas).y - round(STRIP_GAP * h)
        ) - total
    lines: list[Line] = []
    y = top
    for (text, s, bold), height in zip(rows, heights, strict=True):
        y += gap if not bold and lines and lines[-1].bold else 0
        lines.append(Line(text, s, y, bold))
        y += height
    right, centred = right and not tall, centred and not tall  # a phone's buttons are down the right edge of 9:16
    return OpeningLayout(w // 2 if centred else w - x if right else x, tuple(lines), right and not centred, centred)


def lay_opening(
    graph: Graph,
    draft: Draft,
    segment: Segment,
    canvas: Canvas,
    under: str,
    layout: OpeningLayout,
    media: MediaMap | None = None,
) -> str:
    """The opening title over ``under`` as ``layout`` sets it (``title_place`` chooses its place), on its halo, as
    dense as the shots under it need (where ``media`` has them); returns the result's label. The title rises in as
    it fades in, the artist a beat later (``title_type.beat_delay_s``)."""
    found = grounds(draft, segment, canvas, media) if media is not None else []
    alpha = halo_alpha(ground_luminance(found, share_of(layout.box(), canvas)))
    delay = beat_delay_s(canvas) if any(not line.bold for line in layout.lines) else 0.0
    haloed = lay_halo(
        graph, layout.lines, layout.x, canvas, segment, under, anchor=layout.anchor, alpha=alpha, delay_s=delay
    )
    type_ = []
    for line in layout.lines:
        later = 0.0 if line.bold else delay
        shown = Segment(
            segment.start_ms + round(later * 1000), segment.duration_ms - round(later * 1000), meta=segment.meta
        )
        fade, enable = text_timing(shown)
        colour = "0xffffff" if line.bold else "0xf2f2f2"
        type_.append(
            _drawtext(line.text, line.bold, line.size, layout.x_of(), rise_y(line.y, shown, canvas))
            + f":fontcolor={colour}{emboldened(line.text, line.size, colour, bold=line.bold)}"
            + f":alpha='{fade}':enable='{enable}'"
        )
    out = graph.label("open")
    graph.add(f"{haloed}{','.join(type_)}{out}")
    return out


def lay_halo(
    graph: Graph,
    lines: Sequence[Line],
    x: int,
    canvas: Canvas,
    segment: Segment,
    under: str,
    *,
    anchor: str = "left",
    alpha: float = HALO_DEFAULT,
    delay_s: float = 0.0,
) -> str:
    """``under`` with a tight dark shadow round ``lines`` (their left edge at ``x``, or their centre or right edge by
    ``anchor``), of opacity ``alpha``, while ``segment`` shows: each line's shadow drawn with it, at full size, as it
    fades in (a regular line ``delay_s`` later) and rises, and out; returns the result's label. It lies in a strip
    of the frame as tall as the lines, their rise and the shadow's reach (``shadow_reach``)."""
    start = segment.start_ms / 1000
    rise = round(RISE_SHARE * canvas.height)
    largest = max(line.size for line in lines)
    reach = shadow_reach(largest, alpha)
    top = max(0, min(line.y for line in lines) - reach) // 2 * 2
    bottom = min(canvas.height, max(line.y + round(line.size * 1.17) for line in lines) + rise + reach)
    height = max(2, (bottom - top + 1) // 2 * 2)
    drawn = []
    for line in lines:
        later = 0 if line.bold else round(delay_s * 1000)
        shown = Segment(later, segment.duration_ms - later, meta=segment.meta)  # in the strip's own time
        fade, enable = text_timing(shown)
        border, drop = shadow_border(largest, alpha), shadow_drop(line.size)
        drawn.append(
            _drawtext(line.text, line.bold, line.size, f"{x + drop}{ANCHOR_X[anchor]}",
                      rise_y(line.y - top + drop, shown, canvas))
            + f":fontcolor=0x000000:borderw={border}:bordercolor=0x000000:alpha='{fade}':enable='{enable}'"
        )  # fmt: skip
    blur = shadow_blur(largest)
    halo, out = graph.label("halo"), graph.label("haloed")
    graph.add(
        f"color=c=black@0.0:s={canvas.width}x{height}:r={canvas.fps}:d={max(segment.duration_ms / 1000, 0.001):.3f},"
        f"format=yuva420p,{','.join(drawn)},boxblur=0:0:0:0:{blur}:2,lut=a='val*{alpha:.2f}',"
        f"setpts=PTS+{start:.3f}/TB{halo}"
    )
    graph.add(f"{under}{halo}overlay=x=0:y={top}:eof_action=pass{out}")
    return out


def shadow_border(size: int, alpha: float) -> int:
    """The shadow's solid edge round each stroke of a line of ``size`` (pixels): ``SHADOW_EM`` of it over a pale
    picture (``alpha`` near ``HALO_MOST``), half that over a dark one, ``SHADOW_LEAST`` pixels at least."""
    pale = max(0.0, min(1.0, (alpha - HALO_LEAST) / (HALO_MOST - HALO_LEAST)))
    return max(SHADOW_LEAST, round(SHADOW_EM * size * (0.5 + 0.5 * pale)))


def shadow_blur(size: int) -> int:
    """The radius of the two box passes that soften the shadow's outer edge, for lines of ``size`` at most."""
    return max(1, round(SHADOW_BLUR_EM * size))


def shadow_drop(size: int) -> int:
    """How far the shadow lies down and right of its line."""
    return round(SHADOW_DROP_EM * size)


def shadow_reach(size: int, alpha: float) -> int:
    """How far past a line's strokes its shadow darkens the picture at all (pixels)."""
    return shadow_border(size, alpha) + 2 * shadow_blur(size) + shadow_drop(size)


def _drawtext(text: str, bold: bool, size: int, x: str, y: str) -> str:
    return (
        f"drawtext=fontfile={escape_value(str(font_for(text, bold=bold)))}:text={escape_value(text)}:"
        f"expansion=none:fontsize={size}:x={x}:y={y}"
    )


def grounds(draft: Draft, segment: Segment, canvas: Canvas, media: MediaMap) -> list[Sample]:
    """The frames of the first shots under ``segment`` as they land on the canvas (``visualizer_auto.shot_sample``):
    what the halo is made dense enough for."""
    from .timeline import frame_at, shots
    from .visualizer_auto import shot_sample

    first, last = frame_at(segment.start_ms, canvas.fps), frame_at(segment.end_ms, canvas.fps)
    under = [sh for sh in shots(draft) if sh.start_frame < last and sh.start_frame + sh.frames > first]
    return [sample for sh in under[:4] if (sample := shot_sample(sh, media, canvas)) is not None]


def share_of(box: tuple[int, int, int, int], canvas: Canvas) -> tuple[float, float, float, float]:
    """A box in pixels (x, y, width, height) as shares of the frame."""
    x, y, w, h = box
    return x / canvas.width, y / canvas.height, w / canvas.width, h / canvas.height
