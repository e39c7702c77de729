"""A picture of the timeline as SVG: a lane per track, segments as named blocks, the beat grid, the music's waveform.

Plain strings, no plotting library: the picture costs nothing to import and shows in every front end (JupyterLab,
Notebook, VS Code, GitHub's notebook viewer).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from nemo_notebook.protocol import Draft, Segment, Track, TrackType
from nemo_notebook.protocol.summary import summarize

WIDTH_PX = 900
LABEL_PX = 120
LANE_PX = 36
RULER_PX = 30  # section letters above, time labels below
PAD_PX = 4
CHAR_PX = 6.6  # average width of a 11 px sans-serif character, to cut names that do not fit
MIN_BEAT_SPACING_PX = 5.0

_COLOURS = {
    "visuals": "#4c78a8",
    "background": "#9d755d",
    "visualizer": "#72b7b2",
    "music": "#f58518",
    "bgm": "#e45756",
    "voice": "#eeca3b",
    "title": "#54a24b",
    "text": "#54a24b",
}
_TYPE_COLOURS = {TrackType.VIDEO: "#4c78a8", TrackType.AUDIO: "#f58518", TrackType.TEXT: "#54a24b"}


@dataclass(frozen=True)
class Envelope:
    """A coarse loudness envelope of one media file: ``peaks`` in 0..1, evenly spread over ``duration_ms``."""

    peaks: tuple[float, ...]
    duration_ms: int


def _role(track: Track) -> str:
    return str(track.meta.get("role") or (track.segments[0].meta.get("role") if track.segments else "") or "")


def _label(track: Track) -> str:
    role = _role(track)
    return role.capitalize() if role else track.name


def _segment_name(segment: Segment) -> str:
    meta = segment.meta
    for key in ("name", "text", "effect"):
        if meta.get(key):
            return str(meta[key])
    return segment.src or ""


def _fmt_s(ms: int) -> str:
    return f"{ms / 1000:.1f}".rstrip("0").rstrip(".")


class _Scale:
    def __init__(self, total_ms: int, width_px: int) -> None:
        self.total_ms = max(total_ms, 1)
        self.plot_px = width_px - LABEL_PX - PAD_PX

    def x(self, ms: float) -> float:
        return LABEL_PX + self.plot_px * min(max(ms, 0.0), self.total_ms) / self.total_ms


def _ruler(scale: _Scale, height_px: int) -> list[str]:
    step_ms = next((s for s in (1000, 2000, 5000, 10000, 15000, 30000, 60000) if scale.total_ms / s <= 12), 120000)
    parts = []
    for ms in range(0, scale.total_ms + 1, step_ms):
        x = scale.x(ms)
        parts.append(f'<line class="tick" x1="{x:.1f}" y1="{RULER_PX - 5}" x2="{x:.1f}" y2="{height_px}" />')
        if x + 8 * CHAR_PX < LABEL_PX + scale.plot_px + PAD_PX:  # a label that would run off the right edge is left out
            parts.append(f'<text class="time" x="{x + 2:.1f}" y="{RULER_PX - 8}">{_fmt_s(ms)}s</text>')
    return parts


def _beat_grid(draft: Draft, scale: _Scale, height_px: int) -> list[str]:
    beats = [float(b) for b in draft.meta.get("beats_ms") or () if isinstance(b, (int, float))]
    downbeats = {float(b) for b in draft.meta.get("downbeats_ms") or () if isinstance(b, (int, float))}
    if not beats:
        return []
    spacing_px = scale.plot_px * (beats[-1] - beats[0]) / max(len(beats) - 1, 1) / scale.total_ms
    every = 1
    while spacing_px * every < MIN_BEAT_SPACING_PX:
        every *= 2
    parts = ['<g class="beats">']
    for i, ms in enumerate(beats):
        strong = ms in downbeats
        if i % every and not strong:
            continue
        x = scale.x(ms)
        cls = "downbeat" if strong else "beat"
        parts.append(f'<line class="{cls}" x1="{x:.1f}" y1="{RULER_PX}" x2="{x:.1f}" y2="{height_px}" />')
    parts.append("</g>")
    return parts


def _waveform(segment: Segment, envelope: Envelope, scale: _Scale, top: float) -> str:
    """A filled outline of the envelope over the part of the media this segment plays."""
    in_ms = segment.in_ms or 0
    n = len(envelope.peaks)
    if n == 0 or envelope.duration_ms <= 0:
        return ""
    mid = top + LANE_PX / 2
    half = LANE_PX / 2 - 5
    upper, lower = [], []
    columns = max(2, min(400, int(scale.x(segment.end_ms) - scale.x(segment.start_ms))))
    for c in range(columns):
        offset_ms = segment.duration_ms * c / (columns - 1)
        i = min(n - 1, int(n * (in_ms + offset_ms) / envelope.duration_ms))
        x = scale.x(segment.start_ms + offset_ms)
        amp = max(0.0, min(1.0, envelope.peaks[i])) * half
        upper.append(f"{x:.1f},{mid - amp:.1f}")
        lower.append(f"{x:.1f},{mid + amp:.1f}")
    points = " ".join(upper + lower[::-1])
    return f'<polygon class="waveform" points="{points}" />'


def _stem(name: str) -> str:
    """A media file's name without its extension (``poster.jpg`` → ``poster``); other names as they are."""
    head, dot, ext = name.rpartition(".")
    return head if dot and head and 2 <= len(ext) <= 4 and ext.isalnum() else name


