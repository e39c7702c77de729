"""The aurora's horizon is a soft hill of light, not a graph: no white stroke standing over its body, and no jump at a
scene change ("the 'horizon the music draws' is a thick white line ... it reads as a loudness graph", "the horizon
waveform still jumps in one frame at scene changes (171.1 s)", blind reviewers of held-out 05, a ballad alone).

A calm track alone (aurora, 72 BPM) of 8 s whose second, louder section the planner starts at 3.33 s, rendered with its
horizon and without; the horizon's light is the difference. Down each column its crest is the top row lit at half the
column's peak or more; each frame's move is the median over the columns lit in both frames."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft

from .synth import audio_info, click_analysis, ffmpeg, gray_frames

SIZE = (320, 180)
MS, SECTION_MS = 8000, 4000
LIT = 40  # a column the horizon lights by this many levels at its peak


@pytest.fixture(scope="module")
def horizon(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, int]:
    """The light the horizon adds to each pixel of each frame (frames, height, width) and its scene change's frame."""
    folder = tmp_path_factory.mktemp("horizon")
    song = folder / "song.wav"
    notes = "(0.5*sin(2*PI*(110+55*floor(mod(t,4)))*t)*exp(-2*mod(t,0.5))+0.25*sin(2*PI*330*t))"
    tune = f"aevalsrc='if(lt(t,{SECTION_MS / 1000}),0.08,0.25)*{notes}':s=44100:d={MS / 1000}"
    ffmpeg("-f", "lavfi", "-i", tune, "-ac", "2", str(song))
    energy = (0.2,) * (SECTION_MS // 100) + (0.6,) * ((MS - SECTION_MS) // 100 + 1)
    analysis = click_analysis(72, MS, drive=0.2, flatness=0.003, mode=0.2, energy=energy, sections_ms=(0, SECTION_MS))
    info = audio_info("song", song, MS)
    frames, cuts = {}, []
    for name, options in (
        ("with", MusicVideoOptions(backdrop="aurora")),
        ("without", MusicVideoOptions(backdrop="aurora", visualizer=None)),
    ):
        made = plan_music_video(info, analysis, [], options)
        cuts.append(next(t for t in made.tracks if t.meta.get("role") == "visuals").segments[1].start_ms)
        out = render_draft(made, {"song": (song, info)}, folder / f"{name}.mp4", quality="low", size=SIZE)
        frames[name] = gray_frames(out.path).astype(np.float32)
    assert cuts[0] == cuts[1], cuts
    fps = len(frames["with"]) / (MS / 1000)
    return frames["with"] - frames["without"], round(cuts[0] / 1000 * fps)


def _crest(light: Any) -> tuple[Any, Any, Any]:
    peak = light.max(axis=1)
    return peak, peak > LIT, np.argmax(light >= 0.5 * peak[:, None, :], axis=1).astype(np.float32)


def test_the_horizon_crosses_a_scene_change_without_a_jump(horizon: tuple[Any, int]) -> None:
    light, at = horizon
    _, lit, top = _crest(light)
    moves, both = np.abs(np.diff(top, axis=0)), lit[1:] & lit[:-1]
    # rows the crest moves from each frame to the next
    step = np.array([float(np.median(m[b])) if b.any() else 0.0 for m, b in zip(moves, both, strict=True)])
    near = float(step[at - 6 : at + 12].max())
    elsewhere = float(np.percentile(np.concatenate([step[8 : at - 8], step[at + 14 : -8]]), 99))
    # main: 19 rows on the scene's first frame (36 at 360 lines), where the crest moved 10 elsewhere (its 99th
    # percentile, 17.5 at most); now the old horizon fades out over the new one: 6 rows at most, against 12
    assert near <= elsewhere, (near, elsewhere, np.round(step[at - 6 : at + 12], 1).tolist())


def test_the_horizons_crest_is_a_soft_glow_over_its_body_not_a_white_stroke(horizon: tuple[Any, int]) -> None:
    light, _ = horizon
    peak, lit, top = _crest(light)
    below = np.take_along_axis(light, np.minimum(top + 6, light.shape[1] - 1)[:, None, :].astype(int), axis=1)[:, 0]
    stroke = float(np.median((peak - below)[8:][lit[8:]]))  # the crest's light over the body 6 rows under it
    # main: 192 levels (a white line over next to nothing); now 75, the crest itself 132 over the sky
    assert stroke < 110, stroke


def test_the_horizon_is_a_smooth_hill_that_rolls_not_a_traced_line(horizon: tuple[Any, int]) -> None:
    light, _ = horizon
    _, lit, top = _crest(light)
    wiggles, moves = [], []
    for n in range(8, len(top)):
        rows, on = top[n, ::4], lit[n, ::4]  # the crest every 4 columns (about one of the 96 bands at 320 wide)
        runs = on[:-2] & on[1:-1] & on[2:]
        if runs.sum() > 5:  # its curvature: the second differences of its rows where it is lit
            wiggles.append(float(np.abs(np.diff(rows, 2))[runs].mean()))
        both = lit[n] & lit[n - 1]
        if both.any():
            moves.append(float(np.median(np.abs(top[n] - top[n - 1])[both])))
    wiggle, move = float(np.median(wiggles)), float(np.percentile(moves, 90))
    # merge54: 2.4 rows of curvature (a peak at each note's bands), moving 3 rows a frame (90th percentile); now
    # 0.7 (a few broad swells across the width, sloping into each other), still 3 rows a frame
    assert wiggle < 1.4 and move <= 3, (wiggle, move)
