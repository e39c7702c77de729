"""The aurora's sky is coded with x264's cheaper sub-pixel search at ``veryfast`` (``presets.x264_params_for``): the
swell's lighter sky (``aurora_lift``) cost the encoder 6-15 % more CPU, past the photo video of the same song (issue
29, ``python -m tests.benchmarks track_alone``); ``subme=1`` coded the benchmark's 30 s aurora for 21 % less CPU at
a file 3 % larger. Other designs, and a preview (``ultrafast``), keep their preset's own settings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from nemo_notebook.engine.render import PRESETS, canvas_for, ffmpeg_command
from nemo_notebook.engine.render.graph import Graph
from nemo_notebook.protocol import Draft, Quality


def _params(backdrop: str, quality: Quality, tmp_path: Path) -> str:
    draft = replace(Draft.empty(), duration_ms=4000, meta={"aspect": "16:9", "fps": 30, "backdrop": backdrop})
    canvas = canvas_for(draft, lines=360)
    cmd = ffmpeg_command(Graph(), tmp_path / "g.txt", canvas, PRESETS[quality], tmp_path / "o.mp4", draft=draft)
    return cmd[cmd.index("-x264-params") + 1] if "-x264-params" in cmd else ""


@pytest.mark.parametrize("quality", [Quality.HIGH, Quality.MEDIUM, Quality.LOW])
def test_the_aurora_is_coded_with_the_cheaper_sub_pixel_search(quality: Quality, tmp_path: Path) -> None:
    assert "subme=1" in _params("aurora", quality, tmp_path).split(":")


@pytest.mark.parametrize(
    ("backdrop", "quality"), [("pulse", Quality.HIGH), ("bokeh", Quality.HIGH), ("aurora", Quality.PREVIEW)]
)
def test_other_designs_and_a_preview_keep_their_preset(backdrop: str, quality: Quality, tmp_path: Path) -> None:
    assert _params(backdrop, quality, tmp_path) == PRESETS[quality].x264_params