def shot_label(name: str, number: int, width_px: float) -> str:
    """What fits on a block ``width_px`` wide: the name, else its start and "…" (at least four letters), else the
    block's number in its lane, else nothing.

    >>> shot_label("big-buck-bunny-poster.jpg", 3, 400)
    'big-buck-bunny-poster'
    >>> shot_label("big-buck-bunny-poster.jpg", 3, 60)
    'big-buc…'
    >>> shot_label("big-buck-bunny-poster.jpg", 12, 24)
    '12'
    """
    fits = int((width_px - 6) / CHAR_PX)
    stem = _stem(name)
    if stem and len(stem) <= fits:
        return stem
    if stem and fits >= 5:
        return stem[: fits - 1].rstrip(" -_.") + "…"
    return str(number) if len(str(number)) <= max(fits, 0) + 1 and width_px >= 10 else ""


def _lane(track: Track, index: int, scale: _Scale, waveforms: Mapping[str, Envelope], names: list[str]) -> list[str]:
    """The lane's blocks and waveforms; the blocks' names go to ``names``, drawn later above the beat grid."""
    top = RULER_PX + index * LANE_PX
    colour = _COLOURS.get(_role(track), _TYPE_COLOURS[track.type])
    parts = [f'<g class="lane" data-track="{index}" data-type="{track.type.name.lower()}">']
    for number, segment in enumerate(sorted(track.segments, key=lambda sg: sg.start_ms), 1):
        x0, x1 = scale.x(segment.start_ms), scale.x(segment.end_ms)
        width = max(x1 - x0 - 1, 1.0)
        name = _segment_name(segment)
        tip = html.escape(f"{number}. {name} ({_fmt_s(segment.start_ms)}–{_fmt_s(segment.end_ms)}s)")
        parts.append(
            f'<rect class="segment" x="{x0:.1f}" y="{top + 3}" width="{width:.1f}" height="{LANE_PX - 6}" '
            f'rx="3" fill="{colour}"><title>{tip}</title></rect>'
        )
        if segment.src in waveforms:
            parts.append(_waveform(segment, waveforms[segment.src or ""], scale, top))
        shown = shot_label(name, number, width) if name else ""
        if shown:
            y = top + LANE_PX / 2 + 4
            names.append(f'<text class="name" x="{x0 + 4:.1f}" y="{y:.1f}">{html.escape(shown)}</text>')
    parts.append("</g>")
    return parts


def _lane_label(track: Track, index: int) -> str:
    """The lane's name in the left margin, on a band of the theme's second layout colour."""
    top = RULER_PX + index * LANE_PX
    label = html.escape(_label(track))
    return (
        f'<rect class="label-bg" x="0" y="{top + 3}" width="{LABEL_PX - 6}" height="{LANE_PX - 6}" rx="3" />'
        f'<text class="label" x="6" y="{top + LANE_PX / 2 + 4:.1f}">{label}</text>'
    )


def _sections(draft: Draft, scale: _Scale, height_px: int) -> list[str]:
    """Section boundaries (``sections_ms`` in the draft's metadata, where the music was analysed), marked with a
    dashed line and a letter in the ruler: A, B, C…"""
    starts = sorted({int(b) for b in draft.meta.get("sections_ms") or () if isinstance(b, (int, float)) and b >= 0})
    if not starts:
        return []
    if starts[0] > 0:
        starts.insert(0, 0)
    parts = ['<g class="sections">']
    for i, ms in enumerate(starts):
        x = scale.x(ms)
        end = scale.x(starts[i + 1]) if i + 1 < len(starts) else scale.x(scale.total_ms)
        if i % 2:
            parts.append(f'<rect class="section-band" x="{x:.1f}" y="{RULER_PX}" width="{end - x:.1f}" '
                         f'height="{height_px - RULER_PX}" />')  # fmt: skip
        if ms > 0:
            parts.append(f'<line class="section" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height_px}" />')
        letter = chr(ord("A") + i % 26)
        parts.append(f'<text class="section-name" x="{x + 3:.1f}" y="9">{letter}</text>')
    parts.append("</g>")
    return parts


