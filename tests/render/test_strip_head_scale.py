"""The strip's head to keep clear of (``visualizer_head.head_of``) is the same whether a photo was decoded whole or at
a reduced scale (``reduced_decode``). Held-out LadyBird: decoded at 1/2, the patch of its map's peak (the ladybird)
fell in two patches touching at a corner (36.8 and 8.6 of the map's mass, 45.5 as one from the whole decode), a
grass blade's patch (39.5) became the subject, its head lay under the bottom strip, and the strip was drawn light,
faint and see-through, over the shot where the whole decode drew it at full strength (s46-decode's renders). The
map here is that one's shape: the peak's patch in two pieces meeting at a corner, a plainer blade below the strip."""

from __future__ import annotations

import numpy as np

from nemo_notebook.engine.render.visualizer_head import head_of, over

BOTTOM = (0.05, 0.75, 0.9, 0.15)  # the strip's bottom place (``visualizer_placement``)


def _map(joined: bool) -> np.ndarray:
    """A 54x96 saliency map: the subject's body (peak 1.0) and its tail (0.3) meeting at a corner, or (``joined``)
    along an edge, as a whole decode gave; a blade (0.55) from under the middle down through the strip."""
    saliency = np.random.default_rng(7).uniform(0.0, 0.05, (54, 96))  # the ground: a tenth of the map over it
    saliency[20:29, 62:73] = 1.0  # the body
    saliency[29:40, 73:82] = 0.3  # the tail, its top-left corner on the body's bottom-right one
    if joined:
        saliency[29, 72] = 0.3
    saliency[38:54, 30:44] = 0.55  # the blade: 123 of mass, more than the body alone (99), less than with its tail
    return saliency


def test_the_strips_head_to_keep_clear_of_is_the_same_at_either_decode_scale() -> None:
    whole, reduced = head_of(_map(joined=True)), head_of(_map(joined=False))
    assert whole is not None and reduced is not None
    assert reduced == whole, (reduced, whole)
    assert not over(reduced, BOTTOM), "the subject's head is above the strip: it is drawn at full strength"
