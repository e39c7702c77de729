"""The automatic visualizer's colour: a hue of the pictures shown, in the shade that reads over the most of them.

What lies under the strip is measured in each sampled shot (``Ground``: its median relative luminance and median
CIE Lab colour). Each of the pictures' common hues (``visualizer_auto.palette_hues``, the most common first, and the
accents down to a fifth of its votes) is tried in a few saturations and brightnesses and lightened towards white,
no paler than ``MIN_SATURATION`` (near-white bars on every video would be one look again) and no more vivid than
``MAX_CHROMA`` nor saturated more than ``MAX_SATURATION`` (neon over photographs);
the shade chosen is, in this order: the one that reaches ``MIN_RATIO`` (WCAG's contrast for graphics) over the
largest share of the shots' frames; that reaches ``ratio`` over the median of all of them; that stands apart in
colour (``DISTINCT`` in Lab) from what lies beneath over the largest share; the least changed from the vivid hue
(Lab distance);
the most common hue. Each share is counted in tenths, so that a shade a little better on one figure does not beat
one clearly better on the next. A colour that differs from the ground in hue as well as in lightness reads at a
lower ratio than a tint of the ground itself (peach bars over pale autumn leaves: 1.5 to 1).
"""

from __future__ import annotations

import colorsys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .saliency import lab

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

MIN_RATIO = 3.0
MIN_SATURATION = 0.35  # a shade paler than this reads as white, not as the pictures' colour: not chosen
MAX_SATURATION = 0.75  # nor saturated more than this (a cyan as saturated as #19ecff is 45 in chroma)
MAX_CHROMA = 45.0  # a shade more vivid than this (Lab chroma) glares over photographs: not chosen (acid yellow-green
# #c6ff19 over a butterfly, 98; a muted sky blue #6fa8dc, 32; a sand #f5c98a, 38)
DISTINCT = 25.0  # Lab distance from the ground's median colour at which a shade stands apart from it
_SATURATIONS = (0.9, 0.7, 0.5)
_VALUES = (1.0, 0.8, 0.6, 0.45)
_WHITER = (0.0, 0.2, 0.35, 0.5, 0.65, 0.8)  # each shade mixed this far towards white
_STEP = 5.0  # Lab units: shades nearer each other than this to the vivid hue count as equally changed
Color = tuple[float, float, float]


@dataclass(frozen=True)
class Ground:
    """What lies under the strip in one sampled shot: median relative luminance, median Lab colour, its frames."""

    luminance: float
    lab: tuple[float, float, float]
    weight: float


def ground_of(pixels: npt.NDArray[np.float64], luminances: npt.NDArray[np.float64], weight: float) -> Ground:
    """The ground of one shot from its pixels under the strip ((n, 3) sRGB 0..1) and their luminances."""
    import numpy as np

    colours = lab(pixels.reshape(1, -1, 3)).reshape(-1, 3)
    median = np.median(colours, axis=0)
    return Ground(float(np.median(luminances)), (float(median[0]), float(median[1]), float(median[2])), weight)


def best_color(hues: Sequence[float], grounds: Sequence[Ground], ratio: float) -> Color:
    """The shade of one of ``hues`` (0..1, the most common first) that reads best over ``grounds`` (the module's
    docstring); ``ratio``: the contrast wanted over the grounds' median."""
    candidates = [(rank, shade, move) for rank, hue in enumerate(hues) for shade, move in _shades(hue)]
    coloured = [c for c in candidates if colorsys.rgb_to_hsv(*c[1])[1] >= MIN_SATURATION] or candidates
    tasteful = [c for c in coloured if _chroma(c[1]) <= MAX_CHROMA and colorsys.rgb_to_hsv(*c[1])[1] <= MAX_SATURATION]
    coloured = tasteful or coloured
    return max(coloured, key=lambda c: _merit(c[1], c[2], c[0], grounds, ratio))[1]


def _shades(hue: float) -> list[tuple[Color, float]]:
    """The shades of ``hue`` tried, each with how far it is from the vivid hue (Lab distance, in steps of
    ``_STEP``: 0 for the hue as vivid and bright as it goes)."""
    vivid = _lab_of(colorsys.hsv_to_rgb(hue, _SATURATIONS[0], _VALUES[0]))
    out = []
    for s in _SATURATIONS:
        for v in _VALUES:
            r, g, b = colorsys.hsv_to_rgb(hue, s, v)
            for t in _WHITER:
                shade = (r + (1 - r) * t, g + (1 - g) * t, b + (1 - b) * t)
                out.append((shade, float(round(_distance(_lab_of(shade), vivid) / _STEP))))
    return out


