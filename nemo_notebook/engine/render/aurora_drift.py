"""The aurora's window slides at sub-pixel positions, by an even step every frame (``backdrops._drifting``).

Till stop 56 the window was a ``crop`` of the sky at whole pixels, and the sky drifts 0.2-0.8 px a frame: the frame
moved a whole pixel or stood still, on a beat of its own. Held-out 05's preview measured (phase correlation of the
decoded sky, ``tests/render/test_aurora_drift_even.py``) 1.0/1.0/1.0/0.0 px at 0:18 (a frame held every 4th, "the
sky steps") and 0/0/0/0.9 px at 1:35 ("moves only every 3rd-4th frame, about 4 fps").

Now the sky, enlarged once, is shifted once to ``PHASES`` sub-pixel positions across 2 px (a blend of its copies a
pixel apart: the sky is smooth at that scale) and the copies are stacked; each frame's window is a whole, even
``x`` (yuv420p's chroma) and the copy (``y``) of its fraction: a crop still, nothing more to compute a frame. And a
window that slides at an even pace moves a whole number of steps a frame (``even_length``), so every step is the
same: a pace between two steps, rounded each frame, alternated between them.
"""

from __future__ import annotations

import math

from .graph import Graph

PHASES = (16, 8)  # the sky's copies, each shifted 2/PHASES px further: 1/8 px under ``FINE_BELOW`` lines, 1/4 px
# from it (a 1080p sky of a 20 s loud scene: 16 copies held 416 MB and cost 0.3 s of CPU once, main's 79 MB)
FINE_BELOW = 720
SPAN = 2  # px the copies lose on the right (shifted up to 2 px)


def phases_for(lines: int) -> int:
    """How many shifted copies of the sky a frame of ``lines`` on its short side needs (``PHASES``)."""
    return PHASES[0] if lines < FINE_BELOW else PHASES[1]


def even_length(travel: int, length_s: float, fps: int, phases: int = PHASES[0]) -> float:
    """The time in which the window crosses ``travel`` px, at least ``length_s``, so that it moves a whole number of
    steps of ``2 / phases`` px each frame of ``fps`` (no faster than asked: it never reaches the end and stands).

    >>> even_length(900, 40.0, 30), even_length(90, 40.0, 30)  # 0.75 px (6 steps) and 0.075 px a frame
    (40.0, 40.0)
    >>> round(even_length(960, 40.0, 30), 3)  # 0.8 px a frame: 0.75
    42.667
    """
    step = 2 / phases
    per_frame = travel / max(length_s * fps, 1e-6)
    steps = math.floor(per_frame / step + 1e-9)
    return length_s if steps < 1 else travel / (steps * step * fps)


def phased(graph: Graph, once: str, size: tuple[int, int], phases: int) -> str:
    """The one frame of sky that ``once`` draws (``size`` px) as ``phases`` copies stacked top to bottom, copy
    ``j`` shifted ``2 * j / phases`` px to the left, each ``SPAN`` px narrower (a filter graph whose last pad is open)."""
    w, h = size
    parts, mixes = [], []
    for j in range(phases):
        shift = 2 * j / phases
        whole, part = int(shift), shift - int(shift)
        parts.append((whole, part))
    uses = sum(1 if part == 0 else 2 for _, part in parts)
    sources = [graph.label("sky") for _ in range(uses)]
    chains = [f"{once},format=yuv444p,split={uses}{''.join(sources)}"]  # 4:4:4: chroma shifted by a pixel too
    for whole, part in parts:
        copy = graph.label("phase")
        near = f"{sources.pop()}crop={w - SPAN}:{h}:{whole}:0"
        if part == 0:
            chains.append(f"{near},format=yuv420p{copy}")
        else:
            a, b = graph.label("a"), graph.label("b")
            chains.append(near + a)
            chains.append(f"{sources.pop()}crop={w - SPAN}:{h}:{whole + 1}:0{b}")
            chains.append(f"{b}{a}blend=all_mode=normal:all_opacity={part:.4f},format=yuv420p{copy}")
        mixes.append(copy)
    return ";".join(chains) + f";{''.join(mixes)}vstack=inputs={phases}"


def window(x: str, rise: int, height: int, phases: int) -> str:
    """``crop``'s ``x`` and ``y`` for a window whose left edge is at ``x`` (an expression, px) over the stacked
    copies of a sky ``height`` px tall (``phased``): ``x`` to the nearest step, its whole even part and the copy
    of the rest, ``rise`` px down that copy."""
    q = f"round(({x})*{phases // 2})"
    return f"x='2*floor({q}/{phases})':y='mod({q},{phases})*{height}+{rise}'"
