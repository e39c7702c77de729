"""How many shots the pictures and clips can fill before the video keeps showing the same thing.

Cut on the beat at the rate the music's loudness asks, a song with few pictures showed each of them again and again
(five photos under an ambient track: 51 cuts, every photo 10-11 times; ten sources under a rock song: each 4-9
times). Here the material sets a ceiling: a picture may come back ``REPEATS_PER_MINUTE`` times a minute (at least
``MIN_REPEATS`` times in all), a clip offers a new shot for every ``CLIP_SHOT_MS`` of its length. Where the music
asks for more shots than that, every shot is made proportionally longer (still whole beats, bars and phrases, and
never past ``cutting.MAX_SHOT_MS``): the pictures' slow moves, the visualizer and the accents carry the beat instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ...protocol import MediaKind

REPEATS_PER_MINUTE = 1.5
MIN_REPEATS = 2
CLIP_SHOT_MS = 1500


def material_units(visuals: Sequence[tuple[Any, Any]]) -> float:
    """How many different shots the visuals offer: one a picture, one for every ``CLIP_SHOT_MS`` of a clip."""
    units = 0.0
    for info, _ in visuals:
        if info.kind == MediaKind.VIDEO:
            units += max(1.0, (info.duration_ms or 0) / CLIP_SHOT_MS)
        elif info.kind == MediaKind.IMAGE:
            units += 1.0
    return units


def most_shots(visuals: Sequence[tuple[Any, Any]], duration_ms: int) -> int:
    """The most shots a video of ``duration_ms`` cuts from these visuals."""
    repeats = max(float(MIN_REPEATS), REPEATS_PER_MINUTE * duration_ms / 60_000)
    return max(1, math.floor(material_units(visuals) * repeats))


def slower_for_material(shots: int, visuals: Sequence[tuple[Any, Any]], duration_ms: int) -> float:
    """How many times longer each shot must be for ``shots`` to fit what the visuals allow (1: they fit)."""
    return max(1.0, shots / most_shots(visuals, duration_ms))


def times_shown(shots: Sequence[Any]) -> dict[str, int]:
    """How often each source appears in a visuals lane (segments with ``src``)."""
    counts: dict[str, int] = {}
    for shot in shots:
        if shot.src:
            counts[shot.src] = counts.get(shot.src, 0) + 1
    return counts
