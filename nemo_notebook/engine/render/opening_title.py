"""The opening title (``m.layout = "opening"``, ``planning.opening``): the song's title in DejaVu Sans Bold over its
artist in DejaVu Sans Book (``ARTIST_SHARE`` of the title's size), set flush left low in the frame, on a soft dark
halo (the type drawn in black at a quarter of the size, blurred and laid under it), so that it reads over a bright
picture as well as a dark one.

Where it goes keeps out of what covers a vertical video on a phone: the platform's top bar (``TOP_BAND``), its
caption and buttons at the bottom (``BOTTOM_BAND``) and its buttons down the right edge (``RIGHT_BAND``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ...protocol import Segment
from .cover_layout import TextSpot, title_lines
from .graph import Canvas, Graph, seconds
from .text import escape_value, font_for

OPENING_LAYOUT = "opening"
SEPARATOR = " — "  # the credit's, "Title — Artist"
ARTIST_SHARE = 0.6  # the artist's size to the title's: 58 px under a 96 px title, an x-height of 32 px at 1080
LINE_SPACING = 1.12  # a title's two lines, in sizes apart
GAP_SHARE = 0.28  # between the title and the artist, in the title's size
TOP_BAND, BOTTOM_BAND, RIGHT_BAND = 0.12, 0.20, 0.15  # a 9:16 video's shares a phone's app covers
LEFT_SHARE = 0.07
TALL_BOTTOM, WIDE_BOTTOM = 0.66, 0.80  # where the type ends, in shares of the height: above the visualizer
HALO_SCALE = 4  # the halo is drawn at a quarter of the canvas, blurred and scaled up (cheap and soft)
HALO_ALPHA = 0.72


@dataclass(frozen=True)
class Line:
    text: str
    size: int
    y: int
    bold: bool


@dataclass(frozen=True)
class OpeningLayout:
    x: int
    lines: tuple[Line, ...]

    def box(self) -> tuple[int, int, int, int]:
        """x, y, width and height of the type (its lines' tops to the last line's descenders)."""
        from .text import width_em

        top = min(line.y for line in self.lines)
        bottom = max(line.y + round(line.size * 1.17) for line in self.lines)
        width = max(
            round(width_em(line.text, font_for(line.text, bold=line.bold).name) * line.size) for line in self.lines
        )
        return self.x, top, width, bottom - top


def is_opening(segment: Segment) -> bool:
    return segment.meta.get("layout") == OPENING_LAYOUT


def opening_layout(segment: Segment, canvas: Canvas) -> OpeningLayout:
    """The title's lines (wrapped in two where one would be small), the artist's under them, and where they go."""
    w, h = canvas.width, canvas.height
    tall = h > w
    style = segment.meta.get("style")
    style = style if isinstance(style, dict) else {}
    wanted = style.get("size", 96)
    size = round((wanted if isinstance(wanted, (int, float)) and wanted > 0 else 96) * canvas.scale_1080)
    x = round(LEFT_SHARE * w)
    widest = round((1 - LEFT_SHARE - RIGHT_BAND if tall else 0.62 if w > h else 0.84) * w)
    title, _, artist = str(segment.meta.get("text", "")).strip().partition(SEPARATOR)
    spot = TextSpot(x, 0, size, widest, centred=False)
    title_rows, title_size = title_lines(title.strip(), spot, wrap=True)
    rows = [(row, title_size, True) for row in title_rows]
    if artist.strip():
        artist_rows, artist_size = title_lines(
            artist.strip(), replace(spot, size=round(ARTIST_SHARE * size)), wrap=False, bold=False
        )
        rows += [(row, artist_size, False) for row in artist_rows]
    heights = [round(s * LINE_SPACING) for _, s, _ in rows]
    gap = round(GAP_SHARE * title_size) if artist.strip() else 0
    total = sum(heights) + gap
    where = str(style.get("position", "lower_third"))
    if where == "top":
        top = round((TOP_BAND + 0.03 if tall else 0.08) * h)
    elif where in ("center", "full"):
        top = (h - total) // 2
    else:  # low: above the visualizer (in 9:16 its band is at 0.68-0.78 of the height, over the app's caption)
        top = round((TALL_BOTTOM if tall else WIDE_BOTTOM) * h) - total
    lines: list[Line] = []
    y = top
    for (text, s, bold), height in zip(rows, heights, strict=True):
        y += gap if not bold and lines and lines[-1].bold else 0
        lines.append(Line(text, s, y, bold))
        y += height
    return OpeningLayout(x, tuple(lines))


def lay_opening(graph: Graph, segment: Segment, canvas: Canvas, under: str) -> str:
    """The opening title over ``under``, on its halo; returns the result's label."""
    layout = opening_layout(segment, canvas)
    haloed = lay_halo(graph, layout.lines, layout.x, canvas, segment, under)
    alpha, enable = _timing(segment)
    type_ = [
        _drawtext(line.text, line.bold, line.size, str(layout.x), line.y)
        + f":fontcolor={'0xffffff' if line.bold else '0xf2f2f2'}:alpha='{alpha}':enable='{enable}'"
        for line in layout.lines
    ]
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
    centred: bool = False,
) -> str:
    """``under`` with a soft dark halo round ``lines`` (their left edge at ``x``, or centred on it) while
    ``segment`` shows, fading in and out with it; returns the result's label."""
    start, end = segment.start_ms / 1000, segment.end_ms / 1000
    fade_in, fade_out = _fades(segment)
    length = max(end - start, 0.001)
    small = [
        _drawtext(
            line.text,
            line.bold,
            max(2, line.size // HALO_SCALE),
            f"{x // HALO_SCALE}{'-text_w/2' if centred else ''}",
            line.y // HALO_SCALE,
        )
        + f":fontcolor=0x000000:borderw={max(2, line.size // (HALO_SCALE * 4))}:bordercolor=0x000000"
        for line in lines
    ]
    blur = max(2, min(canvas.width, canvas.height) // (HALO_SCALE * 60))
    halo, out = graph.label("halo"), graph.label("haloed")
    graph.add(
        f"color=c=black@0.0:s={canvas.width // HALO_SCALE}x{canvas.height // HALO_SCALE}:r={canvas.fps}:"
        f"d={length:.3f},format=yuva420p,{','.join(small)},boxblur=0:0:0:0:{blur}:2,"
        f"colorchannelmixer=aa={HALO_ALPHA},scale={canvas.width}x{canvas.height},"
        f"fade=t=in:st=0:d={fade_in:.3f}:alpha=1,fade=t=out:st={max(length - fade_out, 0):.3f}:d={fade_out:.3f}:"
        f"alpha=1,setpts=PTS+{start:.3f}/TB{halo}"
    )
    graph.add(f"{under}{halo}overlay=eof_action=pass{out}")
    return out


def _fades(segment: Segment) -> tuple[float, float]:
    """The segment's fade in and out, in seconds (a frame's worth at least)."""
    return (
        max(_ms(segment.meta.get("fade_in_ms")), 1) / 1000,
        max(_ms(segment.meta.get("fade_out_ms")), 1) / 1000,
    )


def _timing(segment: Segment) -> tuple[str, str]:
    """drawtext's ``alpha`` and ``enable`` expressions for ``segment``: faded in and out, shown only in its span."""
    start, end = segment.start_ms / 1000, segment.end_ms / 1000
    fade_in, fade_out = _fades(segment)
    alpha = f"clip(min((t-{start:.3f})/{fade_in:.3f},({end:.3f}-t)/{fade_out:.3f}),0,1)"
    return alpha, f"between(t,{seconds(segment.start_ms)},{seconds(segment.end_ms)})"


def _drawtext(text: str, bold: bool, size: int, x: str, y: int) -> str:
    return (
        f"drawtext=fontfile={escape_value(str(font_for(text, bold=bold)))}:text={escape_value(text)}:"
        f"expansion=none:fontsize={size}:x={x}:y={y}"
    )


def _ms(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0
