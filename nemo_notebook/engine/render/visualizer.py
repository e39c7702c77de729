"""The visualizer lane: ffmpeg's audio-to-video filters drawn at their own size, tinted and laid over the picture.

Each style draws white on black (or on transparency) at the size of its strip only, so the per-frame cost scales
with the strip rather than the frame. One ``colorchannelmixer`` then turns brightness into the chosen colour and
into alpha, which makes every style tintable and see-through in the same way before ``overlay`` blends it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...protocol import Draft, Segment, TrackType
from ..conventions import ROLE_MUSIC, ROLE_VISUALIZER
from .graph import Canvas, Graph, MediaMap, even, rgb, seconds

# strip height and top edge as fractions of the frame height, for each position
STRIPS: dict[str, tuple[float, float]] = {
    "bottom": (0.22, 0.74),
    "top": (0.22, 0.04),
    "center": (0.30, 0.35),
    "lower_third": (0.20, 0.62),
    "full": (1.0, 0.0),
}


@dataclass(frozen=True)
class Box:
    """Where the visualizer is drawn on the canvas, in pixels."""

    x: int
    y: int
    width: int
    height: int


def build_visualizer(graph: Graph, draft: Draft, media: MediaMap, canvas: Canvas, under: str) -> str:
    """Overlay every visualizer segment of the draft on ``under``; return the label of the result."""
    for track in draft.tracks_of(TrackType.VIDEO):
        if track.meta.get("role") != ROLE_VISUALIZER:
            continue
        for segment in track.segments:
            src = segment.src or _music_src(draft)
            if src is None or src not in media or segment.duration_ms <= 0:
                continue
            under = _overlay(graph, segment, src, media, canvas, under)
    return under


def _music_src(draft: Draft) -> str | None:
    for track in draft.tracks_of(TrackType.AUDIO):
        if track.meta.get("role", ROLE_MUSIC) == ROLE_MUSIC:
            for segment in track.segments:
                if segment.src:
                    return segment.src
    return None


def box_for(effect: str, position: str, canvas: Canvas) -> Box:
    """The strip (or, for the vectorscope, the square) a visualizer occupies at ``position``."""
    share, top = STRIPS.get(position, STRIPS["bottom"])
    height = even(canvas.height * share) if position == "full" else even(min(canvas.height * share, canvas.width * 0.4))
    width = canvas.width
    if effect == "vectorscope":
        width = height = even(min(canvas.width, canvas.height) * (1.0 if position == "full" else 0.34))
    y = min(int(canvas.height * top), canvas.height - height)
    if position == "center":
        y = (canvas.height - height) // 2
    return Box((canvas.width - width) // 2, y, width, height)


def draw_filter(effect: str, box: Box, fps: int) -> str:
    """The ffmpeg filter that draws ``effect`` in white at the box's size."""
    size = f"{box.width}x{box.height}"
    if effect == "waves":
        return f"showwaves=s={size}:r={fps}:mode=cline:scale=sqrt:draw=full:colors=white|white"
    if effect == "cqt":
        return f"showcqt=s={size}:r={fps}:sono_h=0:axis_h=0:bar_h=-1:bar_g=2:bar_t=0.5:cscheme=1|1|1|1|1|1"
    if effect == "vectorscope":
        return f"avectorscope=s={size}:r={fps}:draw=line:scale=sqrt:zoom=1.5:rc=255:gc=255:bc=255:rf=25:gf=25:bf=25"
    return (
        f"showfreqs=s={size}:r={fps}:mode=bar:fscale=log:ascale=sqrt:win_size=2048:averaging=2:"
        "colors=white|white:cmode=combined"
    )


def tint(color: object, opacity: float) -> str:
    """Brightness → the chosen colour, and brightness × opacity → alpha (so black is transparent)."""
    r, g, b = rgb(color)
    a = max(0.0, min(1.0, opacity)) * 1.6
    rows = []
    for name, k in (("r", r), ("g", g), ("b", b), ("a", a)):
        rows.append(f"{name}r={0.299 * k:.3f}:{name}g={0.587 * k:.3f}:{name}b={0.114 * k:.3f}:{name}a=0")
    return "format=rgba,colorchannelmixer=" + ":".join(rows)


def _overlay(graph: Graph, segment: Segment, src: str, media: MediaMap, canvas: Canvas, under: str) -> str:
    meta = segment.meta
    effect = str(meta.get("effect", "spectrum"))
    box = box_for(effect, str(meta.get("position", "bottom")), canvas)
    opacity = meta.get("opacity", 0.9)
    opacity = float(opacity) if isinstance(opacity, (int, float)) else 0.9
    index = graph.add_input("-i", str(media[src][0]))
    start, drawn, out = seconds(segment.start_ms), graph.label("viz"), graph.label("v")
    graph.add(
        f"[{index}:a]atrim=start={seconds(segment.in_ms or 0)}:duration={seconds(segment.duration_ms)},"
        f"asetpts=PTS-STARTPTS,aresample=48000,aformat=channel_layouts=stereo,{draw_filter(effect, box, canvas.fps)},"
        f"{tint(meta.get('color'), opacity)},setpts=PTS-STARTPTS+{start}/TB{drawn}"
    )
    end = seconds(segment.end_ms)
    graph.add(f"{under}{drawn}overlay=x={box.x}:y={box.y}:eof_action=pass:enable='between(t,{start},{end})'{out}")
    return out
