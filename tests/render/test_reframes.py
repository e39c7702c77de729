"""A reframe cut (issue 29: few pictures under a driving song) is seen: the frames either side of it differ, and the
close framing holds the picture's subject, larger than the wide one shows it."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.render.scenes import HEIGHT, WIDTH, empty_sky, kite_sky, save

from .drafts import draft, shot


def _frames(path: Path) -> np.ndarray:
    import av

    with av.open(str(path)) as container:
        return np.stack([f.to_ndarray(format="rgb24").astype(np.float32) for f in container.decode(video=0)])


def _kite_pixels(frame: np.ndarray) -> int:
    red = (frame[..., 0] > 150) & (frame[..., 1] < 90) & (frame[..., 2] < 110)
    yellow = (frame[..., 0] > 170) & (frame[..., 1] > 140) & (frame[..., 2] < 90)
    return int(red.sum() + yellow.sum())


def test_a_cut_to_the_close_framing_shows_the_subject_nearer(tmp_path: Path) -> None:
    path = save(kite_sky(0), tmp_path / "kite.png")
    sky = save(empty_sky(1), tmp_path / "sky.png")  # a second picture: a picture alone is a cover, shown whole
    media = {
        name: (p, MediaInfo(name, p.name, MediaKind.IMAGE, "png", 1, width=WIDTH, height=HEIGHT))
        for name, p in (("kite", path), ("sky", sky))
    }
    shots = [
        shot("kite", 0, 1000, motion="none", name="kite.png"),
        shot("kite", 1000, 1000, motion="none", framing="close", zoom=1.8, reframe=1),
        shot("kite", 2000, 1000, motion="none", reframe=2),
        shot("kite", 3000, 1000, motion="none", framing="detail", zoom=1.8, reframe=3),
        shot("sky", 4000, 500, motion="none"),
    ]
    made = render_draft(draft(shots, 4500, music=None), media, tmp_path / "r.mp4", size=(320, 180))
    frames = _frames(made.path)
    assert len(frames) == 135
    wide, close, wide_again = frames[28], frames[32], frames[62]
    assert np.abs(close - wide).mean() > 12, np.abs(close - wide).mean()  # the cut is seen
    assert np.abs(wide_again - wide).mean() < 3  # back to the same wide view
    # the kite in both, and nearer in the close framing: 1.8 times nearer is 3.2 times the area
    assert _kite_pixels(wide) >= 4
    assert _kite_pixels(close) >= 2.5 * _kite_pixels(wide), (_kite_pixels(wide), _kite_pixels(close))
    assert _kite_pixels(frames[100]) >= 1  # the detail (no second subject: nearer on the first) holds it too
