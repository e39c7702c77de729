"""Whether a clip's showings in the loudest sections are cut into other moments of it at the music's pace (a montage)
or each shown as one moment: a shot / reverse shot of two people talking cut every two beats flips between the same
two faces (held-out 01 of stop 55: ``Megamind.avi``, the woman and the man at a dinner table, cut woman / man / woman /
man every 0.77 s at 59-62, 71-74 and 87-89 s; a blind reviewer: "the same two faces about 20 times").

A clip is a shot / reverse shot where at least ``MIN_SCENES`` of its scenes (the stretches between its hard cuts,
``VideoAnalysis.cut_points_ms``) last ``MIN_SCENE_MS`` or more, they show at most ``FEW_FRAMINGS`` framings
(``VideoAnalysis.scene_looks``), and a framing comes back after another. Its showings then play one stretch of its
own footage, its own cuts between the faces where they fall; a clip of many different scenes is still a montage.
"""

from __future__ import annotations

import itertools
from typing import Any

MIN_SCENE_MS = 1_000  # a shorter scene (a flash, a cut found in the first frames) is not counted
MIN_SCENES = 3
FEW_FRAMINGS = 3


def cut_as_montage(video: Any) -> bool:
    """Whether a showing of the clip analysed as ``video`` may be cut into other moments of it: an analysed clip that
    is not a shot / reverse shot (``reverse_shots``)."""
    return video is not None and not reverse_shots(video)


def reverse_shots(video: Any) -> bool:
    """Whether the clip's scenes alternate between a few recurring framings (see the module's notes)."""
    labels = tuple(getattr(video, "scene_looks", ()))
    cuts = tuple(getattr(video, "cut_points_ms", ()))
    if len(labels) != len(cuts) + 1:  # an analysis made before scenes were grouped
        return False
    bounds = [0, *cuts, int(getattr(video, "duration_ms", 0))]
    kept = [label for label, (a, b) in zip(labels, itertools.pairwise(bounds), strict=True) if b - a >= MIN_SCENE_MS]
    runs = [label for label, _ in itertools.groupby(kept)]
    return len(kept) >= MIN_SCENES and len(set(runs)) <= FEW_FRAMINGS and len(set(runs)) < len(runs)
