"""A cover video's new visualizer is whole on its cut's frame (``cover_stage``: the turn a cut on the downbeat, s56).
Held-out 04 at 28.03 s (s56-turns): on the cut's frame the new mirrored bars were drawn only on their left part,
thinning out to the right, and at 2:46.0 the wave thin, whole on the next frame: the drawing read its segment's sound
from its first sample, and showcqt, centring each frame's transform on its time, drew the first frame from half a
window of silence (its short, high windows the most). It now reads ``visualizer_timing.WARM_S`` of the sound before
and drops those frames (``warmed``). Rendered with and without the visualizer: on the cut's frame the visualizer's
drawn width (columns it changes) is ``WHOLE`` of its width ``LATER`` frames on, at least, in each design."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.render.timeline import frame_at

from .synth import ffmpeg
from .test_cover_art import SIZES
from .test_cover_turn import FPS, SECTION_MS
from .test_cover_turn_drawn import CHANGED, _steady_song, with_and_without_bars

WHOLE = 0.8  # the cut frame's drawn width, as a share of the width ``LATER`` frames on
LATER = 3
COLUMN_PX = 2  # a column the visualizer changes this many pixels of (``CHANGED`` levels) is drawn


def _mp3(tmp_path: Path) -> Path:
    """``_steady_song`` as an MP3 (as the held-out songs come): sought to a scene's in-point, its first frames decode
    without the frames before them."""
    song = tmp_path / "song.mp3"
    ffmpeg("-i", str(_steady_song(tmp_path)), "-c:a", "libmp3lame", "-b:a", "192k", str(song))
    return song


def _width(with_it: np.ndarray, without: np.ndarray) -> int:
    """How many columns of the frame the visualizer is drawn in (``COLUMN_PX`` pixels changed or more)."""
    changed = np.abs(with_it - without).max(axis=2) >= CHANGED
    return int((changed.sum(axis=0) >= COLUMN_PX).sum())


@pytest.mark.parametrize("aspect", list(SIZES))
@pytest.mark.parametrize("design", ["poster", "ring", "wave"])
def test_the_new_visualizer_is_whole_on_the_cut_frame(design: str, aspect: str, tmp_path: Path) -> None:
    """On merge56 (576235b) the cut frame's drawn width was 0.46-0.72 of the width ``LATER`` frames on (the 16:9
    wave's 91 columns of 173, the poster's 72 of 100); now ``WHOLE`` or more (0.88-1.0)."""
    renders = with_and_without_bars(design, aspect, _mp3(tmp_path), tmp_path)
    cut = frame_at(SECTION_MS, FPS)
    widths = [_width(renders["all"][n], renders["no_bars"][n]) for n in range(cut - 1, cut + LATER + 1)]
    assert widths[1] >= WHOLE * widths[1 + LATER], (design, aspect, widths)
