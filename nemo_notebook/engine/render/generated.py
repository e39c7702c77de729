"""A visuals lane's generated backgrounds (segments without ``src``): a track alone's designed backdrop, or a slowly
turning gradient in the segment's colours that may breathe with the beat."""

from __future__ import annotations

import zlib

from ...protocol.vocabulary import BACKDROPS
from .backdrops import backdrop_chain
from .fills import TO_TV
from .graph import Canvas, Graph, hex_color
from .timeline import Shot

BACKGROUND_SIZE = (480, 270)  # generated backgrounds are smooth: draw them small and scale once per frame
DEFAULT_COLORS = ("#1b1f4b", "#6a2c70", "#f08a5d", "#2b7a78")


def generated_background(graph: Graph, shot: Shot, index: int, canvas: Canvas) -> str:
    """The segment's design (``backdrops``), or (a draft without one) a slowly turning gradient in its colours;
    "pulse" also brightens it on every beat."""
    meta = shot.segment.meta
    if meta.get("design") in BACKDROPS:
        return backdrop_chain(graph, shot, canvas)
    raw = meta.get("colors")
    colors = [c for c in raw if isinstance(c, str)] if isinstance(raw, list) else []
    colors = (colors or list(DEFAULT_COLORS))[:8]
    if len(colors) == 1:
        colors.append(colors[0])
    stops = ":".join(f"c{i}={hex_color(c)}" for i, c in enumerate(colors))
    seed = zlib.crc32(f"{index}:{shot.start_frame}".encode())
    sw, sh = BACKGROUND_SIZE
    speed = 0.004 * canvas.bpm / 120
    chain = (
        f"gradients=s={sw}x{sh}:r={canvas.fps}:{stops}:nb_colors={len(colors)}:seed={seed}:speed={speed:.4f},"
        f"trim=end_frame={shot.frames},settb=expr=1/{canvas.fps},setpts=N,scale={TO_TV},format=yuv420p"
    )
    if meta.get("effect") == "pulse":
        chain += "," + _beat_pulse(shot, canvas)
    return chain + f",scale={canvas.width}:{canvas.height}:flags=bilinear"


def _beat_pulse(shot: Shot, canvas: Canvas) -> str:
    """Brightness that lifts softly on each beat of the draft's grid and decays before the next (a breath, not a
    flash: the whole screen changing on every beat reads as flicker)."""
    period_s = 60 / max(canvas.bpm, 1)
    offset_s = (shot.start_frame / canvas.fps) - canvas.first_beat_ms / 1000
    beat = f"exp(-5*mod(t+{offset_s:.4f}+{period_s * 64:.4f},{period_s:.4f}))"
    return f"eq=brightness='0.08*{beat}-0.02':saturation='1+0.15*{beat}':eval=frame"
