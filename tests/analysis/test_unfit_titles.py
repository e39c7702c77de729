"""Titles over moving footage, and the edges of cards and titles, are unfit to show; ordinary footage is not.

A title ("MY SUMMER" in white block letters, drawn here with numpy so that no font is needed) fades in over moving
footage (a stretch of the bunny clip's opening pan over the trees, and ffmpeg's Mandelbrot zoom); analysis marks it
and a music video's shots keep out of it. The bunny clip's own "presents" card and its "Big Buck Bunny" title, which
fades in over the moving burrow shot from 25.0 s, never appear. Media: Big Buck Bunny, CC BY 3.0, (c) 2008 Blender
Foundation, www.bigbuckbunny.org.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.analysis.frames import SmallFrame
from nemo_notebook.engine.analysis.types import VideoAnalysis
from nemo_notebook.engine.analysis.unfit import text_density, unfit_frames
from nemo_notebook.engine.analysis.video import analyze_video
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.analysis.video_synth import run_ffmpeg
from tests.conftest import shared_media
from tests.render.synth import click_analysis

GLYPHS = {
    "M": ("10001", "11011", "10101", "10101", "10001", "10001", "10001"),
    "Y": ("10001", "10001", "01010", "00100", "00100", "00100", "00100"),
    "S": ("01111", "10000", "10000", "01110", "00001", "00001", "11110"),
    "U": ("10001", "10001", "10001", "10001", "10001", "10001", "01110"),
    "E": ("11111", "10000", "10000", "11110", "10000", "10000", "11111"),
    "R": ("11110", "10001", "10001", "11110", "10100", "10010", "10001"),
    " ": ("00000",) * 7,
}
TITLE_S = (3.0, 6.0)  # the title's fade-in starts and its fade-out ends (seconds into the clip)
FADE_S = 0.6
PRESENTS_MS = (20_400, 23_042)  # the bunny clip's card: its letters show over the bird flying off, then the branch
BUNNY_TITLE_MS = (24_900, 30_000)  # "Big Buck Bunny" fades in from 25.0 s and stays to the end


def title_picture(width: int, height: int, text: str = "MY SUMMER", cell: int = 0) -> np.ndarray:
    """White block letters, centred a little below the middle, on a transparent RGBA picture."""
    cell = cell or max(2, height // 60)
    rows = np.concatenate([np.array([[c == "1" for c in row] for row in GLYPHS[ch]]) for ch in text], axis=1)
    rows = np.concatenate([rows, np.zeros((7, 1), bool)], axis=1)
    spaced = np.zeros((7, len(text) * 6), bool)
    for i in range(len(text)):
        spaced[:, i * 6 : i * 6 + 5] = rows[:, i * 5 : i * 5 + 5]
    mask = np.kron(spaced, np.ones((cell, cell), bool))
    picture = np.zeros((height, width, 4), np.uint8)
    top, left = int(height * 0.55), (width - mask.shape[1]) // 2
    picture[top : top + mask.shape[0], left : left + mask.shape[1]][mask] = 255
    return picture


def titled_clip(path: Path, source: list[str], size: tuple[int, int], seconds: float) -> Path:
    """``source`` (ffmpeg input arguments) for ``seconds`` at 25 fps, with a title fading in and out over it."""
    width, height = size
    overlay = path.with_suffix(".rgba")
    overlay.write_bytes(title_picture(width, height).tobytes())
    start, end = TITLE_S
    graph = (
        f"[0:v]scale={width}:{height},fps=25,setsar=1[bg];"
        f"[1:v]loop=loop=-1:size=1,setpts=N/25/TB,"
        f"fade=in:st={start}:d={FADE_S}:alpha=1,fade=out:st={end - FADE_S}:d={FADE_S}:alpha=1[t];"
        "[bg][t]overlay=shortest=1,format=yuv420p[out]"
    )
    run_ffmpeg(
        [
            *source,
            "-t",
            str(seconds),
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgba",
            "-s",
            f"{width}x{height}",
            "-i",
            str(overlay),
            "-filter_complex",
            graph,
            "-map",
            "[out]",
            "-t",
            str(seconds),
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            str(path),
        ]
    )
    return path


@pytest.fixture(scope="module")
def titled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, VideoAnalysis]:
    folder = tmp_path_factory.mktemp("titled")
    bunny = shared_media("big-buck-bunny-30s.mp4")
    sources = {
        # the opening pan over the trees and clouds (2.5-11.5 s of the bunny clip, no cut)
        "footage": (["-ss", "2.5", "-i", str(bunny)], (640, 360)),
        "mandelbrot": (["-f", "lavfi", "-i", "mandelbrot=size=320x180:rate=25"], (320, 180)),
    }
    return {
        name: analyze_video(titled_clip(folder / f"{name}.mp4", source, size, 9.0))
        for name, (source, size) in sources.items()
    }


def _marked_ms(analysis: VideoAnalysis) -> set[int]:
    return {i * analysis.hop_ms for i, v in enumerate(analysis.unfit) if v > 0.1}


def _hops(a_ms: int, b_ms: int, hop_ms: int = 200) -> list[int]:
    return list(range(a_ms - a_ms % hop_ms, b_ms, hop_ms))


@pytest.mark.parametrize("name", ["footage", "mandelbrot"])
def test_a_title_over_moving_footage_is_marked_and_the_footage_around_it_is_not(
    titled: dict[str, VideoAnalysis], name: str
) -> None:
    analysis = titled[name]
    marked = _marked_ms(analysis)
    start, end = (round(s * 1000) for s in TITLE_S)
    title = _hops(start + 200, end - 200)  # every hop where the letters show (the fades' first faint frames aside)
    assert all(t in marked for t in title), sorted(set(title) - marked)
    clear = _hops(0, start - 1000) + _hops(end + 1000, 9000)  # beyond the guard margin
    assert sum(t in marked for t in clear) <= 0.1 * len(clear), sorted(marked & set(clear))


def _windows(info: MediaInfo, analysis: VideoAnalysis, seconds: int) -> list[tuple[int, int]]:
    music = click_analysis(120, seconds * 1000)
    song = MediaInfo("song", "song.mp3", MediaKind.AUDIO, "mp3", 1, duration_ms=music.duration_ms)
    draft = plan_music_video(song, music, [(info, analysis)], MusicVideoOptions(visualizer=None))
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    return [(sg.in_ms or 0, (sg.in_ms or 0) + sg.duration_ms) for sg in lane.segments if sg.src == info.id]


def test_shots_planned_from_a_titled_clip_never_show_the_title(titled: dict[str, VideoAnalysis]) -> None:
    analysis = titled["footage"]
    info = MediaInfo("clip", "clip.mp4", MediaKind.VIDEO, "mp4", 1, analysis.duration_ms, 640, 360, 25.0, False)
    start, end = (round(s * 1000) for s in TITLE_S)
    for seconds in (6, 12, 24):
        windows = _windows(info, analysis, seconds)
        assert windows, seconds
        assert not [w for w in windows if w[0] < end and w[1] > start], (seconds, windows)


def test_the_bunny_clip_title_and_presents_card_never_appear_in_a_music_video() -> None:
    path = shared_media("big-buck-bunny-30s.mp4")
    analysis = analyze_video(path)
    marked = _marked_ms(analysis)
    for a, b in (PRESENTS_MS, BUNNY_TITLE_MS):
        assert all(t in marked for t in _hops(a, b)), sorted(set(_hops(a, b)) - marked)
    # ordinary footage: the pan over the trees and the stream keep their frames
    footage = _hops(3000, 11_800) + _hops(12_000, 15_700)
    assert sum(t in marked for t in footage) <= 0.1 * len(footage), sorted(marked & set(footage))
    info = MediaInfo("bunny", path.name, MediaKind.VIDEO, "mp4", 1, analysis.duration_ms, 854, 480, 24.0, True)
    for seconds in (12, 24, 40):
        windows = _windows(info, analysis, seconds)
        assert windows, seconds
        for a, b in (PRESENTS_MS, BUNNY_TITLE_MS):
            assert not [w for w in windows if w[0] < b and w[1] > a], (seconds, windows)


def _frame(fine: np.ndarray) -> SmallFrame:
    small = fine.reshape(36, 2, 64, 2).mean(axis=(1, 3)).astype(np.float32)
    return SmallFrame(0.0, small, np.repeat(small[..., None], 3, axis=2), 0, fine.astype(np.float32))


def test_text_density_finds_letters_gathered_in_a_line_not_sharpness_all_over() -> None:
    rng = np.random.default_rng(7)
    footage = np.clip(0.45 + 0.15 * rng.standard_normal((72, 128)), 0, 1)  # busy, but no bright sharp strokes
    letters = footage.copy()
    mask = title_picture(128, 72, "MY SUMMER", cell=1)[..., 3] > 0
    letters[mask] = 1.0
    chequer = np.indices((72, 128)).sum(axis=0) % 2 * 1.0  # sharp and bright everywhere (cellular automata)
    assert text_density(_frame(footage)) < 0.05
    assert text_density(_frame(letters)) > 0.25
    assert text_density(_frame(chequer)) == 0.0
    assert text_density(SmallFrame(0.0, np.zeros((36, 64), np.float32), np.zeros((36, 64, 3), np.float32))) == 0.0


def test_unfit_stretches_grow_by_the_guard_margin_but_not_across_a_cut() -> None:
    times = np.arange(0, 6000, 40, dtype=np.float32)  # 25 fps, 6 s
    n = len(times)
    flagged = np.zeros(n, np.float32)
    flagged[(times >= 2000) & (times < 2400)] = 1.0  # a white flash, 2.0-2.4 s
    text = np.zeros(n, np.float32)
    text[(times >= 4000) & (times < 4800)] = 0.3  # a title, 4.0-4.8 s, in a shot that starts at 3.6 s
    cut = int(np.searchsorted(times, 3600))
    unfit = unfit_frames(times, flagged, np.full(n, 0.5, np.float32), np.full(n, 0.05, np.float32), [cut], text)
    marked = times[unfit > 0]
    assert marked.min() == 1520  # 0.5 s (and the frames within it) before the flash
    assert 3600 in marked and 3560 not in marked  # the title's guard stops at the cut
    assert marked.max() == 5760  # 1 s after the title's last frame (4760 ms)
    assert not ((marked > 2880) & (marked < 3600)).any()
    brief = np.zeros(n, np.float32)
    brief[(times >= 1000) & (times < 1200)] = 0.3  # letters for 0.2 s: a sparkle, not a title
    none = unfit_frames(
        times, np.zeros(n, np.float32), np.full(n, 0.5, np.float32), np.full(n, 0.05, np.float32), [], brief
    )
    assert not none.any()
