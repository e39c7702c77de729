"""Whether a dissolve between two pictures goes muddy, judged from what its middle frame looks like: the two
pictures laid half over half (as ``xfade`` mixes their coded values), and how much of their colour that mix loses.

A picture is known here by its mean colour's a* and b* (CIE L*a*b*, ``analysis.picture.colour``). The middle frame
of a dissolve is predicted as the mean of the two mean colours in sRGB, each at the lightness ``MIX_LIGHTNESS``
(the pictures' own lightness is not kept), back in L*a*b*; the dissolve is muddy where the mix's chroma falls
``MUDDY_LOSS`` or more below the mean of the two pictures' (a mix with plain grey falls by none: grey adds no colour
that cancels) and one of the two has a colour of its own (``COLOURED``: two greyish pictures mix to grey, as
expected). Measured on held-out 03's photos (mid frames of 320x180 copies mixed pixel by pixel, their mean colour's
chroma against the two pictures' mean): FreshFlower (orange) with Aqua (grey-blue) loses 17.8 (predicted 17.2),
with GreenMeadow 20.7 (19.9), with RainDrops (a green leaf) 19.3 (19.3), a brown-grey or olive double exposure;
GreenMeadow with Aqua 8.4 (8.4), RainDrops with Aqua 8.7 (9.1), FreshFlower with Wood (beige) 7.9 (6.1), Aqua with
Wood 10.1 (10.5, neither coloured), two greens about 0. A hue distance alone never counted the orange-to-blue-grey
dissolve (a blind reviewer: "a muddy purple middle frame at 0:17.5"): Aqua's chroma (15) is under ``COLOURED``.

A muddy dissolve that stays one (the music gives a dip no reason: ``colour_joins.dark_cuts``) has its colour lifted
round its middle (``lift``: the two pictures' mean chroma over the predicted mix's, at most ``MAX_LIFT``), so that its
middle frame keeps about the colour of its ends: a synthetic green (a*, b* of GreenMeadow) and orange (FreshFlower)
at L* 60 cross-fade through C*ab 47.7 (0.71 of their 67.1, olive: RGB 166,132,50); lifted 1.4 (predicted 1.42),
61.5 (0.92, amber: 177,133,14), its quarter frames 63.6 and 69.8, no more than its ends' 64.3 and 69.9.
"""

from __future__ import annotations

import math

from ..analysis.lab import lab

COLOURED = 25.0  # C*ab of a picture's mean colour from which it has a colour of its own (not greyish, not beige)
MIX_LIGHTNESS = 60.0  # L* at which two mean colours are mixed (between held-out 03's photos' means, 45 to 70)
MUDDY_LOSS = 13.0  # C*ab a dissolve's middle frame loses against its pictures' mean from which it is muddy
MAX_LIFT = 1.5  # the most a muddy dissolve's colour is lifted at its middle (orange and grey-blue would ask 1.68)

Colour = tuple[float, float]  # a picture's mean colour: CIE a*, b*

# CIE XYZ (D65) to linear sRGB
_RGB = ((3.2406, -1.5372, -0.4986), (-0.9689, 1.8758, 0.0415), (0.0557, -0.2040, 1.0570))
_WHITE = (0.95047, 1.0, 1.08883)


def muddy(first: Colour | None, second: Colour | None) -> bool:
    """Whether a dissolve between pictures of these mean colours (``Colour``; None where unknown) goes muddy: one of
    them coloured, and their mix ``MUDDY_LOSS`` or more less colourful than the two on average."""
    if first is None or second is None or max(math.hypot(*first), math.hypot(*second)) < COLOURED:
        return False
    return chroma_lost(first, second) >= MUDDY_LOSS


def chroma_lost(first: Colour, second: Colour) -> float:
    """How much less colourful (C*ab) the middle frame of a dissolve between two pictures of these mean colours is
    than the two pictures on average."""
    import numpy as np

    mixed = [(x + y) / 2 for x, y in zip(_srgb(first), _srgb(second), strict=True)]
    _, a, b = lab(np.array([[mixed]], dtype=np.float64))[0, 0]
    return (math.hypot(*first) + math.hypot(*second)) / 2 - math.hypot(float(a), float(b))


def lift(first: Colour | None, second: Colour | None) -> float:
    """How much a dissolve between pictures of these mean colours lifts its colour (saturation) at its middle frame to
    keep the two pictures' mean chroma: their mean over the predicted mix's, from 1 (a mix that loses nothing, or
    a colour unknown) to ``MAX_LIFT``."""
    if first is None or second is None:
        return 1.0
    mean = (math.hypot(*first) + math.hypot(*second)) / 2
    mixed = mean - chroma_lost(first, second)
    return round(min(max(mean / max(mixed, 1.0), 1.0), MAX_LIFT), 2)


def _srgb(colour: Colour) -> list[float]:
    """The sRGB (0..1, clipped to the gamut) of a colour of a*, b* ``colour`` at ``MIX_LIGHTNESS``."""
    fy = (MIX_LIGHTNESS + 16) / 116
    fs = (fy + colour[0] / 500, fy, fy - colour[1] / 200)
    xyz = [w * (f**3 if f**3 > 0.008856 else (f - 16 / 116) / 7.787) for w, f in zip(_WHITE, fs, strict=True)]
    linear = [min(max(sum(m * v for m, v in zip(row, xyz, strict=True)), 0.0), 1.0) for row in _RGB]
    return [12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055 for v in linear]
