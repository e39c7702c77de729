"""A frozen picture (a frame repeated: a paused or duplicated video) is unfit to show; a calm shot is not.

A calm shot moves a little somewhere (a small blob drifting a few pixels, sensor noise all over, a bird that blinks
on a still branch) while its mean change stays as low as a frozen picture's; analysis must tell them apart. The
bunny clip (shared media, Big Buck Bunny, CC BY 3.0, (c) 2008 Blender Foundation, www.bigbuckbunny.org) has such a
calm shot, 15.75–23.04 s: the bird sits nearly still until about 20.4 s, then flies off while "The Peach Open Movie
Project presents" shows over the branch; its opening fade from black and its title stay unfit.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.analysis.frames import SmallFrame, iter_small_frames, open_video
from nemo_notebook.engine.analysis.types import VideoAnalysis
from nemo_notebook.engine.analysis.unfit import block_change, text_density
from nemo_notebook.engine.analysis.video import analyze_video
from tests.analysis.video_synth import run_ffmpeg
from tests.conftest import shared_media

FPS = 25
# one frame of ffmpeg's Mandelbrot zoom, held: a textured still picture with no letters and no plain ground
STILL = f"mandelbrot=size=320x180:rate={FPS},trim=start_frame=40:end_frame=41,loop=loop=-1:size=1,setpts=N/{FPS}/TB"
BLOB = f"color=c=0xd08040:s=16x16:r={FPS}"
DRIFT = "overlay=x='150+4*sin(2*PI*t*0.7)':y='80+3*cos(2*PI*t*0.5)'"  # a few pixels each way, never at rest long
CALM = {
    "a small blob drifting": ["-i", STILL, "-f", "lavfi", "-i", BLOB, "-filter_complex", f"[0][1]{DRIFT}"],
    "sensor noise": ["-i", f"{STILL},noise=alls=8:allf=t"],
    "both": ["-i", STILL, "-f", "lavfi", "-i", BLOB, "-filter_complex", f"[0][1]{DRIFT},noise=alls=8:allf=t"],
}


def _clip(path: Path, inputs: list[str], seconds: float) -> Path:
    codec = ["-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast"]
    run_ffmpeg(["-f", "lavfi", *inputs, "-t", str(seconds), *codec, str(path)])
    return path


def _marked_ms(analysis: VideoAnalysis) -> list[int]:
    return [i * analysis.hop_ms for i, v in enumerate(analysis.unfit) if v > 0.1]


def _ranges_ms(analysis: VideoAnalysis) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for t in _marked_ms(analysis):
        if ranges and ranges[-1][1] == t:
            ranges[-1] = (ranges[-1][0], t + analysis.hop_ms)
        else:
            ranges.append((t, t + analysis.hop_ms))
    return ranges


def test_a_frozen_stretch_of_repeated_frames_is_unfit_and_the_moving_footage_around_it_is_not(
    tmp_path: Path,
) -> None:
    # the zoom runs 3 s, its frame at 3.0 s is repeated for 2 s, then it runs on: frozen 3.0-5.0 s
    zoom = f"mandelbrot=size=320x180:rate={FPS},loop=loop={2 * FPS}:size=1:start={3 * FPS},setpts=N/{FPS}/TB"
    analysis = analyze_video(_clip(tmp_path / "frozen.mp4", ["-i", zoom], 8.0))
    marked = set(_marked_ms(analysis))
    assert set(range(3000, 5000, analysis.hop_ms)) <= marked
    assert not marked & (set(range(0, 2400, analysis.hop_ms)) | set(range(5600, 8000, analysis.hop_ms)))


@pytest.mark.parametrize("motion", list(CALM))
def test_a_near_still_shot_with_small_local_motion_is_fit(tmp_path: Path, motion: str) -> None:
    analysis = analyze_video(_clip(tmp_path / "calm.mp4", CALM[motion], 6.0))
    assert max(analysis.motion) < 0.5  # calm: no more than a slow pan would show
    assert _marked_ms(analysis) == []


def test_the_same_still_without_motion_is_frozen(tmp_path: Path) -> None:
    analysis = analyze_video(_clip(tmp_path / "still.mp4", ["-i", STILL], 3.0))
    assert len(_marked_ms(analysis)) == len(analysis.unfit)


def _frame(fine: np.ndarray) -> SmallFrame:
    small = fine.reshape(36, 2, 64, 2).mean(axis=(1, 3)).astype(np.float32)
    return SmallFrame(0.0, small, np.repeat(small[..., None], 3, axis=2), 0, fine.astype(np.float32))


def test_block_change_sees_local_motion_that_the_mean_change_hides() -> None:
    rng = np.random.default_rng(3)
    ground = np.clip(0.5 + 0.1 * rng.standard_normal((72, 128)), 0, 1)
    noisy = np.clip(ground + 0.004 * rng.standard_normal((72, 128)), 0, 1)  # compression noise: frozen
    blink = ground.copy()
    blink[30:33, 60:66] = 0.1  # an eye closing: 18 of 9216 samples
    assert block_change(_frame(noisy), _frame(ground)) < 0.012
    assert float(np.abs(blink - ground).mean()) < 0.002  # what the frozen rule used to look at
    assert block_change(_frame(blink), _frame(ground)) > 0.05


@pytest.fixture(scope="module")
def bunny() -> VideoAnalysis:
    return analyze_video(shared_media("big-buck-bunny-30s.mp4"))


def test_the_bunny_clip_bird_holding_still_is_fit_and_its_fade_card_and_title_are_not(bunny: VideoAnalysis) -> None:
    marked = set(_marked_ms(bunny))
    hold = set(range(15_800, 19_400, bunny.hop_ms))  # the bird blinks and breathes on the branch
    assert not hold & marked, sorted(hold & marked)
    fade = set(range(0, 2000, bunny.hop_ms))  # from black, the first 2 s
    card = set(range(20_400, 23_000, bunny.hop_ms))  # "presents" shows over the bird flying off, then the branch
    title = set(range(25_000, 30_000, bunny.hop_ms))  # "Big Buck Bunny" fades in from 25.0 s
    for what, hops in (("fade", fade), ("card", card), ("title", title)):
        assert hops <= marked, (what, sorted(hops - marked))
    # the whole of it: the fade and its guard, the card with its letters' guard up to the cut at 23.04 s, the title
    assert _ranges_ms(bunny) == [(0, 2800), (19_400, 23_200), (24_600, 30_000)]


def test_the_bunny_clip_presents_line_reads_as_letters_and_its_footage_does_not() -> None:
    path = shared_media("big-buck-bunny-30s.mp4")
    with open_video(path) as container:
        scores = [(f.time_ms, text_density(f)) for f in iter_small_frames(container)]
    card = [s for t, s in scores if 21_000 <= t < 23_000]
    footage = [s for t, s in scores if 2_500 <= t < 20_300 or 23_100 <= t < 24_900]
    assert min(card) > 0.3
    assert max(footage) < 0.15