def _merit(shade: Color, move: float, rank: int, grounds: Sequence[Ground], ratio: float) -> tuple[float, ...]:
    """How well ``shade`` reads over ``grounds``, as a key to compare (higher is better; the module's docstring)."""
    from .contrast import contrast, luminance

    lum = luminance(shade)
    total = sum(g.weight for g in grounds) or 1.0
    reads = sum(g.weight for g in grounds if contrast(lum, g.luminance) >= MIN_RATIO) / total
    middle = _median([g.luminance for g in grounds], [g.weight for g in grounds])
    shade_lab = _lab_of(shade)
    apart = sum(g.weight for g in grounds if _distance(shade_lab, g.lab) >= DISTINCT) / total
    return (round(reads * 4) / 4, float(contrast(lum, middle) >= ratio), round(apart, 1), -move, -rank)


def _chroma(color: Color) -> float:
    """The colour's chroma (CIE Lab): how vivid it looks."""
    _, a, b = _lab_of(color)
    return float((a * a + b * b) ** 0.5)


def _median(values: Sequence[float], weights: Sequence[float]) -> float:
    order = sorted(range(len(values)), key=lambda i: values[i])
    half, seen = sum(weights) / 2, 0.0
    for i in order:
        seen += weights[i]
        if seen >= half:
            return values[i]
    return values[order[-1]] if order else 0.0


def _lab_of(color: Color) -> tuple[float, float, float]:
    import numpy as np

    value = lab(np.array([[list(color)]], dtype=np.float64))[0, 0]
    return float(value[0]), float(value[1]), float(value[2])


def _distance(a: Sequence[float], b: Sequence[float]) -> float:
    return float(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5)


def section_shades(
    base: str, grounds: Sequence[tuple[int, float]], starts: Sequence[int], end: int, ratio: float
) -> tuple[tuple[int, str], ...]:
    """The colour over time, one shade a section: ``base`` ("#rrggbb"), or the same colour lightened or darkened
    (by tenths of the way to white or black), whichever reaches ``ratio`` over the largest share of the section's
    frames, then ``MIN_RATIO`` over the largest share, then is the least changed. ``grounds``: each shot's first
    frame and the median luminance under the strip in it, in order (measured on the pictures before their grade,
    which moves the rendered ground by a little: ``ratio`` keeps a margin over ``MIN_RATIO``); ``starts``: each
    section's first frame, in order, the last running to ``end``. A colour that changed shot by shot (dark red, then
    pale grey, then dark red on the demo's cuts, 20 times a minute) read as busy: it changes at most where a section
    begins (the glow round the bars sets them apart where a shot's ground is near their own lightness). Returns
    (first frame, colour) where the colour changes, the first at the first section's."""
    from .contrast import to_hex
    from .graph import rgb

    ends = [*[g for g, _ in grounds[1:]], end] if grounds else []  # no shot read: the base colour stays
    color = rgb(base)
    out: list[tuple[int, str]] = []
    for first, last in zip(starts, [*starts[1:], end], strict=True):
        inside = [(lum, float(e - f)) for (f, lum), e in zip(grounds, ends, strict=True) if first <= f < last]
        if not inside:
            continue
        shade = to_hex(max(_moves(color), key=lambda m: (*_reads(m[1], inside, ratio), -m[0]))[1])
        if not out or out[-1][1] != shade:
            out.append((first, shade))
    return tuple(out)


def _moves(color: Color) -> list[tuple[float, Color]]:
    """``color`` and the same moved by tenths of the way to white and to black, each with how far it moved."""
    out = [(0.0, color)]
    for step in range(1, 11):
        t = step / 10
        for end in (1.0, 0.0):
            out.append(
                (t, (color[0] + (end - color[0]) * t, color[1] + (end - color[1]) * t, color[2] + (end - color[2]) * t))
            )
    return out


def _reads(shade: Color, grounds: Sequence[tuple[float, float]], ratio: float) -> tuple[float, float]:
    """The share of ``grounds`` ((luminance, frames)) over which ``shade`` reaches ``ratio``, and ``MIN_RATIO``, each
    counted in tenths."""
    from .contrast import contrast, luminance

    lum, total = luminance(shade), sum(w for _, w in grounds) or 1.0
    wanted = sum(w for g, w in grounds if contrast(lum, g) >= ratio) / total
    least = sum(w for g, w in grounds if contrast(lum, g) >= MIN_RATIO) / total
    return round(wanted, 1), round(least, 1)
