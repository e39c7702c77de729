"""Named looks and contrast for the pictures and clips (``m.look``, ``m.contrast``), as ffmpeg filters.

* ``bw``: black and white, with a gentle S-curve so that it is not flat grey (``hue=s=0``, ``curves``).
* ``film``: a filmic grade: shadows toward teal and highlights toward warm, blacks lifted a touch, soft highlights,
  a little less saturation and a light vignette (``colorbalance``, ``curves``, ``eq``, ``vignette``). No grain: a
  grain x264 keeps at crf 20 (``noise=c0s=10``, moving) made a 1080p test pattern 9 times the size (1.8 MB → 16.5
  MB for 2 s), and one fine enough to cost little is smoothed away by the encoder, so it would only cost.
* ``vintage``: faded, warm and a little washed out, darker at the corners (``curves=preset=vintage``, ``eq``,
  ``vignette``).
* ``sepia``: the picture's grey tones printed in brown, as an old photograph: each pixel's luma times
  ``SEPIA_TONE`` for red, green and blue (``colorchannelmixer``), so grey areas read R > G > B.

Contrast comes in steps, -3 … +3, as an S-curve through black and white (``curves``): each step moves the quarter
and three-quarter tones ``CONTRAST_STEP`` apart (or together), so the mid-tones spread visibly while white and
black stay put (``eq=contrast`` scaled about mid-grey and clipped the sky at +3). Brightness steps, -3 … +3, bend
the same curve through mid-grey: each lifts (or lowers) it ``BRIGHTNESS_STEP`` and the quarter tones three quarters of
that, black and white again kept. Saturation steps scale the colour ``SATURATION_STEP`` each (``eq=saturation``).
Measured on the Big Buck Bunny poster in ``tests/render/test_looks.py``.
"""

from __future__ import annotations

from ...protocol.vocabulary import LOOKS, MAX_CONTRAST

CONTRAST_STEP = 0.045
BRIGHTNESS_STEP = 0.07
SATURATION_STEP = 0.25
SEPIA_TONE = (1.07, 0.9, 0.66)
_LUMA = (0.299, 0.587, 0.114)

_LOOK_FILTERS: dict[str, str] = {
    "bw": "hue=s=0,curves=m='0/0 0.25/0.2 0.75/0.8 1/1'",
    "film": (
        "colorbalance=rs=-0.06:gs=0.01:bs=0.07:rh=0.06:bh=-0.06,"
        "curves=m='0/0.05 0.25/0.23 0.75/0.8 1/0.95',eq=saturation=0.9,vignette=angle=PI/7"
    ),
    "vintage": "curves=preset=vintage,eq=saturation=0.75,vignette=angle=PI/5",
    "sepia": "colorchannelmixer=" + ":".join(f"{k * w:.4f}" for k in SEPIA_TONE for w in (*_LUMA, 0)),
}


def look_filter(look: object, contrast: object, brightness: object = 0, saturation: object = 0) -> str:
    """The filters for a draft's look, contrast, brightness and saturation ("" for none); unknown values are left
    out."""
    parts = [_tone_curve(_step(contrast), _step(brightness))] if _step(contrast) or _step(brightness) else []
    if _step(saturation):
        parts.append(f"eq=saturation={1 + SATURATION_STEP * _step(saturation):.2f}")
    if isinstance(look, str) and look in _LOOK_FILTERS:
        parts.append(_LOOK_FILTERS[look])
    return ",".join(parts)


def _step(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        return 0
    return max(-MAX_CONTRAST, min(MAX_CONTRAST, value))


def _tone_curve(contrast: int, brightness: int) -> str:
    """One S-curve for the contrast steps, bent through mid-grey for the brightness ones (black and white kept)."""
    d, b = CONTRAST_STEP * contrast, BRIGHTNESS_STEP * brightness
    if not b:
        return f"curves=m='0/0 0.25/{0.25 - d:.3f} 0.75/{0.75 + d:.3f} 1/1'"
    low, high = min(1.0, max(0.0, 0.25 - d + 0.75 * b)), min(1.0, max(0.0, 0.75 + d + 0.75 * b))
    return f"curves=m='0/0 0.25/{low:.3f} 0.5/{0.5 + b:.3f} 0.75/{high:.3f} 1/1'"


assert set(_LOOK_FILTERS) == set(LOOKS)
