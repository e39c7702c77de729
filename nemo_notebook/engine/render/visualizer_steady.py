"""Which places lie over a subject frame by frame, the dissolves into and out of each shot counted as its own.

A dissolve shows a shot under its neighbours for its whole length (a painted girl half seen under the wave), so the
places over a shot's subject (``visualizer_auto.over_heads``, frame by frame) hold from the first frame of the
dissolve into it to the last of the one out of it (``accents.drawn``), added to those of the shot under them there.
Where the strip lies and where it is drawn light follows from them (``visualizer_light``).
"""

from __future__ import annotations

from collections.abc import Sequence

from .accents import drawn, transitions
from .graph import Canvas
from .timeline import Shot


def through_dissolves(
    heads: Sequence[frozenset[str]], first: int, shots: Sequence[Shot], canvas: Canvas
) -> list[frozenset[str]]:
    """``heads`` (each frame's places over a subject, from frame ``first``) with each shot's own held over the
    dissolves into and out of it."""
    out = list(heads)
    blends = transitions(shots, canvas.fps)
    end = first + len(out)
    for index, shot in enumerate(shots):
        a, b = max(shot.start_frame, first) - first, min(shot.start_frame + shot.frames, end) - first
        if b <= a or not heads[a]:
            continue
        seen = drawn(shot, index, blends, canvas.fps)
        for i in range(max(seen.start_frame, first) - first, min(seen.start_frame + seen.frames, end) - first):
            out[i] = out[i] | heads[a]
    return out