# Two looks: inline HTML follows JupyterLab's theme (its CSS variables, falling back to the text colour); a
# standalone image (no page around it, so no variables and no inherited colour) draws on its own light card.
# Block names are white with a dark outline, readable on every block colour and over the waveform.
_COMMON_STYLE = (
    "text{font:11px sans-serif}"
    ".name{fill:#fff;paint-order:stroke;stroke:rgba(0,0,0,.6);stroke-width:2.4px;stroke-linejoin:round}"
    ".beat{stroke:#888;stroke-opacity:.45;stroke-width:.6}"
    ".downbeat{stroke:#888;stroke-opacity:.8;stroke-width:1}"
    ".waveform{fill:#000;fill-opacity:.3}"
    ".section{stroke-dasharray:3 3;stroke-width:1}"
    ".section-name{font-weight:bold;font-size:9px}"
)
_THEMED_STYLE = (
    "text{fill:var(--jp-ui-font-color1,currentColor)}"
    ".label-bg{fill:var(--jp-layout-color2,rgba(128,128,128,.15))}"
    ".tick{stroke:var(--jp-ui-font-color1,currentColor);stroke-opacity:.18}"
    ".section{stroke:var(--jp-ui-font-color1,currentColor);stroke-opacity:.5}"
    ".section-band{fill:var(--jp-ui-font-color1,currentColor);fill-opacity:.05}"
)
_IMAGE_STYLE = (
    ".card{fill:#fff}text{fill:#1f1f1f}.label-bg{fill:#ececec}.tick{stroke:#1f1f1f;stroke-opacity:.18}"
    ".section{stroke:#1f1f1f;stroke-opacity:.5}.section-band{fill:#1f1f1f;fill-opacity:.05}"
)


def timeline_svg(
    draft: Draft, waveforms: Mapping[str, Envelope] | None = None, *, width_px: int = WIDTH_PX, fluid: bool = False
) -> str:
    """The draft as an SVG document (a string).

    Parameters
    ----------
    draft
        The timeline to draw. Tracks without segments are left out, as in the one-line summary.
    waveforms
        Envelopes by media id: an audio segment whose ``src`` has one shows its waveform.
    width_px
        Width of the picture in pixels; the height follows from the number of lanes.
    fluid
        For inline HTML: shrink to the page element it sits in and take the page's theme; otherwise a fixed-size
        image on its own light card.

    Examples
    --------
    >>> timeline_svg(Draft.empty()).startswith("<svg")
    True
    """
    tracks: Sequence[Track] = [t for t in draft.tracks if t.segments]
    total_ms = max([draft.duration_ms, *(t.end_ms for t in tracks)])
    scale = _Scale(total_ms, width_px)
    height = RULER_PX + LANE_PX * max(len(tracks), 1) + PAD_PX
    style = _COMMON_STYLE + (_THEMED_STYLE if fluid else _IMAGE_STYLE)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="nemo-timeline" {_size(width_px, height, fluid)} '
        f'viewBox="0 0 {width_px} {height}" role="img">',
        f"<title>{html.escape(summarize(draft))}</title>",
        f"<style>{style}</style>",
    ]
    if not fluid:
        parts.append(f'<rect class="card" x="0" y="0" width="{width_px}" height="{height}" rx="4" />')
    parts += _sections(draft, scale, height) + _ruler(scale, height)
    names: list[str] = []
    for index, track in enumerate(tracks):
        parts += _lane(track, index, scale, waveforms or {}, names)
    parts += _beat_grid(draft, scale, height)  # over the blocks, under the names
    parts += names + [_lane_label(track, index) for index, track in enumerate(tracks)]
    if not tracks:
        parts.append(f'<text x="{LABEL_PX}" y="{RULER_PX + LANE_PX / 2 + 4}">empty timeline</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _size(width_px: int, height_px: int, fluid: bool) -> str:
    if fluid:
        return f'width="100%" style="max-width:{width_px}px;height:auto"'
    return f'width="{width_px}" height="{height_px}"'


class TimelinePicture:
    """Displays as the SVG picture in notebooks and as the one-line summary in a terminal."""

    def __init__(self, draft: Draft, waveforms: Mapping[str, Envelope] | None = None) -> None:
        self.draft = draft
        self.svg = timeline_svg(draft, waveforms)
        self.html = f"<div>{timeline_svg(draft, waveforms, fluid=True)}</div>"

    def _repr_svg_(self) -> str:
        return self.svg

    def _repr_html_(self) -> str:
        """The same picture inline, shrinking to narrow output areas (a fixed-size image would be cut off)."""
        return self.html

    def __repr__(self) -> str:
        return summarize(self.draft)
