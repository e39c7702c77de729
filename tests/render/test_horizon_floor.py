"""The aurora's horizon of light runs across the whole width however quiet the music (``visualizer_hill.HILL_FLOOR``):
held-out 05's breakdown (3:03-3:08, a near-quiet bar) drew its crest over the left part only, "leaving a hard-edged
dark block in the bottom-right corner. It looks like a rendering glitch" (a blind reviewer of s68)."""

from __future__ import annotations

from pathlib import Path

from .horizon_light import horizon_light
from .synth import ffmpeg


def test_the_horizons_crest_spans_the_width_over_a_faint_low_note(tmp_path: Path) -> None:
    song = tmp_path / "faint.wav"  # one faint low note: most of the horizon's bands unlit
    ffmpeg("-f", "lavfi", "-i", "aevalsrc='0.02*sin(2*PI*110*t)':s=44100:d=3", "-ac", "2", str(song))
    levels = horizon_light(tmp_path, song=song)  # how much lighter the horizon makes each pixel
    lit = levels.max(axis=1) > 60  # a column whose crest is lit, frame by frame
    # without a floor, 0.17 of the columns (the note's swell); with it all of them
    assert float(lit.mean()) > 0.97, float(lit.mean())
