"""The opening title (``m.layout = "opening"``, ``planning.opening``): the song's title in DejaVu Sans Bold over its
artist in DejaVu Sans Book (``ARTIST_SHARE`` of the title's size), set flush left low in the frame, on a soft dark
halo (the type drawn in black at a quarter of the size, blurred and laid under it), so that it reads over a bright
picture as well as a dark one.

Where it goes keeps out of what a player or an app covers (``safe_zone``): a phone app's top bar, its caption and
buttons at the bottom and its buttons down the right edge in 9:16; a player's bar at the bottom in 16:9 and 1:1,
where the title ends above the visualizer's lower strip.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ...protocol import Draft, Segment
from ...protocol.vocabulary import credit_parts
from .cover_layout import TextSpot, title_lines
from .fonts import font_for
from .graph import Canvas, Graph, MediaMap, escape_value, fade_seconds, text_timing
from .safe_zone import RIGHT_SHARE, margins
from .visualizer_placement import box_for

OPENING_LAYOUT = "opening"
ARTIST_SHARE = 0.64  # the artist's size to the title's: 61 px under a 96 px title, an x-height of 34 px at 1080
LINE_SPACING = 1.12  # a title's two lines, in sizes apart
GAP_SHARE = 0.28  # between the title and the artist, in the title's size
LEFT_SHARE = 0.07
# where the type ends, in shares of the height: clear of the visualizer's lower strip (9:16: 0.668-0.748; else
# ``STRIP_GAP`` above the strip "bottom", which ends where a player's bar begins: ``visualizer_placement.box_for``)
TALL_BOTTOM, STRIP_GAP = 0.655, 0.03
HALO_SCALE = 4  # the halo is drawn at a quarter of the canvas, blurred and scaled up (cheap and soft)
HALO_ALPHA = 0.72
ANCHOR_X = {"left": "", "centre": "-text_w/2", "right": "-text_w"}
SIDE_BIAS, SIDE_GAIN = 0.75, 0.05  # the right side only where it covers this share of the left's subject, and less


@dataclass(frozen=True)
class Line:
    text: str
    size: int
    y: int
    bold: bool


@dataclass(frozen=True)
class OpeningLayout:
    """The lines, flush left at ``x``, or where ``right``, flush right with ``x`` their right edge."""

    x: int
    lines: tuple[Line, ...]
    right: bool = False

    def box(self) -> tuple[int, int, int, int]:
        """x, y, width and height of the type (its lines' tops to the last line's descenders)."""
        from .fonts import width_em

        top = min(line.y for line in self.lines)
        bottom = max(line.y + round(line.size * 1.17) for line in self.lines)
        width = max(
            round(width_em(line.text, font_for(line.text, bold=line.bold).name) * line.size) for line in self.lines
        )
        return (self.x - width if self.right else self.x), top, width, bottom - top

    @property
    def anchor(self) -> str:
        return "right" if self.right else "left"

    def x_of(self) -> str:
        """drawtext's ``x`` for each line."""
        return f"{self.x}-text_w" if self.right else str(self.x)


def is_opening(segment: Segment) -> bool:
    return segment.meta.get("layout") == OPENING_LAYOUT


