"""A cover video's layout turn never reads as a glitch (issue 29): a blind reviewer of held-out 04 (s52, 720p 30 fps,
its turn 400 ms eased twice): "at 28.15-28.32 s and 56.10-56.30 s the cover jumps across the frame in about 5 frames
(roughly 250 px per frame). It reads as a glitch, not a move." Since s56 the turn is a cut on its downbeat
(``cover_stage.cut_steps``): in every frame the cover is at its old place or its new one, never part of the way
(``cut_steps``' expressions, every design, frame and cover shape), and it cuts on the frame nearest the downbeat, where
the visualizer's segment begins (``timeline.frame_at``; rendered: ``test_cover_turn_cut``)."""

from __future__ import annotations

import math

import pytest

from nemo_notebook.engine.render.cover_layout import cover_layout
from nemo_notebook.engine.render.cover_stage import cut_steps, turned
from nemo_notebook.engine.render.timeline import frame_at

from .test_cover_turn import FPS, SECTION_MS


def _at(expression: str, t_s: float) -> float:
    """``expression`` (ffmpeg's: ``clip``, ``gte``, ``t`` in s) at ``t_s``."""

    def clip(v: float, low: float, high: float) -> float:
        return min(max(v, low), high)

    def gte(a: float, b: float) -> float:
        return float(a >= b)

    return float(eval(expression, {"__builtins__": {}}, {"clip": clip, "gte": gte, "t": t_s}))


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1080, 1080)])
@pytest.mark.parametrize("design", ["poster", "ring", "wave"])
@pytest.mark.parametrize("cover_size", [(1000, 1000), (1500, 1000), (1000, 1500)])
@pytest.mark.parametrize("turn_ms", [SECTION_MS, SECTION_MS + 50])  # on a frame, and half-way between two
def test_the_cover_is_never_part_of_its_way(
    design: str, size: tuple[int, int], cover_size: tuple[int, int], turn_ms: int
) -> None:
    """The cover's middle, as ``cut_steps`` moves it over a turn there and one back, frame by frame at 30 fps: at its
    old place up to the frame before the one nearest the turn and at its new one from that frame. On main 7d8cd68
    (a 1000 ms slide) 29 frames of each turn were part of the way."""
    width, height = size
    first = cover_layout(design, width, height, cover_size, ("Digital Pursuit", "Parapraxis"))
    other = turned(first, width, height)
    changes = [(turn_ms, other), (2 * SECTION_MS, first)]
    across = cut_steps(first, changes, lambda lay: lay.cover.x + lay.cover.width // 2, FPS)
    down = cut_steps(first, changes, lambda lay: lay.cover.y + lay.cover.height // 2, FPS)
    want = (
        other.cover.x + other.cover.width // 2 - first.cover.x - first.cover.width // 2,
        other.cover.y + other.cover.height // 2 - first.cover.y - first.cover.height // 2,
    )
    for n in range(round(3 * SECTION_MS / 1000 * FPS)):
        way = (_at(across, n / FPS), _at(down, n / FPS))
        turned_yet = frame_at(turn_ms, FPS) <= n < frame_at(2 * SECTION_MS, FPS)
        assert math.dist(way, want if turned_yet else (0, 0)) < 1, (design, size, cover_size, n, way, want)
