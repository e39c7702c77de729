"""Expressions with many windows start ffmpeg: a four-minute cover video's pulse needs more than 100 ``between``
windows in one ``enable``, which ffmpeg refused as a flat sum ("Cannot allocate memory"), failing the export."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render.cover_motion import pulse_steps
from nemo_notebook.engine.render.sums import sum_of

from .test_cover_art import _cover_draft

FRAMES = 301


def _lit_frames(enable: str, frames: int = FRAMES) -> list[bool] | None:
    """Which frames of a black 8x8 clip a white box lights with ``enable``; None when ffmpeg refuses it."""
    graph = f"drawbox=x=0:y=0:w=8:h=8:color=white:t=fill:enable='{enable}'"
    run = subprocess.run(
        [
            *(
                ffmpeg_exe(),
                "-v",
                "error",
                "-nostdin",
                "-f",
                "lavfi",
                "-i",
                f"color=c=black:s=8x8:r=25:d={frames / 25}",
            ),
            *("-vf", graph, "-frames:v", str(frames), "-f", "rawvideo", "-pix_fmt", "gray", "-"),
        ],
        capture_output=True,
        check=False,
    )
    if run.returncode != 0:
        return None
    pixels = np.frombuffer(run.stdout, np.uint8).reshape(-1, 64)
    return [bool(frame.mean() > 128) for frame in pixels]


def test_a_flat_sum_of_101_windows_is_refused_by_ffmpeg() -> None:
    # the premise: the bundled ffmpeg refuses a flat chain this long (if a later ffmpeg takes it, sum_of still holds)
    terms = [f"between(n,{n},{n})" for n in range(0, 202, 2)]
    assert _lit_frames("+".join(terms)) is None


@pytest.mark.parametrize("count", [1, 16, 17, 101, 150])
def test_sum_of_lights_exactly_its_windows(count: int) -> None:
    lit = [n for n in range(0, FRAMES, 2)][:count]
    frames = _lit_frames(sum_of([f"between(n,{n},{n})" for n in lit]))
    assert frames is not None
    assert [n for n, on in enumerate(frames) if on] == lit


def test_a_four_minute_cover_pulse_starts_ffmpeg() -> None:
    length_ms, fps = 240_000, 15
    draft = _cover_draft("poster", "16:9", length_ms=length_ms)
    draft.meta["downbeats_ms"] = list(range(1000, length_ms, 2000))  # a bar of 2 s at 120 BPM
    steps = pulse_steps(draft, fps, length_ms * fps // 1000)
    assert max(expression.count("between(") for _, expression in steps) > 100  # what failed before
    for _, expression in steps:
        assert _lit_frames(expression, 25) is not None
