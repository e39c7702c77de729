"""A looping, silent draft (a Spotify Canvas) renders as an MP4 without sound whose last frame flows into its first."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft

from .conftest import Assets
from .drafts import draft, shot
from .synth import gray_frames


def _ffprobe_streams(path: Path) -> list[str]:
    import av

    with av.open(str(path)) as container:
        return [stream.type for stream in container.streams]


def test_a_loop_ends_on_the_frame_before_its_start_and_has_no_sound(assets: Assets, tmp_path: Path) -> None:
    pics = assets.picture_ids
    shots = [shot(pics[0], 0, 2000, motion="zoom_in"), shot(pics[1], 2000, 2000), shot(pics[2], 4000, 2000)]
    loop = draft(shots, 6000, aspect="9:16", music=None, loop_ms=1000, silent=True)
    out = render_draft(loop, assets.media, tmp_path / "canvas.mp4", quality="low")
    assert _ffprobe_streams(out.path) == ["video"]
    frames = gray_frames(out.path)
    assert len(frames) == 180  # 6 s at 30 fps: the crossfade's extra second is inside, not added
    assert frames.shape[1:] == (854, 480)
    seam = float(np.abs(frames[-1] - frames[0]).mean())
    step = np.abs(np.diff(frames, axis=0)).mean(axis=(1, 2))
    cut = float(step.max())  # the hard cut from one picture to the next
    # the jump back to the start is one step of the dissolve (1/30 of the two pictures' difference), as small as
    # the steps before it, where a loop without the dissolve would jump as far as a cut
    assert seam < 4.0, f"the loop's last frame is {seam:.1f} levels from its first"
    assert seam <= 2 * float(step[-30:].max())
    assert cut > 10 * seam


def test_a_canvas_caps_its_video_bit_rate_and_asks_for_no_sound(assets: Assets, tmp_path: Path) -> None:
    from nemo_notebook.engine.render import PRESETS, build_graph, canvas_for, ffmpeg_command
    from nemo_notebook.protocol import Quality

    loop = draft(
        [shot(assets.picture_ids[0], 0, 4000)], 4000, aspect="9:16", music=None, silent=True, max_video_kbps=6000
    )
    canvas = canvas_for(loop, lines=720)
    cmd = ffmpeg_command(
        build_graph(loop, assets.media, canvas),
        tmp_path / "g.txt",
        canvas,
        PRESETS[Quality.MEDIUM],
        tmp_path / "o.mp4",
        draft=loop,
    )
    assert cmd[cmd.index("-maxrate") + 1] == "6000k"
    assert "[aout]" not in cmd and "-c:a" not in cmd
