"""Titles and text from the draft's text tracks, drawn with ``drawtext`` in the font the package ships.

A value inside a filter graph is read twice: once by the graph parser (which treats ``[ ] , ;`` as structure) and
once by the filter's option parser (which splits on ``:``); both take ``\\`` and ``'`` as escapes. ``escape_value``
escapes for the option parser, then for the graph parser, in that order, as ffmpeg's documentation prescribes.
``expansion=none`` keeps drawtext from reading ``%{…}`` in a title as a function call.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from ...protocol import Draft, Segment, TrackType
from ..conventions import ROLE_TITLE
from .graph import Canvas, Graph, hex_color, seconds

FONT_NAME = "DejaVuSans-Bold.ttf"
DEFAULT_SIZE = {ROLE_TITLE: 96, "text": 60}  # pixels at 1080 lines
CHAR_WIDTH_EM = 0.68  # DejaVu Sans Bold's widest common letters, to shrink a long line to fit the frame
Y_FOR_POSITION = {
    "top": "h*0.08",
    "center": "(h-text_h)/2",
    "full": "(h-text_h)/2",
    "bottom": "h*0.90-text_h",
    "lower_third": "h*0.70",
}


@functools.cache
def font_path() -> Path:
    """The bundled DejaVu Sans Bold, from the installed package (a wheel or a source checkout)."""
    return Path(str(resources.files("nemo_notebook") / "assets" / "fonts" / FONT_NAME))


def escape_value(text: str) -> str:
    """Escape ``text`` to stand as one option value inside a filter graph (see the module docstring)."""
    option_level = "".join("\\" + c if c in "\\':" else c for c in text)
    return "".join("\\" + c if c in "\\'[],;" else c for c in option_level)


def build_text(graph: Graph, draft: Draft, canvas: Canvas, under: str) -> str:
    """Draw every text segment of the draft on ``under``; return the label of the result (``under`` if none)."""
    filters = [
        _drawtext(segment, canvas)
        for track in draft.tracks_of(TrackType.TEXT)
        for segment in track.segments
        if str(segment.meta.get("text", "")).strip() and segment.duration_ms > 0
    ]
    if not filters:
        return under
    out = graph.label("t")
    graph.add(under + ",".join(filters) + out)
    return out


def font_size(segment: Segment, canvas: Canvas) -> int:
    """The segment's size in canvas pixels, made smaller where its longest line would not fit 90 % of the width."""
    style = segment.meta.get("style")
    style = style if isinstance(style, dict) else {}
    role = str(segment.meta.get("role", "text"))
    size = style.get("size", DEFAULT_SIZE.get(role, DEFAULT_SIZE["text"]))
    size = float(size) if isinstance(size, (int, float)) and size > 0 else DEFAULT_SIZE["text"]
    longest = max((len(line) for line in str(segment.meta.get("text", "")).splitlines()), default=1)
    fit = canvas.width * 0.9 / max(longest * CHAR_WIDTH_EM, 1)
    return max(8, int(min(size * canvas.scale_1080, fit)))


def _drawtext(segment: Segment, canvas: Canvas) -> str:
    style = segment.meta.get("style")
    style = style if isinstance(style, dict) else {}
    text = str(segment.meta.get("text", "")).replace("\r\n", "\n").replace("\r", "\n").strip()
    y = Y_FOR_POSITION.get(str(style.get("position", "center")), Y_FOR_POSITION["center"])
    size = font_size(segment, canvas)
    start, end = segment.start_ms / 1000, segment.end_ms / 1000
    fade_in = max(_ms(segment.meta.get("fade_in_ms")), 1) / 1000
    fade_out = max(_ms(segment.meta.get("fade_out_ms")), 1) / 1000
    alpha = f"clip(min((t-{start:.3f})/{fade_in:.3f},({end:.3f}-t)/{fade_out:.3f}),0,1)"
    return (
        f"drawtext=fontfile={escape_value(str(font_path()))}:text={escape_value(text)}:expansion=none:"
        f"fontsize={size}:fontcolor={hex_color(style.get('color'))}:x=(w-text_w)/2:y={y}:"
        f"borderw={max(1, size // 24)}:bordercolor=0x000000@0.55:line_spacing={size // 5}:"
        f"alpha='{alpha}':enable='between(t,{seconds(segment.start_ms)},{seconds(segment.end_ms)})'"
    )


def _ms(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0
