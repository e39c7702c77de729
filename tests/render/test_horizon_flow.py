"""The aurora's horizon flows: where the music jumps (a chord leaping between a low and a high register every 0.4 s),
its crest grows and shrinks over a few frames instead of leaping in one ("a bump visibly jumps in one frame", a blind
reviewer of held-out 05, a rock ballad alone). At 360 lines the crest's largest step between two frames was 31 rows
with the newest silhouettes weighing most, 16 with even weights eased in and out (``visualizer_calm.CALM_EASE``); its
mean height still travels 9 rows with the chords."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .horizon_light import horizon_light
from .synth import ffmpeg
from .test_horizon_calm import crest_rows

LOW = "sin(2*PI*110*t)+sin(2*PI*138.6*t)+sin(2*PI*164.8*t)"
HIGH = "sin(2*PI*880*t)+sin(2*PI*1108.7*t)+sin(2*PI*1318.5*t)"


def test_the_horizon_s_crest_grows_over_frames_where_the_music_leaps(tmp_path: Path) -> None:
    song = tmp_path / "leaps.wav"
    sound = f"if(lt(mod(t,0.8),0.4),0.5*({LOW}),0.5*({HIGH}))"
    ffmpeg("-f", "lavfi", "-i", f"aevalsrc='{sound}':s=44100:d=3", "-ac", "2", str(song))
    top, lit = crest_rows(horizon_light(tmp_path, song=song))
    both = lit[1:] & lit[:-1]
    leap = float(np.abs(np.diff(top, axis=0))[both].max())  # rows a column's crest moves between two frames
    swing = float(np.ptp(np.nanmean(np.where(lit, top, np.nan), axis=1)))
    assert leap <= 20 and swing > 5, (leap, swing)
