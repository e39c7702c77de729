"""A drawing in two colours: the track alone's orbit, its body in the scene's accent and its light in the warm
white (``visualizer_draw``), where one colour for both left the body a dull grey over the neon tunnel."""

from __future__ import annotations

from .graph import rgb


def two_tone(body: object, light: object, body_level: float) -> str:
    """``lutrgb`` taking a white-on-black drawing (r = g = b = its level) to ``body`` up to ``body_level`` (0..1 of
    its light) and from there to ``light`` at full level."""
    cut = 255 * body_level
    channels = []
    for name, low, high in zip("rgb", rgb(body), rgb(light), strict=True):
        a, b = 255 * low, 255 * high
        channels.append(f"{name}='if(lt(val,{cut:.1f}),{a:.1f},{a:.1f}+({b - a:.1f})*(val-{cut:.1f})/{255 - cut:.1f})'")
    return "lutrgb=" + ":".join(channels)
