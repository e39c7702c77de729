"""A full section of a pulse scene is as light as the song's other full sections, and lighter than its breakdown
(``tunnel.SKY_GLOW``). The second floor's dark sky (s68, ``tunnel.FLOORS``) left held-out 06's full section
1:44-2:19 at a mean luma of 28 against 33-55 in its other full sections, its top half nearly black: "dark picture
during a full-energy section ... it reads like a lull", and the breakdown after it had "less contrast to work with"
(a blind reviewer). Six loud scenes in one palette, a tunnel and a floor in turn, then a breakdown at its lowest
level: each scene's mean grey (tunnels 30.6, 33.0, 30.6, lit by ``tunnel.LOUD_TUNNEL_LIGHT`` 38.4, 41.6, 38.4; floors
42.8, 27.9 -> 55.9, 44.6; the breakdown 25.4)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft

from .drafts import draft, shot
from .synth import gray_frames
from .test_tunnel_characters import COLORS

SIZE = (320, 180)
LOUD = 6  # scenes: a tunnel, a floor, in turn


def test_every_floor_is_as_light_as_the_tunnels_and_the_breakdown_darker(tmp_path: Path) -> None:
    scenes = [
        shot(None, k * 1000, 1000, design="pulse", effect="pulse", variant="loud", colors=COLORS) for k in range(LOUD)
    ]
    low = {"level": [0.0] * 5, "level_from_ms": LOUD * 1000, "level_hop_ms": 500}  # the breakdown, quietest
    scenes.append(shot(None, LOUD * 1000, 2000, design="pulse", variant="quiet", colors=COLORS, **low))
    length = LOUD + 2
    made = draft(scenes, length * 1000, music=None, backdrop="pulse", bpm=120.0, beats_ms=list(range(0, 8000, 500)))
    frames = gray_frames(render_draft(made, {}, tmp_path / "lit.mp4", quality="low", size=SIZE).path)
    fps = len(frames) / length
    light = [float(np.mean(frames[round(k * fps) + 2 : round((k + 1) * fps) - 2])) for k in range(length)]
    tunnels, floors, breakdown = light[0:LOUD:2], light[1:LOUD:2], min(light[LOUD:])
    # no full section darker than another, to the tunnels' light by where their flight is in its rings (cruising
    # since s70, ``tunnel.CRUISE_RINGS``: the third tunnel 38.4 -> 41.8 against the first floor's 41.7)
    assert min(floors) >= 0.97 * max(tunnels), light
    assert breakdown < 0.9 * min(tunnels), light  # and the breakdown the darkest


def test_the_peak_after_the_breakdown_is_as_light_as_the_floors(tmp_path: Path) -> None:
    """A tunnel and the drop's warp after the breakdown (meta "peak", ``tunnel.PEAK_LIGHT``) lit as the song's floors,
    above its tunnels before the breakdown: held-out 06's re-drop (2:32.7) and last section (3:34) were dimmer than
    the full section before the breakdown, "the drop doesn't come across as the peak" (a blind reviewer of ab69c).
    Mean grey: tunnels 36.9, 40.2, floors 41.7, 58.2; the peak's tunnel 61.0, its warp 49.5 (27.5 unlit)."""
    specs = [("loud", k, False) for k in range(4)] + [("loud", 4, True), ("drop", 0, True)]
    scenes = [
        shot(None, k * 1000, 1000, design="pulse", effect="pulse", variant=v, framing=f, colors=COLORS, peak=p)
        for k, (v, f, p) in enumerate(specs)
    ]
    length = len(specs)
    made = draft(scenes, length * 1000, music=None, backdrop="pulse", bpm=120.0, beats_ms=list(range(0, 6000, 500)))
    frames = gray_frames(render_draft(made, {}, tmp_path / "peak.mp4", quality="low", size=SIZE).path)
    fps = len(frames) / length
    light = [float(np.mean(frames[round(k * fps) + 2 : round((k + 1) * fps) - 2])) for k in range(length)]
    tunnels, floors, peak = light[0:4:2], light[1:4:2], light[4:]
    assert min(peak) > 1.2 * max(tunnels), light
    assert min(peak) > 0.8 * max(floors), light


def test_a_floor_after_the_breakdown_is_lit_as_the_peak_its_black_kept(tmp_path: Path) -> None:
    """The song's third floor (``tunnel.FLOORS``) after the breakdown (meta "peak") lit by
    ``tunnel.PEAK_LIGHT`` as the re-drop before it and the last section after it, its black not raised into haze:
    unlit till s70, held-out 06's grid at 3:02-3:35 (mean luma 40) sat between the re-drop (81) and the finale (84),
    "the energy sags" (a blind reviewer of ab70d), who also saw a raised black "flatten contrast"."""
    peaks = (False, True)
    scenes = [
        shot(None, k * 1000, 1000, design="pulse", effect="pulse", variant="loud", framing=5, colors=COLORS, peak=p)
        for k, p in enumerate(peaks)
    ]
    made = draft(scenes, 2000, music=None, backdrop="pulse", bpm=120.0, beats_ms=list(range(0, 2000, 500)))
    frames = gray_frames(render_draft(made, {}, tmp_path / "floor.mp4", quality="low", size=SIZE).path)
    fps = len(frames) / len(peaks)
    unlit, lit = (frames[round(k * fps) + 2 : round((k + 1) * fps) - 2] for k in range(len(peaks)))
    assert float(np.mean(lit)) > 1.25 * float(np.mean(unlit)), (np.mean(unlit), np.mean(lit))
    assert float(np.percentile(lit, 5)) < float(np.percentile(unlit, 5)) + 4, (
        np.percentile(unlit, 5),
        np.percentile(lit, 5),
    )
