"""A cover video's title is drawn once in every frame: the big title shrinks into the small one over the artist in
one move (``cover_title_move``). s65-cover2 cross-faded a big copy out while a small copy faded in at the same
place; a blind reviewer of held-out 04: "for ~0.6 s at each layout change the big and the small title are both
visible, overlapping, double type". Read from the filter graph of a two-scene poster at 720 lines: every drawtext
of the title's words, its opacity, size and place evaluated at each frame as ffmpeg would."""

from __future__ import annotations

import math
import re
from pathlib import Path

from nemo_notebook.engine.render import build_graph, canvas_for
from nemo_notebook.engine.render.fonts import font_for, width_em

from .test_cover_art import _media
from .test_cover_turn import _two_scenes

SCENE_MS, FPS = 12_000, 30
SEEN = 0.05  # a drawing at this opacity or more shows


def _value(expression: str, t: float) -> float:
    """An ffmpeg expression of ``t`` evaluated (the functions the cover's type uses)."""
    names = {
        "gte": lambda a, b: float(a >= b),
        "between": lambda v, lo, hi: float(lo <= v <= hi),
        "clip": lambda v, lo, hi: max(lo, min(hi, v)),
        "min": min,
        "max": max,
        "t": t,
    }
    return float(eval(expression, {"__builtins__": {}}, names))  # our own expressions, no input


def _option(drawtext: str, name: str) -> str:
    found = re.search(rf":{name}=('[^']*'|[^:]*)", drawtext)
    return found.group(1).strip("'") if found else "0"


def _title_boxes(script: str, words: set[str], t: float) -> list[tuple[str, float, float, float, float]]:
    """Each drawing of the title's words that shows at ``t``: its text and box (left, top, right, bottom)."""
    boxes = []
    for drawtext in re.findall(r"drawtext=(?:[^,;\[']|'[^']*')*", script):
        text = _option(drawtext, "text").replace("\\", "")
        if not set(text.split()) & words:
            continue
        if _value(_option(drawtext, "enable"), t) < 1 or _value(_option(drawtext, "alpha"), t) < SEEN:
            continue
        size, x, y = (_value(_option(drawtext, key), t) for key in ("fontsize", "x", "y"))
        top = y - 0.755 * size if "y_align=baseline" in drawtext else y
        lines = text.split("\n")
        wide = max(width_em(line, font_for(line, bold=True).name) for line in lines) * size
        boxes.append((text, x, top, x + wide, top + 1.19 * size * len(lines)))
    return boxes


def _apart(a: tuple[str, float, float, float, float], b: tuple[str, float, float, float, float]) -> bool:
    return a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2]


def test_no_two_copies_of_the_title_overlap_in_any_frame(tmp_path: Path) -> None:
    made = _two_scenes("poster", "16:9", text="Digital Pursuit — Parapraxis", section_ms=SCENE_MS)
    canvas = canvas_for(made, (1280, 720))
    script = build_graph(made, _media(tmp_path), canvas).script()
    words = {"Digital", "Pursuit"}
    overlaps, sizes = [], []
    for n in range(math.ceil(2 * SCENE_MS / 1000 * FPS)):
        boxes = _title_boxes(script, words, n / FPS)
        sizes.append(max((b[4] - b[2] for b in boxes), default=0.0))
        overlaps += [(n, a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if not _apart(a, b)]
    # s65-cover2: the big "Digital\nPursuit" over the small "Digital Pursuit" for 26 frames at each title change
    assert not overlaps, overlaps[:3]
    assert max(sizes) > 1.7 * min(s for s in sizes if s)  # the big title and the small one both drawn
