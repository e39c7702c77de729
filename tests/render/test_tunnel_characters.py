"""The pulse design's scenes differ in character, not only in colour and shape of ring (held-out 06 of stop 54: ten
scenes of tunnels, "after the first few minutes the scenes feel samey"; issue 29), and none aliases into moire at
a preview's size (its drop's tightly twisted spokes: "moire at this size", 3:34-4:00).

Measured on rendered frames by what no palette changes: which way the light's edges lie (the share of the
gradients' energy that is vertical: a floor's horizontal lines about 0.8, a tunnel's rings about half), how sparse
the light is (the share of the frame over twice its median light: a warp's streaks over a dark sky) and how much
the frame changes from one drawn frame to the next (a floor drifting sideways, a tunnel resting between its
pushes). Moire: the frame against the same scene drawn four times finer, both taken to the field's detail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import backdrops, render_draft

try:  # the band-limited lines are new (stop 55): main draws the finer field with its own lines as they are
    from nemo_notebook.engine.render import tunnel
except ImportError:
    tunnel = None  # type: ignore[assignment]

import itertools

from .drafts import draft, shot
from .synth import audio_info, click_analysis, click_track, gray_frames
from .test_track_alone_look import LUMA, rgb_frames

SIZE = (256, 144)
TEMPO = 120.0
# a 50 s electronic track: a quiet intro, three loud sections and the drop between them (energy by 100 ms)
SECTIONS = ((0, 0.3), (8_000, 0.7), (18_000, 0.72), (28_000, 0.95), (40_000, 0.7))
LENGTH_MS = 50_000
COLORS = ["#030822", "#1a52ff", "#00e5ff", "#ff3fd2"]


def _energy() -> tuple[float, ...]:
    out: list[float] = []
    for (start, level), stop in zip(SECTIONS, [*(s for s, _ in SECTIONS[1:]), LENGTH_MS], strict=True):
        out += [level] * ((stop - start) // 100)
    return (*out, out[-1])


def character(frames: Any) -> np.ndarray:
    """A scene's (vertical share of its edges, share of its frame over twice the median light, mean change a drawn
    frame in levels of 255), its frames (n, height, width) light 0..1, below the credit's band at the top."""
    light = frames[:, frames.shape[1] // 4 :, :]
    gy, gx = np.gradient(light, axis=(1, 2))
    vertical = float((gy**2).sum() / ((gx**2 + gy**2).sum() + 1e-9))
    median = np.median(light, axis=(1, 2), keepdims=True)
    sparse = float((light > 2 * median + 0.02).mean())
    moved = np.abs(np.diff(light[::2], axis=0)).mean() * 255  # the field is drawn at half the rate: every other
    return np.array([vertical, sparse, float(moved)])


def test_a_long_tracks_loud_scenes_and_its_drop_differ_in_character_not_only_colour(tmp_path: Path) -> None:
    song = click_track(tmp_path / "click.wav", TEMPO, LENGTH_MS)
    analysis = click_analysis(TEMPO, LENGTH_MS, energy=_energy(), sections_ms=tuple(s for s, _ in SECTIONS))
    info = audio_info("song", song, LENGTH_MS)
    made = plan_music_video(info, analysis, [], MusicVideoOptions(backdrop="pulse", visualizer=None))
    out = render_draft(made, {"song": (song, info)}, tmp_path / "long.mp4", quality="low", size=SIZE)
    light = rgb_frames(out.path, SIZE) @ LUMA
    fps = len(light) / (LENGTH_MS / 1000)
    # the loud scenes and the drop, clear of their changes: loud, loud, the drop, loud
    spans = ((9.5, 16.5), (19.5, 26.5), (29.5, 38.5), (41.5, 48.5))
    scenes = [character(light[round(a * fps) : round(b * fps)]) for a, b in spans]
    shown = [s.round(3).tolist() for s in scenes]
    # each scene unlike the one before it: main's first two loud scenes were one tunnel in two palettes, (0.31,
    # 0.21, 5.3) and (0.31, 0.22, 5.6); now a tunnel, a floor (0.69 of its edges' energy vertical), the warp, a tunnel
    apart = [float(np.max(np.abs(a - b) / SCALE)) for a, b in itertools.pairwise(scenes)]
    assert min(apart) > 1.0, (shown, apart)
    # the drop changes the scene: sparse streaks over a dark sky (main's drop: a twisted tunnel, 0.19 of it lit
    # over twice its median, as the loud scenes' 0.19-0.21; now 0.11)
    loud = [scenes[n] for n in (0, 1, 3)]
    assert scenes[2][1] < 0.8 * min(s[1] for s in loud), shown


SCALE = np.array([0.2, 0.05, 1.5])  # a clear difference in each of ``character``'s measures


def _drawn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variant: str, finer: int = 1) -> Any:
    """The first frame of a scene of the pulse design in ``variant`` at a preview's 640x360, its field drawn
    ``finer`` times finer (the lines' fading as at the field's own size)."""
    if finer > 1:
        field_size, fade = backdrops.field_size, getattr(tunnel, "band_limited", None)
        monkeypatch.setattr(backdrops, "field_size", lambda canvas: field_size(canvas, backdrops.FIELD_LINES * finer))
        if fade is not None:
            monkeypatch.setattr(tunnel, "band_limited", lambda r, per_r, lines: fade(r, per_r, lines // finer))
    scene = shot(None, 0, 300, design="pulse", effect="pulse", variant=variant, colors=COLORS)
    made = draft([scene], 300, music=None, backdrop="pulse", bpm=120.0, beats_ms=[0])
    frame = gray_frames(render_draft(made, {}, tmp_path / f"{variant}{finer}.mp4", size=(640, 360)).path)[0]
    monkeypatch.undo()
    return frame


def _band(light: Any, sigma: float) -> Any:
    """``light``'s detail between ``sigma`` and four times it (pixels; a difference of Gaussians)."""
    fy, fx = np.fft.fftfreq(light.shape[0])[:, None], np.fft.fftfreq(light.shape[1])[None, :]
    spectrum, f2 = np.fft.fft2(light), fx**2 + fy**2
    gauss = [np.exp(-2 * (np.pi * s) ** 2 * f2) for s in (sigma, 4 * sigma)]
    return np.real(np.fft.ifft2(spectrum * (gauss[0] - gauss[1])))


def test_the_drop_does_not_alias_into_moire_at_a_previews_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The frame's detail 2-8 pixels across (what a 72-line field enlarged five times can show) against the same
    scene drawn four times finer: what differs is moire, false stripes the field's pixels made of finer lines.
    Main's drop (8 spokes twisted 2.6 turns a unit of log radius): 0.39 of the detail false; now (the warp, its
    streaks fading towards the vanishing point) 0.20, about a loud tunnel's 0.15 (without a twist: what the
    enlargement's own smoothing leaves)."""
    coarse, fine = _drawn(tmp_path, monkeypatch, "drop"), _drawn(tmp_path, monkeypatch, "drop", 4)
    below = slice(90, None)  # below the credit's band
    false = np.abs(_band(coarse, 2) - _band(fine, 2))[below].mean() / (np.abs(_band(fine, 2))[below].mean() + 1)
    assert false < 0.25, false
