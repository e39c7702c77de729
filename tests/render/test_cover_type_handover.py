"""A cover video's title is handed over at a cut that moves it (``cover_stage.type_turns``): it fades out up to the
cut in its old place and in after it in its new one, each over ``TYPE_TURN_S``, where it leapt in one frame ("the
title leaps in one frame from big type at the top right or top left to small type at the bottom left ... There is no
move, fade or scale between them, so the type feels like it is being swapped, not carried through", ab70g, held-out
04). Read from the filter graph at 720 lines, as ffmpeg would evaluate each drawtext at each frame."""

from __future__ import annotations

import math
import re
from pathlib import Path

from nemo_notebook.engine.render import build_graph, canvas_for
from nemo_notebook.engine.render.cover_stage import TYPE_TURN_S

from .test_cover_art import _media
from .test_cover_title_ghost import _option, _value
from .test_cover_turn import _two_scenes

SCENE_MS, FPS = 28_000, 30


def _title(script: str, t: float) -> tuple[tuple[float, float, float], float]:
    """The most opaque drawing of the title at ``t``: its place (a centred one's middle) and size, and its opacity."""
    best: tuple[tuple[float, float, float], float] = ((0.0, 0.0, 0.0), 0.0)
    for drawtext in re.findall(r"drawtext=(?:[^,;\[']|'[^']*')*", script):
        if "Digital" not in _option(drawtext, "text") or _value(_option(drawtext, "enable"), t) < 1:
            continue
        alpha = _value(_option(drawtext, "alpha"), t)
        if alpha > best[1]:
            x, y, size = (_option(drawtext, k).replace("text_w", "0") for k in ("x", "y", "fontsize"))
            best = ((_value(x, t), _value(y, t), _value(size, t)), alpha)
    return best


def test_the_title_fades_out_up_to_a_cut_that_moves_it_and_in_after_it(tmp_path: Path) -> None:
    made = _two_scenes("poster", "16:9", text="Digital Pursuit — Parapraxis", section_ms=SCENE_MS)
    canvas = canvas_for(made, (1280, 720))
    script = build_graph(made, _media(tmp_path), canvas).script()
    seen = [_title(script, n / FPS) for n in range(math.ceil(2 * SCENE_MS / 1000 * FPS))]
    cuts = [n for n in range(1, len(seen)) if seen[n][1] > 0 and seen[n - 1][1] > 0 and seen[n][0] != seen[n - 1][0]]
    assert len(cuts) >= 2, cuts  # the poster to the stage and the stage to the poster turned
    turn = round(TYPE_TURN_S * FPS)
    for n in cuts:
        assert max(seen[n - 1][1], seen[n][1]) < 0.3, (n, seen[n - 1], seen[n])  # main: 1.0, a leap in one frame
        assert seen[n - turn // 2][1] < 0.8 and seen[n + turn // 2][1] < 0.8, n  # a fade, not a blink
        assert min(seen[n - turn - 2][1], seen[n + turn + 2][1]) > 0.99, n  # lit again past the handover
