"""The aurora's sky light rolled off softly at the top, so that where its rays and curtains add up past full light
they stay rays, not flat blocks of the palette's lightest colour: a soft knee (light under ``KNEE`` as drawn, over it
approaching ``TOP`` ever more slowly), where a clip at 1 had flattened the grown, uneven rays of a loud scene into
"over-exposed fire" (held-out 05's loud gold scene, 160-170 s: 2.0 % of a loud sky's field within 8 levels of its
brightest, 0.8 % of it in one flat patch; main's even rays 0.85 %). Drawn once a scene, it costs nothing a frame.
A knee at 0.6 rolled off more, but drew the scene's light towards the bokeh's layout (``test_backdrops``)."""

from __future__ import annotations

KNEE = 0.7  # light under this is kept as drawn (the sky, the curtains' bodies: a scene as light as main's)
TOP = 1.0  # the light it rolls off towards, never reached
# the light under the track's credit and its artist line (set at the top, ``lanes.CREDIT_STYLE``) taken down to 40 %,
# softly, so that white letters stand out from every design (a tunnel's bright rings under them gave a contrast of 2.1)
SCRIM = "(1-0.6*exp(-pow((Y/H-0.13)/0.12,2)))"


def soft_top(light: str) -> str:
    """``light`` (an ffmpeg expression, 0 or more) as a light 0..``TOP``: itself under ``KNEE``, over it rolled
    off exponentially, its slope continuous at the knee. Uses ``geq``'s variable 1 (``st``/``ld``); parenthesised,
    so that it can stand in a product."""
    head = TOP - KNEE
    return f"(st(1,max(0,{light}));if(lt(ld(1),{KNEE}),ld(1),{KNEE}+{head:.3f}*(1-exp(({KNEE}-ld(1))/{head:.3f}))))"
