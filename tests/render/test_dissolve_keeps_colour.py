"""A dissolve between clashing colours keeps its colour through its middle (held-out 03's blind review, s56: "two
green<->orange dissolves pass through an olive/brown middle frame: leaf->flower at 10.8-11.5 s and flower->grass at
62.2-62.8 s"). Where calm music gives a dip no reason (no section's turn, no hush: ``colour_joins.dark_cuts``) the
join of an orange and a green photo stays a dissolve, and a cross-fade of coded values mixes them into olive: its
middle frame's chroma (CIE C*ab) 0.70 of its ends' mean on main. Its saturation is lifted round its middle
(``m.dissolve_lift``, ``render.accents``): 0.90 of it, amber (at 192x108).

The floor, ``KEPT``: a mix that loses 13 C*ab or more of its pictures' mean reads muddy (``colour_mix.MUDDY_LOSS``,
measured on held-out 03's photos); of these pictures' mean of about 67 that is 0.81 kept; 0.85 leaves the lifted
dissolve (0.90) room and main's (0.70) none."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.analysis.lab import lab

from .test_clashing_dissolve import rendered_joins

KEPT = 0.85  # the least share of its ends' mean chroma a dissolve's frames keep
PHOTOS = {  # a* and b* of held-out 03's FreshFlower (orange) and GreenMeadow (green) at L* 60, as sRGB
    "flower": "0xED6739",
    "meadow": "0x63A02D",
}


def _chroma(frame: np.ndarray) -> float:
    """The frame's mean CIE C*ab, pixel by pixel."""
    colours = lab(frame.astype(np.float64))
    return float(np.hypot(colours[..., 1], colours[..., 2]).mean())


def test_an_orange_photo_dissolves_into_a_green_one_through_amber_not_olive(tmp_path: Path) -> None:
    # calm, level all through, one section: every join dissolves (``colour_joins.dark_cuts``)
    joins, frames, fps = rendered_joins(tmp_path, PHOTOS, "null", (0.3,) * 121, (0,))
    assert {sg.meta.get("transition_in") for sg in joins} == {"dissolve"}, [sg.meta for sg in joins]
    for sg in joins:
        at = round(sg.start_ms / 1000 * fps)
        half = round(fps * 0.6)  # the dissolve (at most 0.5 s here) and a few frames either side of it
        ends = (_chroma(frames[at - half]) + _chroma(frames[at + half])) / 2
        least = min(_chroma(frames[n]) for n in range(at - half, at + half))
        assert least >= KEPT * ends, (sg.start_ms, sg.meta, round(least, 1), round(ends, 1))
