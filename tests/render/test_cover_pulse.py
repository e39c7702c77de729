"""The cover's pulse shows: on a loud downbeat the cover's edge moves out by several pixels (at 1080 lines) against
the frame half a beat later, and a glow of its colours (the red of its border) lights up round it; on calm music the
pulse is a fraction of that. (The glow is measured in the red channel: the loudest section's background, lit and
brought closer, can be brighter than the glow, which then colours it rather than lightening it.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.cover_layout import cover_layout
from nemo_notebook.protocol import MediaInfo, MediaKind

from .synth import thumping_song
from .test_cover_art import _cover_draft, _media, _red, _rgb_frames

SIZE = (640, 360)
TO_1080 = 1080 / SIZE[1]
BEAT, HALF_BEAT = 30, 38  # the downbeat at 1.0 s; a beat at 120 BPM is 0.5 s


def _pulse(
    level: str, amplitude: float, tmp_path: Path, frames_at: tuple[int, int] = (BEAT, HALF_BEAT), **meta: Any
) -> tuple[float, float]:
    """The left edge's move (px at 1080 lines) and the glow's lift (levels of 255 just outside the edge) between
    the downbeat's frame and the frame half a beat later (or the two ``frames_at``), with the music at
    ``amplitude`` in a section ``level``."""
    d = _cover_draft("poster", "16:9", visualizer=False, length_ms=1800, **meta)
    d = d.with_meta(
        sections=[{"start_ms": 0, "end_ms": 900, "level": "middle"}, {"start_ms": 900, "end_ms": 1800, "level": level}]
    )
    media = _media(tmp_path)
    song = thumping_song(tmp_path, amplitude)
    media["m"] = (song, MediaInfo("m", song.name, MediaKind.AUDIO, "wav", 1, duration_ms=3000))
    frames = _rgb_frames(render_draft(d, media, tmp_path / f"{level}-{amplitude}.mp4", size=SIZE).path)
    box = cover_layout("poster", *SIZE, (480, 480)).cover
    rows = slice(box.y + box.height // 4, box.y + 3 * box.height // 4)

    border = 24 / 480 * box.width
    to_outer = (box.width / 2) / (box.width / 2 - border)

    def inner(red: np.ndarray) -> float:  # the red border's inner edge on the left (the glow lies outside it)
        start = red.argmax(axis=1)
        return float(np.median([s + np.argmin(line[s:]) for s, line in zip(start, red, strict=True)]))

    def left(frame: np.ndarray) -> float:  # that edge as the outer's, less the cover's float (its middle's move)
        red = _red(frame)[rows]
        middle = (inner(red) + SIZE[0] - 1 - inner(red[:, ::-1])) / 2
        return inner(red) * to_outer - middle

    def light(frame: np.ndarray, edge: int) -> float:
        return float(frame[rows, max(0, edge - 10) : edge, 0].mean())  # the red of the cover's border, its glow

    on, later = frames[frames_at[0]], frames[frames_at[1]]
    edge = int(np.nonzero(_red(on)[rows].any(axis=0))[0].min())  # (the glow's red, on the beat, included)
    return (left(later) - left(on)) * TO_1080, light(on, edge) - light(later, edge)


def test_a_loud_downbeat_moves_the_cover_edge_and_lights_a_glow_calm_music_far_less(tmp_path: Path) -> None:
    loud_px, loud_glow = _pulse("loudest", 0.8, tmp_path)
    assert loud_px >= 10, loud_px  # was 3 px (a 3 % pulse, half of it left half a beat on)
    assert loud_glow >= 15, loud_glow  # levels of 255 just outside the edge
    for level, amplitude in (("calm", 0.8), ("loudest", 0.05)):  # a calm section; a quiet song's loudest
        calm_px, calm_glow = _pulse(level, amplitude, tmp_path)
        # calm 7.3 px at 0.8 on s66's main and on s67-cover4; the loud edge there 13.3 px, here 11.8 (half a pixel at
        # 360 lines, its glow 43 -> 61 levels brighter round the edge) though its pulse grew from 5 to 6 of 8 steps
        assert calm_px <= 0.65 * loud_px and calm_glow <= 0.4 * loud_glow, (level, amplitude, calm_px, calm_glow)


def test_a_quietly_mastered_track_pulses_as_a_loud_one_a_whisper_still_does_not(tmp_path: Path) -> None:
    loud_px, _ = _pulse("loudest", 0.8, tmp_path)
    mastered_quietly_px, _ = _pulse("loudest", 0.2, tmp_path)  # -18 dB on its downbeats, as a track at -19.6 LUFS
    # was 0.17 of it (2 px); the edge is read at 360 lines, so one of its pixels is 3 px here, a fifth of the loud move:
    # 0.89 on the cover branch alone, 0.79 merged with s38-files (its colour-tag and see-through changes move the red
    # edge by a pixel)
    assert mastered_quietly_px >= 0.75 * loud_px, (mastered_quietly_px, loud_px)
    whisper_px, _ = _pulse("loudest", 0.02, tmp_path)  # -38 dB: lifted 9 dB at most, still the least pulse
    assert whisper_px <= 0.4 * loud_px, (whisper_px, loud_px)


def test_the_loudest_sections_other_beats_pulse_too_a_smaller_pulse(tmp_path: Path) -> None:
    downbeat_px, _ = _pulse("loudest", 0.8, tmp_path, beats_ms=[1000, 1500])
    beat_px, _ = _pulse("loudest", 0.8, tmp_path, (45, 53), beats_ms=[1000, 1500])  # the beat at 1.5 s, 0.27 s on
    assert 4 <= beat_px < downbeat_px, (beat_px, downbeat_px)  # the downbeats alone pulsed
