"""A track alone changes scene (palette, layout) where the song's section changes through the dark, never through a
double exposure: a dissolve laid two designs over each other for a second ("double-exposed frames at the dissolves",
a blind reviewer of a ballad's aurora). Measured on the frames around the cut."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft

from .synth import audio_info, click_analysis, click_track
from .test_track_alone_look import LUMA, rgb_frames

SIZE = (192, 108)


def test_a_calm_track_alone_changes_scene_through_the_dark_not_a_double_exposure(tmp_path: Path) -> None:
    song = click_track(tmp_path / "click.wav", 72, 14_000)
    quiet = (0.15,) * 100 + (0.7,) * 501
    analysis = click_analysis(72, 60_000, drive=0.2, flatness=0.003, mode=0.2, energy=quiet, sections_ms=(0, 10_000))
    options = MusicVideoOptions(backdrop="aurora", visualizer=None)
    made = plan_music_video(audio_info("song", song, 60_000), analysis, [], options)
    made = dataclasses.replace(made, duration_ms=14_000)
    scenes = next(t for t in made.tracks if t.meta.get("role") == "visuals").segments
    cut = scenes[1]
    assert cut.meta["transition_in"] == "dip" and cut.meta["transition_ms"] >= 600, cut.meta
    out = tmp_path / "dip.mp4"
    render_draft(made, {"song": (song, audio_info("song", song, 60_000))}, out, quality="low", size=SIZE)
    luma = rgb_frames(out, SIZE) @ LUMA
    fps = len(luma) / 14
    at = round(cut.start_ms / 1000 * fps)
    before, after = float(luma[at - round(fps)].mean()), float(luma[at + round(fps)].mean())
    darkest = float(min(luma[at - 2 : at + 2].mean(axis=(1, 2))))
    # a dissolve's middle lies between the two scenes (main: 1.22 of the darker one's mean light); a dip's is dark (0.04)
    assert darkest < 0.35 * min(before, after), (darkest, before, after)
