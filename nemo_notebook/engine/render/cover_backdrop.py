"""A cover video's background and colours, read from the cover (``cover_art`` lays the cover and its type over them).

The background is the whole cover enlarged to fill the frame, blurred into soft light, graded from its own colours
(darker, and never more vivid than the cover: ``backdrop_grade``) and vignetted once (``backdrop``). The light the
sections shine behind the cover takes the cover's vivid hue (``light_tint``), and the visualizer a colour from the
cover's palette with contrast against the darkened background (``cover_color``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .cover_border import frame_crop
from .cover_layout import backdrop_small
from .graph import Graph
from .steady_blur import steady_gblur

BACKDROP_LUMA = 0.55  # what the grade leaves of a cover's brightness (a light cover's less: ``backdrop_light``)
BRIGHTEST_UNDER_TYPE = 0.34  # the backdrop's luma (0..1) at most, before the loudest sections' lift (x1.3): white
# type then keeps a contrast of 4.5 or more (a pale cover's backdrop was 2.9-3.4 from its white title)
VISUALIZER_CONTRAST = 6.0  # the visualizer's colour against the background (4: the wave, in the cover's blue, was
# lost on its vivid blue background)
BACKDROP_BLUR = 3.5  # the Gaussian blur's sigma at the backdrop's small size (42 px at 1080p): the cover's shapes as
# soft light (at 30 px a red border round a cover stood red behind it and took the light from the pulse's glow)
BACKDROP_SATURATION = 0.75  # the background's saturation (HSV, mean over its pixels) as a share of the cover's own:
# its colours, never more vivid than it (1.6 times the cover's chroma, darkened with its chroma kept, gave a mandrill
# cover a background 2.2 times as saturated as the cover, "garish", said a blind reviewer)
VIGNETTE = 0.5  # the corners' light taken down by this share
SATURATION_RANGE = (0.5, 1.0)  # what the grade may do to the blurred cover's saturation to reach that: never more
TINT_SATURATION = 0.3  # the light behind the cover: the cover's own vivid hue, this saturated (grey rays of light
# over a mandrill's dark green background read as fog)


def backdrop(graph: Graph, source: str, box: tuple[int, int], path: Path) -> str:
    """The cover's background (made once, from the chain ``source``, the picture at ``path``), small
    (``backdrop_small``): the cover filling ``box``, blurred (a Gaussian blur at that size), graded and vignetted
    (``backdrop_grade``). Each shot takes its section's look of it and scales it up smoothly to
    ``box`` (``cover_motion.section_shades``). Returns its label."""
    w, h = box
    sw, sh = backdrop_small(box)
    out = graph.label("cbg")
    graph.add(
        f"{source},{frame_crop(path)}scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h},scale={sw}:{sh}:flags=area,"
        f"{steady_gblur((sw, sh), BACKDROP_BLUR)},format=yuv420p,{backdrop_grade(path)}{out}"
    )
    return out


def backdrop_grade(path: Path) -> str:
    """``geq`` darkening the small blurred cover to ``backdrop_light`` of its brightness (above black, limited range)
    and towards its corners (``VIGNETTE``), its colour (U and V) taken down with it, scaled by
    ``backdrop_saturation``: in RGB every channel in proportion, the same hues as saturated as
    ``BACKDROP_SATURATION`` of the cover (a darkened luma under unchanged chroma reads as a deeper, more vivid
    colour; ``vignette`` took a dark blue's red to black in the corners, another such step)."""
    light = backdrop_light(path)
    chroma = light * backdrop_saturation(path)
    edge = f"(1-{VIGNETTE}*(pow(2*X/W-1,2)+pow(2*Y/H-1,2))/2)"
    return (
        f"geq=lum='16+(lum(X,Y)-16)*{light:.3f}*{edge}':cb='128+(cb(X,Y)-128)*{chroma:.3f}*{edge}'"
        f":cr='128+(cr(X,Y)-128)*{chroma:.3f}*{edge}'"
    )


def backdrop_saturation(path: Path) -> float:
    """How much the grade scales the blurred cover's saturation: to ``BACKDROP_SATURATION`` of the cover's own
    (HSV, the mean over the thumbnail's pixels; blurring mixes a cover's colours and lowers it), within
    ``SATURATION_RANGE``; 1 for a grey cover."""
    return _backdrop_saturation(path)


@lru_cache(maxsize=32)
def _backdrop_saturation(path: Path) -> float:
    from .framing import thumbnail

    small = thumbnail(path)
    if small is None:
        return 1.0
    blurred = _box_blur(_box_blur(small, axis=0), axis=1)
    own, soft = _saturation(small), _saturation(blurred)
    if own < 0.05 or soft < 1e-3:
        return 1.0
    low, high = SATURATION_RANGE
    return min(high, max(low, BACKDROP_SATURATION * own / soft))


def light_tint(path: Path) -> tuple[float, float]:
    """The colour of the light the sections shine behind the cover (``cover_motion._light``): the cover's most
    common vivid hue, half saturated, as the U and V it adds per level of luma it adds (BT.601); (0, 0), white
    light, for a grey cover."""
    return _light_tint(path)


@lru_cache(maxsize=32)
def _light_tint(path: Path) -> tuple[float, float]:
    import colorsys

    import numpy as np

    from .framing import thumbnail
    from .visualizer_auto import Sample, palette_hues

    small = thumbnail(path)
    hues = palette_hues([Sample(small, np.zeros(small.shape[:2]), 1.0)]) if small is not None else []
    if not hues:
        return 0.0, 0.0
    r, g, b = colorsys.hsv_to_rgb(hues[0], TINT_SATURATION, 1.0)
    y = 0.299 * r + 0.587 * g + 0.114 * b
    return round(0.564 * (b - y) / y, 3), round(0.713 * (r - y) / y, 3)


def _saturation(rgb: Any) -> float:
    """The mean HSV saturation of an (h, w, 3) picture."""
    import numpy as np

    top, bottom = rgb.max(axis=-1), rgb.min(axis=-1)
    return float(np.mean((top - bottom) / np.maximum(top, 1e-3)))


def backdrop_light(path: Path) -> float:
    """What the backdrop keeps of the cover's brightness: ``BACKDROP_LUMA``, less for a light cover, so that the
    brightest of its blurred copy (the 95th percentile of the luma) stays under ``BRIGHTEST_UNDER_TYPE``."""
    return _backdrop_light(path)


@lru_cache(maxsize=32)
def _backdrop_light(path: Path) -> float:
    import numpy as np

    from .framing import thumbnail

    small = thumbnail(path)
    if small is None:
        return BACKDROP_LUMA
    luma = small @ np.array([0.299, 0.587, 0.114])
    blurred = _box_blur(_box_blur(luma, axis=0), axis=1)
    return min(BACKDROP_LUMA, BRIGHTEST_UNDER_TYPE / max(float(np.percentile(blurred, 95)), 1e-3))


def _box_blur(values: Any, axis: int, radius: int = 3) -> Any:
    """A moving mean along ``axis`` (the backdrop's blur, roughly, at the thumbnail's size)."""
    import numpy as np

    kernel = np.ones(2 * radius + 1) / (2 * radius + 1)
    return np.apply_along_axis(
        lambda line: np.convolve(np.pad(line, radius, mode="edge"), kernel, "valid"), axis, values
    )


def cover_color(path: Path, ratio: float) -> str:
    """The visualizer's colour for a cover: its accent (``cover_palette.accent_hue``), else its most common vivid
    hue (white for a grey cover), moved to a contrast ratio of ``ratio`` (WCAG) with its darkened background;
    "#rrggbb"."""
    return _cover_color(path, ratio)


@lru_cache(maxsize=32)
def _cover_color(path: Path, ratio: float) -> str:
    import numpy as np

    from .contrast import luminance, to_hex, with_contrast
    from .cover_palette import accent_hue
    from .framing import thumbnail
    from .visualizer_auto import Sample, palette_hues

    small = thumbnail(path)
    if small is None:
        return "#ffffff"
    found = [Sample(small, np.zeros(small.shape[:2]), 1.0)]
    under = luminance([float(v) * backdrop_light(path) for v in small.reshape(-1, 3).mean(axis=0)])
    import colorsys

    accent = accent_hue(small.reshape(-1, 3).astype(float))
    hues = [accent] if accent is not None else palette_hues(found)
    bases = [colorsys.hsv_to_rgb(hue, 0.75, 1.0) for hue in hues] or [(1.0, 1.0, 1.0)]
    return to_hex(min((with_contrast(base, under, ratio) for base in bases), key=lambda pair: pair[0])[1])
