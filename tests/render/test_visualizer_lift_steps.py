"""A visualizer's lift over a long song is an expression ffmpeg accepts: its ramps summed in brackets.

A 6-minute music video from 100 photos at preview failed to render (stop 52, the decode benchmark): the lift's one
sum of about a hundred ramps made ffmpeg refuse the ``volume`` filter ("Error initializing filters", Invalid
argument); ffmpeg takes up to about 94 terms in one sum. And it is quiet: ffmpeg evaluates it once before the first
frame with no time, which was NaN and a warning on every render with a lift (stop 56's read-through).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render import visualizer_follow


def test_a_lift_of_three_hundred_ramps_is_accepted_by_ffmpeg(monkeypatch: pytest.MonkeyPatch) -> None:
    lifts = tuple((i * visualizer_follow.HOP_S, 6.0 if i % 2 else 3.0) for i in range(301))  # 300 steps of 3 dB
    monkeypatch.setattr(visualizer_follow, "modified", lambda path: 0.0)
    monkeypatch.setattr(visualizer_follow, "lift_points", lambda *args: lifts)
    chain = visualizer_follow.follow_lift(Path("song.mp3"), (0, 150_500), (0, 150_500))
    assert chain.count("clip(") == 300
    source = ["-f", "lavfi", "-i", "sine=frequency=440:duration=1"]
    run = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-loglevel", "warning", *source, "-af", f"anull{chain}", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-300:]
    assert "NaN" not in run.stderr, run.stderr[-300:]
