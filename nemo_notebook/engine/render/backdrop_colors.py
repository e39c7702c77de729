"""A track alone's colours: the scene's palette (``palette``), the ramp that colours a design's grey field through it
(``ramp``, passing round the colour wheel between two colours, never through grey or khaki) and a section's turn
of it (``hued``)."""

from __future__ import annotations

import colorsys
from collections.abc import Sequence

from .graph import rgb
from .timeline import Shot

STOPS = (0.0, 0.5, 0.8, 1.0)  # where the palette's colours sit on the field's 0..1, darkest first


def hued(shot: Shot) -> str:
    """``hue`` turning the scene's palette by its ``hue_deg`` (a new section's own colours within the family)."""
    turn = shot.segment.meta.get("hue_deg", 0)
    degrees = float(turn) if isinstance(turn, (int, float)) else 0.0
    return f"hue=h={degrees:.0f}," if degrees else ""


def palette(raw: object) -> list[str]:
    """The scene's colours, darkest first, four of them (the darkest darkened further: a backdrop is a night sky)."""
    colors = [c for c in raw if isinstance(c, str)] if isinstance(raw, list) else []
    colors = sorted(colors or ["#101828", "#3a4a8c", "#7fb7be", "#f3e0c0"], key=_luminance)
    while len(colors) < len(STOPS):
        colors.append(colors[-1])
    darkest = rgb(colors[0])
    return ["#" + "".join(f"{round(c * 255 * 0.45):02x}" for c in darkest), *colors[1 : len(STOPS)]]


def ramp(colors: Sequence[str]) -> str:
    """``lutrgb`` taking the grey field through the colours at ``STOPS`` (piecewise linear), and between two of them
    through the colour halfway round the wheel (``halfway``): straight through RGB, a navy-to-gold or teal-to-copper
    step passed through grey and khaki, which read as mud on the rendered frames."""
    stops = [STOPS[0]]
    points = [rgb(colors[0])]
    for i in range(1, len(STOPS)):
        stops += [(STOPS[i - 1] + STOPS[i]) / 2, STOPS[i]]
        points += [halfway(points[-1], rgb(colors[i])), rgb(colors[i])]
    channels = list(zip(*points, strict=True))
    return "lutrgb=" + ":".join(
        f"{name}='{_piecewise(stops, values)}'" for name, values in zip("rgb", channels, strict=True)
    )


def halfway(a: tuple[float, float, float], b: tuple[float, float, float]) -> tuple[float, float, float]:
    """The colour halfway from ``a`` to ``b``: round the colour wheel (hue, lightness and saturation halfway) the
    shorter way, or the other where that passes through mustard, olive or lime (40-120 degrees); between colours
    far apart on the wheel (navy and gold, teal and copper), a pale glow as light as the lighter of them and a
    little lighter, not the grey or khaki of their mean."""
    (ha, la, sa), (hb, lb, sb) = colorsys.rgb_to_hls(*a), colorsys.rgb_to_hls(*b)
    turn = (hb - ha + 0.5) % 1.0 - 0.5
    if min(sa, sb) < 0.15:  # a grey or a cream: its hue means nothing, the other's is kept
        hue, light, sat = (ha if sb < 0.15 <= sa else hb), (la + lb) / 2, (sa + sb) / 2
    elif abs(turn) > 100 / 360:
        hue, light, sat = (ha if la > lb else hb), min(0.9, max(la, lb) + 0.1), 0.3 * (sa + sb) / 2
    else:
        hue, light, sat = (ha + turn / 2) % 1.0, (la + lb) / 2, (sa + sb) / 2
        if 40 / 360 <= hue <= 120 / 360:
            hue = (hue + 0.5) % 1.0
    r, g, b_ = colorsys.hls_to_rgb(hue, light, sat)
    return r, g, b_


def _piecewise(stops: Sequence[float], values: Sequence[float]) -> str:
    expr = f"{values[-1] * 255:.1f}"
    for i in range(len(stops) - 2, -1, -1):
        lo, hi = stops[i] * 255, stops[i + 1] * 255
        a, b = values[i] * 255, values[i + 1] * 255
        expr = f"if(lt(val,{hi:.1f}),{a:.1f}+({b - a:.1f})*(val-{lo:.1f})/{hi - lo:.1f},{expr})"
    return expr


def _luminance(color: str) -> float:
    r, g, b = rgb(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
