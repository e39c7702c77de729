"""A small clip that sits as an inset in 16:9 stands on a fill darker than itself (issue 29: the 320x240
``tree.avi``, at 4 times in held-out export 07, sat on a blur of its own pale sky, "a pale blur" to a blind reviewer,
its edges lost in it). The clip is a pale, overexposed test pattern of that size."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import MediaInfo, MediaKind

from .drafts import draft, shot
from .synth import ffmpeg

SIZE = (640, 360)


def test_a_small_clip_inset_in_16_9_stands_on_a_darker_fill(tmp_path: Path) -> None:
    """The fill beside the inset (its outer 80 columns each side) against the inset's middle, in mean luma: 0.79 on
    main (145.6 against 185.3), 0.46-0.47 here; the inset as bright as on main (its own pixels: 184-185)."""
    import av

    path = tmp_path / "pale.mp4"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x240:r=15:d=2", "-vf", "lutyuv=y=150+val*0.4,format=yuv420p",
           "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", str(path))  # fmt: skip
    info = MediaInfo("pale", path.name, MediaKind.VIDEO, "mp4", 1, duration_ms=2000, width=320, height=240)
    d = draft([shot(info.id, 0, 2000, motion="none")], 2000, music=None)
    made = render_draft(d, {info.id: (path, info)}, tmp_path / "inset.mp4", size=SIZE)
    with av.open(str(made.path)) as container:
        frames = [f.to_ndarray(format="gray") for f in container.decode(video=0)][::10]
    for grey in (frame.astype(np.float64) for frame in frames):
        fill = float(np.concatenate([grey[:, :80], grey[:, -80:]], axis=1).mean())
        inset = float(grey[90:270, 220:420].mean())
        assert fill < 0.7 * inset, (round(fill, 1), round(inset, 1))
        assert inset > 150, inset
