"""A picture's shot marked ``m.move_pace`` (``planning.driven_moves``: a loud section of driving music) moves that
many times as fast: its pan steps twice the pixels a frame and its zoom travels twice as far. Held-out 01 (156 BPM)
held its stills for two bars at the one slow pace: "almost static" (a blind reviewer)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft
from tests.render.test_still_glide import _shift

from .drafts import draft, shot
from .synth import ffmpeg, gray_frames, image_info


def _detailed_picture(path: Path) -> Path:
    """A 640x360 picture of smooth detail: a seeded cellular automaton, enlarged 4 times, nothing repeating."""
    ffmpeg("-f", "lavfi", "-i", "cellauto=s=160x90:rule=30:seed=7", "-vf", "scale=640:360:flags=bicubic",
           "-frames:v", "1", str(path))  # fmt: skip
    return path


def _motion(tmp: Path, motion: str) -> tuple[float, float]:
    """(the plain shot's, the paced shot's) move, each a 2 s shot: a pan's median shift between frames over the
    shot's middle, in pixels; a zoom's shift, from its first frame to its last, of a patch 216 px left of the
    frame's middle (it grows by the zoom's travel times that), both by phase correlation."""
    still = _detailed_picture(tmp / "still.png")
    media = {"still": (still, image_info("still", still))}
    shots = [shot("still", 0, 2000, motion=motion), shot("still", 2000, 2000, motion=motion, move_pace=2.0)]
    out = render_draft(draft(shots, 4000, music=None), media, tmp / f"{motion}.mp4", quality="low", size=(640, 360))
    frames = gray_frames(out.path)
    half = len(frames) // 2
    moves = []
    for a in (0, half):
        if motion.startswith("pan"):
            inner = frames[a + 10 : a + half - 10]
            moves.append(float(np.median([_shift(x, y) for x, y in pairwise(inner)])))
        else:
            patch = (slice(116, 244), slice(40, 168))
            moves.append(_shift(frames[a + 1][patch], frames[a + half - 2][patch]))
    return moves[0], moves[1]


def test_a_paced_pan_moves_twice_the_pixels_a_frame(tmp_path: Path) -> None:
    plain, paced = _motion(tmp_path, "pan_left")
    # merge70 (fb3a8d50): m.move_pace not read, both moved 1 px a frame at 360 lines
    assert 0.8 < plain < 1.2 and 1.8 < paced < 2.2, (plain, paced)


def test_a_paced_zoom_travels_twice_as_far(tmp_path: Path) -> None:
    plain, paced = _motion(tmp_path, "zoom_in")
    # merge70: both travelled 6 % (13 px at 216 px from the middle)
    assert 1.7 * plain < paced < 2.3 * plain, (plain, paced)
