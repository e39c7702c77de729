"""A song alone changes its composition with its sections, not only its colours (issue 29; a blind reviewer of a
4-minute song alone: "4 minutes of one aurora-and-waveform graphic with 6 colour changes ... nothing new happens
after the first minute"): a quiet section frames the design smaller (the tunnel's ring off to one side in 16:9),
the loudest larger, and a calm section moves less than a loud one.

The song: 24 s at 120 BPM in three sections of 8 s, each louder than the one before (-30, -10 and -1 dB), its
visualizer drawn in pure green so that it can be told from any palette's colours. Measured on the rendered frames
(below the credit's band): where the visualizer's light lies in each section (the box round the pixels it lights in
at least 3 % of the section's frames, and their centre), and the mean change of luma between frames half a second
apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft

from .synth import audio_info, click_analysis, ffmpeg
from .test_track_alone_look import LUMA, rgb_frames

SIZE = (256, 144)
LENGTH_MS, SECTION_MS = 24_000, 8_000
LEVELS = (0.03, 0.3, 0.9)  # each section's amplitude
ENERGY = (0.2, 0.6, 0.95)  # and its energy, as the analysis gives it
GREEN = "#00ff00"


def _song(path: Path) -> Path:
    """A bass note on every beat, a wavering middle note, a bell each bar and a hiss off the beat, at each
    section's level."""
    level = f"if(lt(t,8),{LEVELS[0]},if(lt(t,16),{LEVELS[1]},{LEVELS[2]}))"
    body = (
        "(0.6*sin(2*PI*55*t)*exp(-6*mod(t,0.5))+0.25*sin(2*PI*220*t+3*sin(2*PI*2*t))"
        "+0.2*sin(2*PI*660*t)*exp(-3*mod(t,1))+0.15*(random(0)-0.5)*exp(-30*mod(t+0.25,0.5)))"
    )
    ffmpeg("-f", "lavfi", "-i", f"aevalsrc='{level}*{body}':s=44100:d={LENGTH_MS / 1000}", "-ac", "2", str(path))
    return path


def _rendered(tmp_path: Path, design: str) -> Any:
    song = _song(tmp_path / "song.wav")
    energy = (*(e for e in ENERGY for _ in range(SECTION_MS // 100)), ENERGY[-1])
    analysis = click_analysis(120, LENGTH_MS, drive=0.9, energy=energy, sections_ms=(0, SECTION_MS, 2 * SECTION_MS))
    info = audio_info("song", song, LENGTH_MS)
    made = plan_music_video(info, analysis, [], MusicVideoOptions(backdrop=design, visualizer_color=GREEN))
    scenes = next(t for t in made.tracks if t.meta.get("role") == "visuals").segments
    assert [sg.meta["variant"] for sg in scenes] == ["quiet", "loud", "drop"], [sg.meta for sg in scenes]
    out = tmp_path / f"{design}.mp4"
    render_draft(made, {"song": (song, info)}, out, quality="low", size=SIZE)
    return rgb_frames(out, SIZE)


def _sections(frames: Any) -> list[Any]:
    """Each section's frames, a second clear of its ends (the dips between scenes), below the credit's band."""
    fps = len(frames) / (LENGTH_MS / 1000)
    spans = [(n * SECTION_MS / 1000 + 1, (n + 1) * SECTION_MS / 1000 - 1) for n in range(3)]
    return [frames[round(a * fps) : round(b * fps), SIZE[1] // 4 :] for a, b in spans]


def _visualizer_box(frames: Any) -> tuple[float, ...]:
    """The box (left, right, top, bottom) and the centre (x, y) of the pixels the green visualizer lights in 3 % of
    the frames or more, as shares of the frame."""
    r, g, b = frames[..., 0], frames[..., 1], frames[..., 2]
    lit = ((g > 0.5) & (g > 1.6 * r) & (g > 1.6 * b)).mean(axis=0) >= 0.03
    ys, xs = np.nonzero(lit)
    assert len(xs), "no visualizer"
    top = SIZE[1] // 4
    w, h = SIZE
    return (
        xs.min() / w,
        xs.max() / w,
        (ys.min() + top) / h,
        (ys.max() + top) / h,
        xs.mean() / w,
        (ys.mean() + top) / h,
    )


def _motion(frames: Any) -> float:
    """The mean change of luma (0..255) between frames half a second apart."""
    luma = frames @ LUMA * 255
    half = round(len(frames) / ((SECTION_MS - 2000) / 1000) / 2)
    return float(np.abs(luma[half:] - luma[:-half]).mean())


@pytest.mark.parametrize("design", ["aurora", "pulse", "bokeh"])
def test_a_song_alones_sections_differ_in_composition_and_calm_moves_least(tmp_path: Path, design: str) -> None:
    sections = _sections(_rendered(tmp_path, design))
    boxes = [_visualizer_box(s) for s in sections]
    motion = [_motion(s) for s in sections]
    # every two sections' visualizers lie apart: an edge of its box or its centre 3 % of the frame or more
    apart = [max(abs(a - b) for a, b in zip(boxes[i], boxes[j], strict=True)) for i, j in ((0, 1), (1, 2), (0, 2))]
    assert min(apart) >= 0.03, (design, [np.round(b, 3).tolist() for b in boxes], apart)
    # the quiet section moves less than the loud ones, by a sixth at least
    assert motion[0] < 0.85 * min(motion[1:]), (design, motion)
