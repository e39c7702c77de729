"""A long track alone changes its scene, not only its colours, at the music's few biggest changes (issue 29: a
4-minute electronic track showed the same tunnel for 240 s, its palette alternating): a drop, the band back after a
break. Measured on the rendered frames by their structure, which no palette changes: how the light's edges lie
(``shape``: the mean of cos 4θ and cos 6θ of the gradients' directions, weighted by their strength; a round
tunnel's rings give about 0 and 0, a square's about 1 and a diamond's about -1 on the first)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft

from .synth import audio_info, click_analysis, click_track
from .test_track_alone_look import LUMA, rgb_frames

SIZE = (256, 144)
TEMPO = 120.0  # a downbeat every 2 s
# a 3-minute electronic track: a loud intro, a break, a drop, another break and a second drop (energy by 100 ms)
SECTIONS = ((0, 0.6), (40_000, 0.2), (70_000, 0.9), (110_000, 0.25), (140_000, 0.9))
LENGTH_MS = 180_000


def _shape(frames: Any) -> np.ndarray:
    """Each frame's (cos 4θ, cos 6θ) of its gradients' directions, weighted by their strength squared, below the
    credit's band at the top."""
    light = (frames @ LUMA)[:, frames.shape[1] // 4 :, :]
    # each frame's light from its own black to its own white: a scene lit up (the peak after a breakdown,
    # ``tunnel.PEAK_LIGHT``) keeps its character
    low, high = np.percentile(light, (5, 99.5), axis=(1, 2), keepdims=True)
    light = (light - low) / (high - low + 1e-6)
    gy, gx = np.gradient(light, axis=(1, 2))
    weight, angle = gx**2 + gy**2, np.arctan2(gy, gx)
    total = weight.sum(axis=(1, 2)) + 1e-9
    return np.stack([(weight * np.cos(k * angle)).sum(axis=(1, 2)) / total for k in (4, 6)], axis=1)


def _look(frames: Any) -> np.ndarray:
    """Each frame's ``_shape`` and (since stop 55, whose scenes differ in character: a tunnel, a floor, a warp of
    streaks) the share of its edges' energy that is vertical and of its light over twice its median, each over what
    is a clear difference in it: a difference over 1 in one of them is a scene of another shape or character."""
    light = (frames @ LUMA)[:, frames.shape[1] // 4 :, :]
    # each frame's light from its own black to its own white: a scene lit up (the peak after a breakdown,
    # ``tunnel.PEAK_LIGHT``) keeps its character
    low, high = np.percentile(light, (5, 99.5), axis=(1, 2), keepdims=True)
    light = (light - low) / (high - low + 1e-6)
    gy, gx = np.gradient(light, axis=(1, 2))
    vertical = (gy**2).sum(axis=(1, 2)) / ((gx**2 + gy**2).sum(axis=(1, 2)) + 1e-9)
    sparse = (light > 2 * np.median(light, axis=(1, 2), keepdims=True) + 0.02).mean(axis=(1, 2))
    return np.concatenate([_shape(frames) / 0.3, np.stack([vertical / 0.2, sparse / 0.05], axis=1)], axis=1)


def _energy(sections: tuple[tuple[int, float], ...], length_ms: int) -> tuple[float, ...]:
    out: list[float] = []
    for (start, level), stop in zip(sections, [*(s for s, _ in sections[1:]), length_ms], strict=True):
        out += [level] * ((stop - start) // 100)
    return (*out, out[-1])


def test_a_long_track_alone_shows_three_scenes_changing_on_the_drops_downbeats(tmp_path: Path) -> None:
    song = click_track(tmp_path / "click.wav", TEMPO, LENGTH_MS)
    energy = _energy(SECTIONS, LENGTH_MS)
    analysis = click_analysis(TEMPO, LENGTH_MS, energy=energy, sections_ms=tuple(s for s, _ in SECTIONS))
    info = audio_info("song", song, LENGTH_MS)
    options = MusicVideoOptions(backdrop="pulse", visualizer=None)
    made = plan_music_video(info, analysis, [], options)
    out = tmp_path / "long.mp4"
    render_draft(made, {"song": (song, info)}, out, quality="low", size=SIZE)
    frames = rgb_frames(out, SIZE)
    fps = len(frames) / (LENGTH_MS / 1000)
    shape = _look(frames)

    def scene(start_s: float, stop_s: float) -> np.ndarray:
        return np.median(shape[round(start_s * fps) : round(stop_s * fps)], axis=0)

    # the loud scenes between the big changes, clear of the dips: the intro, the first drop, the second drop
    scenes = [scene(2, 38), scene(72, 108), scene(142, 178)]  # the loud sections (stop 55: the breaks are calm tunnels)
    apart = [float(np.abs(a - b).max()) for a, b in ((scenes[0], scenes[1]), (scenes[1], scenes[2]))]
    apart.append(float(np.abs(scenes[0] - scenes[2]).max()))
    # main: one round tunnel throughout (its palette, spokes and twist changing): the scenes' (cos 4θ, cos 6θ)
    # 0.05-0.19, no pair 0.15 apart; stop 46: a round tunnel, a square one (0.6-0.87) and a diamond one (-0.55);
    # stop 55: a round tunnel, the drop's square warp of streaks, a floor (0.69 of its edges vertical)
    assert min(apart) > 1.0, ([s.round(2).tolist() for s in scenes], apart)
    # each change on the drop's downbeat: two frames before it the old scene's structure, two after the new one's
    breaks = [scene(42, 68), scene(112, 138)]  # the scene each drop follows: a break
    for n, drop_ms in enumerate((70_000, 140_000)):
        assert drop_ms in analysis.downbeats_ms
        at = round(drop_ms / 1000 * fps)
        old, new = breaks[n], scenes[n + 1]
        before, after = shape[at - 2], shape[at + 2]
        assert np.abs(before - old).max() < np.abs(before - new).max(), (before, old, new)
        assert np.abs(after - new).max() < np.abs(after - old).max(), (after, old, new)


def test_calm_music_without_a_big_change_keeps_one_scene_for_a_minute(tmp_path: Path) -> None:
    # a ballad's minute: four sections 2-4 dB apart, no drop
    sections = ((0, 0.35), (15_000, 0.42), (30_000, 0.38), (45_000, 0.45))
    analysis = click_analysis(
        72, 60_000, drive=0.2, energy=_energy(sections, 60_000), sections_ms=(0, 15_000, 30_000, 45_000)
    )
    song = click_track(tmp_path / "calm.wav", 72, 1000)
    made = plan_music_video(audio_info("song", song, 60_000), analysis, [], MusicVideoOptions())
    lane = next(t for t in made.tracks if t.meta.get("role") == "visuals").segments
    assert {sg.meta.get("form", 0) for sg in lane} == {0}, [sg.meta for sg in lane]
