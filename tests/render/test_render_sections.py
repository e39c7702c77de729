"""Each section of the song its own look (``m.sections``): the loudest section more saturated and with a stronger
visualizer, the calm ones softer and quieter; drafts without sections render as before."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import numpy as np

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render import build_graph, canvas_for, render_draft
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.engine.render.sections import grade_filter, sections_of, strength_chain
from nemo_notebook.engine.render.visualizer import box_for

from .drafts import draft, shot
from .synth import audio_info, ffmpeg, image_info, picture

SIZE = (320, 180)
SECTIONS = [
    {"start_ms": 0, "end_ms": 1500, "level": "calm"},
    {"start_ms": 1500, "end_ms": 3000, "level": "loudest"},
]


def _frames(video: Path) -> np.ndarray:
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(video), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        check=True,
        capture_output=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, SIZE[1], SIZE[0], 3).astype(float)


def _saturation(frames: np.ndarray) -> float:
    """Mean HSV saturation, 0..1."""
    high, low = frames.max(axis=-1), frames.min(axis=-1)
    return float(np.mean((high - low) / np.maximum(high, 1)))


def test_sections_are_read_leniently_and_none_means_no_filters() -> None:
    assert sections_of({}) == [] and sections_of({"sections": "x"}) == []
    assert len(sections_of({"sections": [*SECTIONS, {"start_ms": 5, "end_ms": 2, "level": "calm"}, 3]})) == 2
    assert grade_filter([]) == "" and strength_chain([], 0.9, 0) == (0.9, "")
    middle = sections_of({"sections": [{"start_ms": 0, "end_ms": 10, "level": "middle"}]})
    assert grade_filter(middle) == ""
    drawn, chain = strength_chain(sections_of({"sections": SECTIONS}), 0.9, 1000)  # a visualizer from 1 s on
    assert drawn == 1.0 and chain == ",lut=a=val*0.540:enable='between(t,-1,0.5)'"


def test_a_draft_without_sections_renders_the_same_graph_as_before(tmp_path: Path) -> None:
    pic = picture(tmp_path / "p.png", "0x806040")
    media = {"pic": (pic, image_info("pic", pic))}
    plain = draft([shot("pic", 0, 3000, motion="none")], 3000, music=None)
    script = build_graph(plain, media, canvas_for(plain, SIZE)).script()
    assert "eq=" not in script and "enable='between" not in script
    graded = draft([shot("pic", 0, 3000, motion="none")], 3000, music=None, sections=SECTIONS)
    assert "eq=saturation=" in build_graph(graded, media, canvas_for(graded, SIZE)).script()


def test_the_loudest_section_is_more_saturated_than_a_calm_one(tmp_path: Path) -> None:
    pic = picture(tmp_path / "p.png", "0x806040")
    media = {"pic": (pic, image_info("pic", pic))}
    d = draft([shot("pic", 0, 3000, motion="none")], 3000, music=None, sections=SECTIONS, warmth=1)
    frames = _frames(render_draft(d, media, tmp_path / "out.mp4", quality="low", size=SIZE).path)
    fps = len(frames) / 3
    calm, loud = (_saturation(frames[int(a * fps) : int(b * fps)]) for a, b in ((0.2, 1.3), (1.7, 2.8)))
    assert loud > calm * 1.15, (calm, loud)  # measured: 1.15 / 0.92 ≈ 1.25 times


def test_the_visualizer_is_stronger_in_the_loudest_section_than_in_a_calm_one(tmp_path: Path) -> None:
    tone = tmp_path / "tone.wav"
    ffmpeg("-f", "lavfi", "-i", "sine=f=220:r=48000:d=3", "-ac", "2", str(tone))  # the same level throughout
    dark = picture(tmp_path / "dark.png", "0x202020")
    media: dict[str, Any] = {"song": (tone, audio_info("song", tone, 3000)), "dark": (dark, image_info("dark", dark))}
    viz = {"effect": "spectrum", "color": "#ffffff", "position": "bottom", "opacity": 0.9}
    d = draft([shot("dark", 0, 3000, motion="none")], 3000, music="song", visualizer=viz, sections=SECTIONS)
    frames = _frames(render_draft(d, media, tmp_path / "viz.mp4", quality="low", size=SIZE).path)
    box = box_for("spectrum", "bottom", Canvas(SIZE[0], SIZE[1], 30, 90, 3000, 120.0, 0))
    strip = frames[:, box.y : box.y + box.height, box.x : box.x + box.width].max(axis=-1).reshape(len(frames), -1)
    bars = np.percentile(strip, 99, axis=1)  # the bars' brightness, frame by frame (the tone draws a few)
    fps = len(frames) / 3
    calm, loud = (float(bars[int(a * fps) : int(b * fps)].mean()) for a, b in ((0.5, 1.3), (1.9, 2.8)))
    assert loud > 200  # drawn fully opaque (white), over the picture's 0x20 grey
    assert loud - 32 > 1.4 * (calm - 32), (calm, loud)  # measured: opacity 1.0 against 0.54
