"""The render's pictures do not depend on how many threads its filter graph runs on (``steady_blur``): ffmpeg's
``gblur`` blurred a plane 16 pixels wide or less differently on one thread, and the fill under a picture that sits
whole in a 9:16 preview showed a bright blurred cloud at its lower left on one thread that two did not draw."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.fills import whole_on_fill
from nemo_notebook.engine.render.graph import Graph
from nemo_notebook.protocol import Draft, MediaInfo
from tests.render.drafts import draft, shot
from tests.render.synth import ffmpeg
from tests.render.test_cover_art import _cover_draft, _media, _rgb_frames
from tests.render.test_tall_crops import _photo

Media = dict[str, tuple[Path, MediaInfo]]
NOISE = 1.0  # mean absolute difference (of 255) a frame may have between the two renders: x264's threads alone


def _fill(picture: Path, box: tuple[int, int], threads: int) -> np.ndarray:
    """The fill and picture ``whole_on_fill`` makes in a ``box`` frame, on ``threads`` filter threads."""
    import imageio_ffmpeg

    graph = Graph()
    graph.add_input("-i", str(picture))
    out = whole_on_fill(graph, "[0:v]format=yuv420p", (160, 90), box, box, 1.0)
    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", *graph.input_args(),
           "-filter_complex_threads", str(threads), "-filter_complex", graph.script(), "-map", out, "-frames:v", "1", "-f", "rawvideo", "-"]  # fmt: skip
    made = subprocess.run(cmd, check=True, capture_output=True).stdout
    return np.frombuffer(made, np.uint8).astype(np.float32)


@pytest.mark.parametrize("box", [(202, 360), (240, 500), (340, 560), (404, 716)])
def test_a_fill_comes_out_the_same_on_one_two_and_four_filter_threads(tmp_path: Path, box: tuple[int, int]) -> None:
    """Fills blurred at 14x24 (a 9:16 fill in a 180x320 test render), 16x32, 22x36 (a cover's backdrop in a 216x384
    frame is blurred at that size) and 26x46 (a 9:16 fill in a 360x640 preview): plain ``gblur`` gave each a
    different picture on one thread than on two, and 16x32 three different pictures on 1, 2 and 4 threads."""
    picture = tmp_path / "sky.png"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=160x90", "-frames:v", "1", str(picture))
    made = {threads: _fill(picture, box, threads) for threads in (1, 2, 4)}
    apart = [float(np.abs(made[1] - made[t]).mean()) for t in (2, 4)]
    assert apart == [0.0, 0.0], apart


def _difference(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, made: Draft, media: Media, size: tuple[int, int]
) -> np.ndarray:
    """Each frame's mean absolute difference (of 255) between the render on one filter thread and on two (x264 on
    two threads in both: whatever ``run.thread_args`` would choose for the machine)."""
    import nemo_notebook.engine.render as render
    import nemo_notebook.engine.render.segments as segments

    frames = []
    for threads in (1, 2):

        def held(share: int | None, *, graph: bool, n: int = threads) -> list[str]:
            return ["-filter_complex_threads", str(n)] if graph else ["-threads", "2"]

        for module in (render, segments):
            monkeypatch.setattr(module, "thread_args", held)
        out = render_draft(made, media, tmp_path / f"{name}{threads}.mp4", size=size)
        frames.append(_rgb_frames(out.path))
    return np.abs(frames[0] - frames[1]).mean(axis=(1, 2, 3))  # type: ignore[no-any-return]


def test_a_tall_sits_whole_reframe_draws_the_same_fill_on_one_and_two_filter_threads(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A landscape picture with no clear subject sits whole in 9:16 through its reframes (a slice at zoom 1, a
    close view at 1.5). On one filter thread its fill had a bright blurred cloud at the lower left that two threads
    did not draw (main: 4.5 of 255 apart, every frame)."""
    path, info = _photo(tmp_path, "empty")
    shots = [
        shot("empty0", 0, 400, motion="none"),
        shot("empty0", 400, 400, motion="none", framing="detail", zoom=1.0, reframe=1),
        shot("empty0", 800, 400, motion="none", framing="close", zoom=1.5, reframe=2),
    ]
    made = draft(shots, 1200, music=None, aspect="9:16")
    apart = _difference(monkeypatch, tmp_path, "whole", made, {info.id: (path, info)}, (180, 320))
    assert apart.max() < NOISE, apart.round(2)


def test_a_tall_cover_backdrop_is_the_same_on_one_and_two_filter_threads(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A cover alone in a 216x384 frame: its backdrop, blurred at a twelfth of the frame, had a purple blot at the
    lower left on one filter thread (main: 10.2 of 255 apart on average)."""
    made = _cover_draft("ring", "9:16", length_ms=1000)
    apart = _difference(monkeypatch, tmp_path, "cover", made, _media(tmp_path), (216, 384))
    assert apart.max() < NOISE, apart.round(2)
