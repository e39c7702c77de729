"""The pulse design's floors differ in design, not only in colour (``tunnel.FLOORS``): held-out 06's three floors
(0:42, 1:44, 3:02, about 100 s) were "the same floor-and-ceiling design in new colours" (a blind reviewer). Six loud
scenes in one palette, a tunnel and a floor in turn: the first floor has a ceiling as light as its floor, the second
a sky without lines over it, the third its grid rolled about the ring (no longer mirror-symmetric about it). Alike
till s68: light above over below 0.71, 0.90, 0.72, off mirror 0.04, 0.05, 0.05; s68: 0.71, 0.31, 0.78 and 0.04,
0.05, 0.84, its second floor's sky dark (the ceiling's lines faint in it), which left held-out 06's full section
1:44-2:19 "dark ... reads like a lull" (a blind reviewer). Now the second's sky glows, its light rising to the horizon
without a line (``tunnel.SKY_GLOW``): the light above the ring's rows rising and falling, over its mean, 4.0 (the
ceiling), 0.0, 0.5 (the rolled grid), against 1.16 for s68's dark sky; and no floor is darker than a loud tunnel
(``test_full_sections_lit``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft

from .drafts import draft, shot
from .synth import gray_frames
from .test_tunnel_characters import COLORS

SIZE = (320, 180)


def _measures(frame: np.ndarray) -> tuple[float, float]:
    """(the light above the ring's centre over the light below it, how far the light is from mirror-symmetric about
    the frame's middle column: the mean difference over the mean light), the frame's rows above and below the ring
    (its top quarter, the credit's, left out)."""
    h = frame.shape[0]
    above, below = frame[h // 4 : int(0.4 * h)], frame[int(0.72 * h) :]
    both = np.concatenate([above, below])
    return float(above.mean() / below.mean()), float(np.abs(both - both[:, ::-1]).mean() / both.mean())


def _lines_above(frame: np.ndarray) -> float:
    """How much the light of the rows above the ring (from the top quarter, the credit's, to the middle) rises and
    falls, beyond its change from the first row to the last, over its mean: a ceiling's lines, or a sky's none."""
    h = frame.shape[0]
    rows = frame[h // 4 : h // 2].mean(axis=1)
    return float((np.abs(np.diff(rows)).sum() - abs(rows[-1] - rows[0])) / rows.mean())


def test_the_three_floors_differ_in_design(tmp_path: Path) -> None:
    scenes = [
        shot(None, k * 1000, 1000, design="pulse", effect="pulse", variant="loud", colors=COLORS) for k in range(6)
    ]
    made = draft(scenes, 6000, music=None, backdrop="pulse", bpm=120.0, beats_ms=list(range(0, 6000, 500)))
    frames = gray_frames(render_draft(made, {}, tmp_path / "floors.mp4", quality="low", size=SIZE).path)
    fps = len(frames) / 6
    first, second, third = (_measures(frames[round((k + 0.5) * fps)]) for k in (1, 3, 5))
    lines = [_lines_above(frames[round((k + 0.5) * fps)]) for k in (1, 3, 5)]
    assert first[0] > 0.6 and lines[0] > 2, (first, lines)  # a ceiling of lines
    assert lines[1] < 0.1 * lines[0], lines  # then a sky without a line
    assert first[1] < 0.1 and third[1] > 3 * first[1], (first, second, third)  # the grid rolled: not mirrored
