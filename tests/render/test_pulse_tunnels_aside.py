"""The pulse design's loud tunnels stand off to one side in turn (``alone_scenes.composition``): its loud scenes are a
tunnel and a floor in turn, and the tunnels, framed by the scene's number among the loud ones, all fell on the
framings in the middle of ``LOUD_TURNS`` (held-out 06, stop 62: "everything is dead-centre and symmetric" for 3:34).
A floor stays in the middle of the frame (``test_floor_on_ring_axis``)."""

from __future__ import annotations

from nemo_notebook.engine.render.alone_scenes import character_of, composition
from nemo_notebook.engine.render.graph import Canvas

WIDE = Canvas(1280, 720, 30, 300, 10_000)


def test_every_other_loud_tunnel_stands_aside_and_every_floor_in_the_middle() -> None:
    loud = [({"design": "pulse", "variant": "loud", "framing": n}, n) for n in range(8)]
    tunnels = [composition(meta, WIDE).across for meta, n in loud if character_of("loud", n) == "tunnel"]
    floors = [composition(meta, WIDE).across for meta, n in loud if character_of("loud", n) == "floor"]
    # 5fd40107: the tunnels at 0.5 all four
    assert [round(a, 2) for a in tunnels] == [0.5, 0.33, 0.5, 0.67], tunnels
    assert floors == [0.5] * 4, floors
    # the other designs frame their loud scenes as before
    aurora = [composition({"design": "aurora", "variant": "loud", "framing": n}, WIDE).across for n in range(4)]
    assert [round(a, 2) for a in aurora] == [0.5, 0.33, 0.5, 0.67], aurora


def test_every_floors_ring_is_one_size() -> None:
    # s66's floors in turn 0.75, 1.0, 0.6: held-out 06's floor at 3:02, as loud as the one at 1:44, drew "a small,
    # thin blue circle ... a change in size with no visible cause in the music" (a blind reviewer of ab66f)
    floors = [composition({"design": "pulse", "variant": "loud", "framing": n}, WIDE).scale for n in (1, 3, 5)]
    assert floors == [0.75] * 3, floors