def opening_layout(segment: Segment, canvas: Canvas, *, right: bool = False) -> OpeningLayout:
    """The title's lines (wrapped in two where one would be small), the artist's under them, and where they go
    (flush right where ``right``, in a frame wider than tall)."""
    w, h = canvas.width, canvas.height
    tall = h > w
    style = segment.meta.get("style")
    style = style if isinstance(style, dict) else {}
    wanted = style.get("size", 96)
    size = round((wanted if isinstance(wanted, (int, float)) and wanted > 0 else 96) * canvas.scale_1080)
    x = round(LEFT_SHARE * w)
    widest = round((1 - LEFT_SHARE - RIGHT_SHARE if tall else 0.62 if w > h else 0.84) * w)
    title, artist = credit_parts(segment.meta.get("text", ""))
    spot = TextSpot(x, 0, size, widest, centred=False)
    title_rows, title_size = title_lines(title, spot, wrap=True)
    rows = [(row, title_size, True) for row in title_rows]
    if artist:
        artist_rows, artist_size = title_lines(
            artist, replace(spot, size=round(ARTIST_SHARE * size)), wrap=False, bold=False
        )
        rows += [(row, artist_size, False) for row in artist_rows]
    heights = [round(s * LINE_SPACING) for _, s, _ in rows]
    gap = round(GAP_SHARE * title_size) if artist else 0
    total = sum(heights) + gap
    where = str(style.get("position", "lower_third"))
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
    right = right and not tall  # a phone's buttons are down the right edge of 9:16
    return OpeningLayout(w - x if right else x, tuple(lines), right)


def lay_opening(
    graph: Graph, draft: Draft, segment: Segment, canvas: Canvas, under: str, media: MediaMap | None = None
) -> str:
    """The opening title over ``under``, on its halo, on the calmer side of the shots under it (``calmer_side``,
    where ``media`` has them); returns the result's label."""
    layout = opening_layout(segment, canvas)
    if media is not None and canvas.width > canvas.height and calmer_side(draft, segment, canvas, media, layout):
        layout = opening_layout(segment, canvas, right=True)
    haloed = lay_halo(graph, layout.lines, layout.x, canvas, segment, under, anchor=layout.anchor)
    alpha, enable = text_timing(segment)
    type_ = [
        _drawtext(line.text, line.bold, line.size, layout.x_of(), line.y)
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
    anchor: str = "left",
) -> str:
    """``under`` with a soft dark halo round ``lines`` (their left edge at ``x``, or their centre or right edge by
    ``anchor``) while ``segment`` shows, fading in and out with it; returns the result's label."""
    start, end = segment.start_ms / 1000, segment.end_ms / 1000
    fade_in, fade_out = fade_seconds(segment)
    length = max(end - start, 0.001)
    small = [
        _drawtext(
            line.text,
            line.bold,
            max(2, line.size // HALO_SCALE),
            f"{x // HALO_SCALE}{ANCHOR_X[anchor]}",
            line.y // HALO_SCALE,
        )
        + f":fontcolor=0x000000:borderw={max(2, line.size // (HALO_SCALE * (4 if line.bold else 3)))}:bordercolor=0x000000"
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


def _drawtext(text: str, bold: bool, size: int, x: str, y: int) -> str:
    return (
        f"drawtext=fontfile={escape_value(str(font_for(text, bold=bold)))}:text={escape_value(text)}:"
        f"expansion=none:fontsize={size}:x={x}:y={y}"
    )


def calmer_side(draft: Draft, segment: Segment, canvas: Canvas, media: MediaMap, left: OpeningLayout) -> bool:
    """Whether the title covers clearly less of what a viewer looks at on the right (the shots under it sampled
    with ``visualizer_auto``'s saliency): the left is kept unless the right covers under ``SIDE_BIAS`` of its
    subject and ``SIDE_GAIN`` less of all of it."""
    from .timeline import frame_at, shots
    from .visualizer_auto import covered_share, shot_sample

    first, last = frame_at(segment.start_ms, canvas.fps), frame_at(segment.end_ms, canvas.fps)
    under = [sh for sh in shots(draft) if sh.start_frame < last and sh.start_frame + sh.frames > first]
    found = [sample for sh in under[:4] if (sample := shot_sample(sh, media, canvas)) is not None]
    if not found:
        return False
    x, y, w, h = left.box()
    region = (x / canvas.width, y / canvas.height, w / canvas.width, h / canvas.height)
    here = covered_share(found, region)
    there = covered_share(found, (1 - region[0] - region[2], *region[1:]))
    return there < here * SIDE_BIAS and there < here - SIDE_GAIN
