"""Non-square pixels shown at their display aspect: PAL DV's 720×576 at 64:45 is a 16:9 picture, not a 5:4 one."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.intake.probe import probe
from nemo_notebook.engine.render import render_draft

from .drafts import draft, shot
from .synth import ffmpeg, gray_frames


def test_an_anamorphic_clip_is_reported_and_rendered_at_its_display_aspect(tmp_path: Path) -> None:
    """A white circle in the stored 720×576 picture, flagged 64:45: it must come out round in a 16:9 export (the
    stretched picture would draw it 1.42 times as tall as wide)."""
    clip = tmp_path / "dv.mp4"
    ffmpeg("-f", "lavfi", "-i", "color=c=black:s=720x576:d=1:r=25,format=yuv420p,"
           "geq=lum='if(lt(hypot((X-360)*64/45,Y-288),150),235,16)':cb=128:cr=128,setsar=64/45",
           "-c:v", "libx264", "-t", "1", str(clip))  # fmt: skip
    info = probe(clip, media_id="v", name="dv.mp4")
    assert (info.width, info.height) == (1024, 576)
    d = draft([shot("v", 0, 800, motion="none")], 800, music=None)
    frame = gray_frames(render_draft(d, {"v": (clip, info)}, tmp_path / "out.mp4", size=(320, 180)).path)[5]
    ys, xs = np.nonzero(frame > 128)
    width, height = xs.max() - xs.min() + 1, ys.max() - ys.min() + 1
    assert 0.85 < width / height < 1.15, (width, height)
