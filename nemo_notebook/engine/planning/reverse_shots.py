"""Whether a clip's showings in the loudest sections are cut into other moments of it at the music's pace (a montage)
or each shown as one moment: a shot / reverse shot of two people talking cut every two beats flips between the same
two faces (held-out 01 of stop 55: ``Megamind.avi``, the woman and the man at a dinner table, cut woman / man / woman /
man every 0.77 s at 59-62, 71-74 and 87-89 s; a blind reviewer: "the same two faces about 20 times").

A clip is a shot / reverse shot where at least ``MIN_SCENES`` of its scenes (the stretches between its hard cuts,
``VideoAnalysis.cut_points_ms``) last ``MIN_SCENE_MS`` or more, they show at most ``FEW_FRAMINGS`` framings
(``VideoAnalysis.scene_looks``), and a framing comes back after another. Its showings are then cut once at most, at
the music's cut nearest their middle where both parts last ``MIN_LINE_MS`` (a line of dialogue, a bar at 156 BPM):
two moments, each inside one of its own shots (``clip_windows``), spread over its footage. Held whole, a 3 s showing
fits only the clip's one 4 s shot, and held-out 01 showed that shot's first seconds four times. A clip of many
different scenes is still a montage, cut at the music's pace.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

MIN_SCENE_MS = 1_000  # a shorter scene (a flash, a cut found in the first frames) is not counted
MIN_SCENES = 3
FEW_FRAMINGS = 3
MIN_LINE_MS = 1_400  # the shortest part of a shot / reverse shot's showing


def shot_parts(
    visual: tuple[Any, Any], start_ms: int, end_ms: int, split: Callable[[Any, int, int], list[int]] | None
) -> list[int]:
    """The bounds of a shot of ``visual`` (media info, analysis: None for a picture) from ``start_ms`` to
    ``end_ms``, cut where ``split`` says for a clip cut as a montage (``cut_as_montage``); a shot / reverse shot's
    at the one of those cuts nearest the middle, where both parts last ``MIN_LINE_MS``."""
    info, video = visual
    cuts = split(info, start_ms, end_ms) if split is not None and video is not None else []
    if cuts and not cut_as_montage(video):
        middle = min(cuts, key=lambda cut: abs(2 * cut - start_ms - end_ms))
        cuts = [middle] if min(middle - start_ms, end_ms - middle) >= MIN_LINE_MS else []
    return [start_ms, *cuts, end_ms]


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
