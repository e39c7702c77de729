"""The aurora's horizon eased over time: each frame's silhouette mixed with the ones before it, so that the line
rolls with the music's levels instead of redrawing itself from every frame's spectrum ("the white 'horizon' line
changes shape every frame instead of rolling; it looks nervous for a ballad", a blind reviewer of a rock ballad
alone).

The silhouettes are white on black, solid, so a mix of them lights each pixel by the weighted share of the recent
frames whose levels reached it; lifted by ``CALM_LIFT``, the cut at half light that follows (``smoothed``) keeps the
height that a third of that weight reached: a level holds unless the last half second moved it, rises as soon as a
third of it is louder and falls when two thirds are quieter (cut at the weighted median, the plucks of a sparse
recording left 31 % of the line's width still, where the designs' check asks 20 % at most). The newest frames weigh
most (a ramp), so a loud hit lifts the line within a few frames. A mix of a few small grey frames (96 levels across,
before ``smoothed`` widens them) costs next to nothing beside the constant-Q transform that draws them.
"""

from __future__ import annotations

# by the scene's density (``alone_scenes.DENSITY``: quiet, loud, the drop), so that the sections differ by design: a
# quiet scene's horizon low and slow, the drop's high and lively
CALM_LIFT = (1.5, 1.5, 1.9)  # the mix's light lifted this many times: the cut at half keeps what 1/(2 x lift) of its
# weight reached (at 1.5, a third)
CALM_S = (0.8, 0.5, 0.35)  # the horizon's levels are eased over this many seconds of its frames (the newest weighing
# most)
HILLS = (1.0, 1.0, 1.0)  # the hills' height, a share of a loud scene's: one horizon in every scene (0.75 in a quiet
# scene, in a smaller box, till stop 61: held-out 05's line stood 28-60 px lower in its quiet parts than in its loud
# ones, "the ground jumps 40-60 px at each change", a blind reviewer; the box is now one size, ``HORIZON_SHARE``)
LOUD = 1  # a scene's density where none is known (a design over pictures): as a loud scene's


def calm_frames(fps: int, density: int = LOUD) -> int:
    """How many of the horizon's frames (at ``fps``) one frame of it mixes in a scene of ``density``: ``CALM_S`` of
    them, at least 2."""
    return max(2, round(CALM_S[_index(density)] * fps))


def calmed(fps: int, density: int = LOUD) -> str:
    """The filter that mixes each white-on-black silhouette with the ones before it, the newest weighing most
    (weights 1, 2 ... n from the oldest: ``tmix`` weighs its frames from the oldest to the newest), lifted by
    ``CALM_LIFT`` (``tmix``'s scale, which is otherwise one over the weights' sum), in a scene of ``density``."""
    count = calm_frames(fps, density)
    weights = " ".join(str(i) for i in range(1, count + 1))
    lift = CALM_LIFT[_index(density)] / (count * (count + 1) / 2)
    return f"tmix=frames={count}:weights='{weights}':scale={lift:.4f}"


def hills(density: int = LOUD) -> float:
    """The horizon's hills in a scene of ``density``, a share of a loud scene's (``HILLS``)."""
    return HILLS[_index(density)]


def _index(density: int) -> int:
    return min(max(density, 0), len(CALM_S) - 1)
