"""The bars over pictures are drawn at half the video's rate, each drawing shown on two frames (as a track alone's
designs are, ``visualizer_designs.design_rate``): their spectrum, cuts, rounding, trails and fade ran on every frame
of a 30 fps video before, and x264 coded a new strip on every frame (about two fifths of the video's bits; issue 29
asks the music video within 1.3x of the encode floor: ``python -m tests.benchmarks music_video``). The trails fall
as fast a second as before, and the export keeps its rate and length."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from nemo_notebook.engine.render import canvas_for, render_draft
from nemo_notebook.engine.render.visualizer import placed
from nemo_notebook.engine.render.visualizer_designs import halved
from tests.conftest import shared_media

from .drafts import draft, shot
from .synth import audio_info, gray_frames, image_info, picture

MS = 3000
SIZE = (640, 360)


def test_the_bars_are_drawn_at_half_the_rate_of_a_video_from_24_fps() -> None:
    assert [halved(fps) for fps in (30, 24, 25, 60, 15, 12)] == [15, 12, 25, 30, 15, 12]


def test_each_drawing_of_the_bars_over_a_picture_is_shown_on_two_frames(tmp_path: Path) -> None:
    """A still grey picture under the automatic bars for 3 s of a drum and bass song: in the strip, one frame of
    each pair repeats the one before (the encoder's noise: a few pixels change by more than 8 levels), where on main
    every frame changed by hundreds of pixels."""
    song = shared_media("choice-drum-bass.ogg")
    still = picture(tmp_path / "grey.jpg", "#707070", "1920x1080")
    media = {
        "song": (song, audio_info("song", song, MS)),
        "grey": (still, replace(image_info("grey", still), width=1920, height=1080)),
    }
    made = draft([shot("grey", 0, MS, motion="none")], MS, music="song", visualizer={"effect": "spectrum"})
    box = placed(made, made.tracks[1].segments[0], media, canvas_for(made, SIZE)).box
    frames = gray_frames(render_draft(made, media, tmp_path / "bars.mp4", size=SIZE).path)
    assert abs(len(frames) - MS * 30 // 1000) <= 1, len(frames)
    strip = frames[:, box.y : box.y + box.height, box.x : box.x + box.width]
    moved = (np.abs(np.diff(strip[15:75], axis=0)) > 8).sum(axis=(1, 2))  # past the title, before the fade
    repeats, changes = sorted((moved[phase::2] for phase in (0, 1)), key=lambda m: int(m.sum()))
    assert float(np.median(changes)) > 200, changes  # the bars move
    assert float(np.median(repeats)) < 0.1 * float(np.median(changes)), (repeats, changes)
