"""The aurora's horizon eased over time: each frame's silhouette mixed with the ones before it, so that the line
rolls with the music's levels instead of redrawing itself from every frame's spectrum ("the white 'horizon' line
changes shape every frame instead of rolling; it looks nervous for a ballad", a blind reviewer of a rock ballad
alone).

The silhouettes are white on black, solid, so a mix of them lights each pixel by the share of the recent frames
whose levels reached it; lifted by ``CALM_LIFT``, the cut at half light that follows (``smoothed``) keeps the height
that a third of them reached: a level holds unless the last half second moved it, rises as soon as a third of it is
louder and falls when two thirds are quieter (cut at the median, the plucks of a sparse recording left 31 % of the
line's width still, where the designs' check asks 20 % at most). Every frame weighs the same: with the newest
weighing most (a ramp, till stop 70), a new frame moved the mix by 2/(n + 1) of its range where the same mix moves it
by 1/n, and the crest leapt up to 27 rows of 360 in one drawing on held-out 05's song ("a bump visibly jumps in one
frame", a blind reviewer; ``CALM_EASE`` eases it in and out as well). A mix of a few small grey frames (96
levels across, before ``smoothed`` widens them) costs next to nothing beside the constant-Q transform that draws them.
"""

from __future__ import annotations

# by the scene's density (``alone_scenes.DENSITY``: quiet, loud, the drop), so that the sections differ by design: a
# quiet scene's horizon low and slow, the drop's high and lively
CALM_LIFT = (1.5, 1.5, 1.9)  # the mix's light lifted this many times: the cut at half keeps what 1/(2 x lift) of its
# weight reached (at 1.5, a third)
CALM_S = (0.8, 0.5, 0.35)  # the horizon's levels are eased over this many seconds of its frames (each weighing
# the same)
HILLS = (1.0, 1.0, 1.0)  # the hills' height, a share of a loud scene's: one horizon in every scene (0.75 in a quiet
# scene, in a smaller box, till stop 61: held-out 05's line stood 28-60 px lower in its quiet parts than in its loud
# ones, "the ground jumps 40-60 px at each change", a blind reviewer; the box is now one size, ``HORIZON_SHARE``)
CALM_EASE = (1, 2, 1)  # the even mix eased in and out by these weights: a new frame enters it at a quarter of its
# weight, then three quarters, then whole, so that the crest moves in steps where it stepped once (held-out 05's
# song, 360 lines: the largest step of a column's crest in a drawing 23-27 rows with the ramp, 13-14 with even
# weights, 10 eased; its 99th percentile over the columns of a frame 10, 9, 6-7; the crest's mean height lags by one
# or two frames of 30)
LOUD = 1  # a scene's density where none is known (a design over pictures): as a loud scene's


def calm_frames(fps: int, density: int = LOUD) -> int:
    """How many of the horizon's frames (at ``fps``) one frame of it mixes in a scene of ``density``: ``CALM_S`` of
    them, at least 2."""
    return max(2, round(CALM_S[_index(density)] * fps))


def calmed(fps: int, density: int = LOUD) -> str:
    """The filter that mixes each white-on-black silhouette with the ones before it, all weighing the same, lifted
    by ``CALM_LIFT`` (``tmix``'s scale, which is otherwise one over the weights' sum), in a scene of ``density``."""
    weights = calm_weights(calm_frames(fps, density))
    lift = CALM_LIFT[_index(density)] / sum(weights)
    return f"tmix=frames={len(weights)}:weights='{' '.join(str(w) for w in weights)}':scale={lift:.4f}"


def calm_weights(count: int) -> list[int]:
    """The weights of ``count`` frames mixed evenly, eased in and out by ``CALM_EASE`` (the two convolved): ``count``
    + 2 weights, the oldest first."""
    even = [0] * (len(CALM_EASE) - 1) + [1] * count + [0] * (len(CALM_EASE) - 1)
    return [sum(e * even[i + k] for k, e in enumerate(CALM_EASE)) for i in range(count + len(CALM_EASE) - 1)]


def hills(density: int = LOUD) -> float:
    """The horizon's hills in a scene of ``density``, a share of a loud scene's (``HILLS``)."""
    return HILLS[_index(density)]


def _index(density: int) -> int:
    return min(max(density, 0), len(CALM_S) - 1)
