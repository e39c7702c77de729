"""A picture's shot marked ``m.move_pace`` (``planning.driven_moves``: a loud section of driving music) moves that
many times as far: its pan crosses 1.3 times the way, eased in whole pixels a frame (slow at its ends, faster in its
middle: ``render.eased_pan``), and its zoom travels 1.3 times as far. Held-out 01 (156 BPM) held its stills for two
bars at one constant slow pace; at twice it "scrolled" (blind reviews, stop 70)."""

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


def _rendered(tmp: Path, motion: str, seconds: int) -> list[np.ndarray]:
    """The frames of a plain shot of ``motion`` then a paced one (``m.move_pace`` 1.3), ``seconds`` each, at 640x360."""
    still = _detailed_picture(tmp / "still.png")
    media = {"still": (still, image_info("still", still))}
    ms = seconds * 1000
    shots = [shot("still", 0, ms, motion=motion), shot("still", ms, ms, motion=motion, move_pace=1.3)]
    out = render_draft(draft(shots, 2 * ms, music=None), media, tmp / f"{motion}.mp4", quality="low", size=(640, 360))
    return gray_frames(out.path)


def test_a_paced_pan_crosses_more_eased_in_and_out(tmp_path: Path) -> None:
    """Each shot's shifts between frames (phase correlation), 3 s: the plain one steps 1 px a frame throughout at
    360 lines; the paced one starts and ends at 1 px a frame, moves 2 in its middle third, and crosses 1.3 times
    the plain one's way."""
    frames = _rendered(tmp_path, "pan_left", 3)
    half = len(frames) // 2
    plain, paced = ([_shift(x, y) for x, y in pairwise(frames[a + 1 : a + half - 1])] for a in (0, half))
    third = len(paced) // 3
    ends = float(np.median(paced[:10] + paced[-10:]))
    middle = float(np.median(paced[third : 2 * third]))
    ratio = sum(paced) / sum(plain)
    # s70-returns3 (6748f6a9): the paced pan stepped 2 px on every frame (ends 2.0, ratio 2.0); main: 1 px (1.0)
    assert 0.8 < float(np.median(plain)) < 1.2 and 0.8 < ends < 1.2 and 1.8 < middle < 2.2, (plain, paced)
    assert 1.2 < ratio < 1.4, ratio


def test_a_paced_zoom_travels_further(tmp_path: Path) -> None:
    """A 2 s zoom's shift, from its first frame to its last, of a patch 216 px left of the frame's middle (it grows
    by the zoom's travel times that)."""
    frames = _rendered(tmp_path, "zoom_in", 2)
    half, patch = len(frames) // 2, (slice(116, 244), slice(40, 168))
    plain, paced = (_shift(frames[a + 1][patch], frames[a + half - 2][patch]) for a in (0, half))
    # merge70: both travelled 6 % (13 px at 216 px from the middle); s70-returns3: paced 2.1x
    assert 1.15 * plain < paced < 1.5 * plain, (plain, paced)
