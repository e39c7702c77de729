"""The end card (``m.end_card``: title, artist and the user's line): over the last ``END_CARD_MS`` of the video,
as the music ends, the picture dims a little and the card fades in, centred, in the cover designs' type (the title
in DejaVu Sans Bold, the artist and the line in DejaVu Sans Book) on the opening title's soft dark halo
(``opening_title.lay_halo``), so that it reads over a light last shot; in a cover video the cover, its visualizer
and its credit fade out as it comes (``card_start_ms``), leaving the blurred background under it. The picture
fades to black only in the card's last ``END_FADE_MS`` (not over the last 2.5 s, which would dim the card's
background away).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...protocol import Draft, Segment
from .cover_layout import TextSpot, title_lines
from .fonts import font_for
from .graph import Canvas, Graph, escape_value, seconds, text_timing
from .opening_title import ARTIST_SHARE, Line, lay_halo
from .timeline import visuals_track

END_CARD_MS = 4000  # 2.5 s at full white between its fades (3 s left 1.6 s measured: short for two lines)
CARD_FADE_MS = 700  # the card fades in, and the cover out, over this
END_FADE_MS = 800  # the picture's fade to black at the very end, under the card
DIM = 0.12  # how much darker the picture gets under the card (eq brightness; it has a halo of its own too)


@dataclass(frozen=True)
class EndCard:
    title: str
    artist: str
    line: str


def end_card_of(draft: Draft) -> EndCard | None:
    """The draft's end card, or None (none asked for, or nothing to show)."""
    card = draft.meta.get("end_card")
    if not isinstance(card, dict):
        return None
    found = EndCard(*(str(card.get(k) or "").strip() for k in ("title", "artist", "line")))
    return found if any((found.title, found.artist, found.line)) else None


def card_start_ms(draft: Draft) -> int | None:
    """Where the end card begins (the cover, its visualizer and credit fade out from there), or None."""
    return max(0, draft.duration_ms - END_CARD_MS) if end_card_of(draft) else None


def with_card_ending(draft: Draft) -> Draft:
    """The draft whose last shot fades to black over ``END_FADE_MS`` at most, where it has an end card."""
    track = visuals_track(draft)
    if end_card_of(draft) is None or track is None or not track.segments:
        return draft
    last = max(track.segments, key=lambda sg: sg.end_ms)
    fade = last.meta.get("fade_out_ms")
    if not isinstance(fade, (int, float)) or fade <= END_FADE_MS:
        return draft
    segments = tuple(sg.with_meta(fade_out_ms=END_FADE_MS) if sg is last else sg for sg in track.segments)
    return replace(draft, tracks=tuple(track.with_segments(segments) if t is track else t for t in draft.tracks))


def build_end_card(graph: Graph, draft: Draft, canvas: Canvas, under: str) -> str:
    """The end card laid on ``under``; returns its label (``under`` where the draft has none)."""
    card, start_ms = end_card_of(draft), card_start_ms(draft)
    if card is None or start_ms is None:
        return under
    w, h = canvas.width, canvas.height
    unit = min(w, h)
    shown_ms = start_ms + CARD_FADE_MS // 2  # once the cover is half gone
    segment = Segment(shown_ms, draft.duration_ms - shown_ms, meta={"fade_in_ms": CARD_FADE_MS, "fade_out_ms": 400})
    spot = TextSpot(w // 2, 0, round(0.085 * unit), round(0.84 * w), centred=True)
    lines, size = title_lines(card.title, spot, wrap=True) if card.title else ([], 0)
    rows = [(lines, size, True)] if lines else []
    for text, share in ((card.artist, ARTIST_SHARE), (card.line, 0.5)):
        if text:
            rows.append(
                (*title_lines(text, replace(spot, size=round(share * spot.size)), wrap=False, bold=False), False)
            )
    heights = [len(ls) * s * 1.2 + 0.35 * s for ls, s, _ in rows]
    y = (0.42 if h > w else 0.46) * h - sum(heights) / 2
    dim = f"eq=brightness='-{DIM}*clip((t-{seconds(start_ms)})/{CARD_FADE_MS / 1000},0,1)':eval=frame"
    dimmed = graph.label("dim")
    graph.add(f"{under}{dim}:enable='gte(t,{seconds(start_ms)})'{dimmed}")
    filters, halo = [], []
    for (ls, s, bold), height in zip(rows, heights, strict=True):
        filters.append(line_filter(ls, s, replace(spot, y=round(y), size=s), segment, bold=bold))
        halo += [Line(text, s, round(y + k * s * 1.2), bold) for k, text in enumerate(ls)]
        y += height
    out = graph.label("end")
    graph.add(lay_halo(graph, halo, w // 2, canvas, segment, dimmed, anchor="centre") + ",".join(filters) + out)
    return out


def line_filter(lines: list[str], size: int, spot: TextSpot, segment: Segment, *, bold: bool) -> str:
    text = "\n".join(lines)
    font = font_for(text, bold=bold)
    x = f"{spot.x}-text_w/2" if spot.centred else str(spot.x)
    alpha, enable = text_timing(segment)
    colour = "0xffffff" if bold else "0xf0f0f0"  # the artist a shade off white (it was white at 0.85: faint)
    shadow = max(1, size // 22)
    return (
        f"drawtext=fontfile={escape_value(str(font))}:text={escape_value(text)}:expansion=none:fontsize={size}:"
        f"fontcolor={colour}:x={x}:y={spot.y}:shadowx={shadow}:shadowy={shadow}:shadowcolor=0x000000@0.6:"
        f"line_spacing={size // 25}:"  # lines 1.2 sizes apart, as the layout counts them
        f"alpha='{alpha}':enable='{enable}'"
    )
