"""The visualizer fades out with the video's closing fade to black (its bars were left drawn on black)."""

from __future__ import annotations

from pathlib import Path

from nemo_notebook.engine.render import render_draft

from .drafts import draft, shot
from .synth import audio_info, gray_frames, image_info, picture
from .test_visualizer_sparse import plucks

SIZE = (320, 180)
MS = 4000


def test_the_bars_fade_to_black_with_the_last_shot(tmp_path: Path) -> None:
    song, grey = plucks(tmp_path / "song.wav"), picture(tmp_path / "grey.jpg", "0x606060")
    media = {"song": (song, audio_info("song", song, MS)), "grey": (grey, image_info("grey", grey))}
    viz = {"effect": "spectrum", "color": "#ffffff", "position": "bottom"}
    closing = [shot("grey", 0, MS, motion="none", fade_out_ms=1500)]
    frames = gray_frames(render_draft(draft(closing, MS, music="song", visualizer=viz), media, tmp_path / "v.mp4",
                                      size=SIZE).path)  # fmt: skip
    strip = frames[:, int(0.74 * SIZE[1]) :, :]
    assert strip[len(strip) // 3].max() > 150  # the bars are drawn while the picture plays
    assert strip[-1].max() < 25, strip[-1].max()  # and gone at the end, with the picture
    assert strip[-12].max() < strip[len(strip) // 3].max()  # on the way down, not popped off at the end
