"""A clip's different-looking moments (issue 29: a 79 s static street camera counted as 53 stretches of footage, and
a viewer saw the same street in 15 of 30 sampled frames): a still scene with a small thing moving through it is one
look however long it runs, a scene that keeps changing has many, and a clip of three scenes gives a shot to each
before any comes back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.analysis import analyze_video
from nemo_notebook.engine.planning.clip_windows import ClipWindows
from nemo_notebook.engine.planning.material import distinct_looks, most_shows
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.analysis.video_synth import Shot, write_clip

# a still scene with four people-sized boxes walking through it and a camera's grain
_WALKERS = ((60, 0, 60, "white"), (45, 100, 110, "black"), (75, 200, 20, "yellow"), (35, 50, 130, "red"))


def _still(scene: str) -> str:
    walkers = ",".join(
        f"drawbox=x='mod(t*{speed}+{start},300)':y={y}:w=28:h=48:color={colour}:t=fill"
        for speed, start, y, colour in _WALKERS
    )
    return f"{scene}=size={{size}}:rate={{fps}},{walkers},noise=alls=10:allf=t"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("looks")


def _info(path: Path, duration_ms: int) -> MediaInfo:
    return MediaInfo(path.stem, path.name, MediaKind.VIDEO, "mp4", 10, duration_ms, 320, 180, 30.0, False)


def test_a_still_scene_with_a_small_thing_moving_is_one_look(folder: Path) -> None:
    path = write_clip(folder / "street.mp4", [Shot(_still("smptehdbars"), 20.0)])
    video = analyze_video(path)
    assert min(video.motion) > 0.2 and max(video.unfit) == 0.0  # lively footage, were motion all that counted
    assert distinct_looks(video) == 1
    assert len(video.looks) == len(video.motion)
    # in a minute: a photo's two shows and a half more, not one for every 1.5 s of its length (26)
    assert most_shows([(_info(path, 20_000), video)], 60_000, [1.0]) == [3]
    assert most_shows([(_info(path, 20_000), video)], 60_000, [2.0]) == [6]  # "use the clip more" still counts


def test_a_scene_that_keeps_changing_has_many_looks(folder: Path) -> None:
    path = write_clip(folder / "zoom.mp4", [Shot("mandelbrot=size={size}:rate={fps}", 20.0)])
    video = analyze_video(path)
    looks = distinct_looks(video)
    assert looks is not None and looks >= 8, video.looks
    # its length sets the ceiling: each 1.5 s of it once a minute
    assert most_shows([(_info(path, 20_000), video)], 60_000, [1.0]) == [13]


def test_a_clip_of_three_scenes_gives_each_a_shot_before_any_comes_back(folder: Path) -> None:
    scenes = [
        Shot(_still("smptehdbars"), 16.0),
        Shot(_still("rgbtestsrc"), 4.0),
        Shot(_still("pal75bars"), 4.0),
    ]
    path = write_clip(folder / "three.mp4", scenes)
    video = analyze_video(path)
    assert distinct_looks(video) == 3, video.looks
    windows = ClipWindows([(_info(path, video.duration_ms), video)], shots=[3])
    takes = [windows.take(0, 2000)[1] for _ in range(3)]
    looks = [video.looks[(start + 1000) // video.hop_ms] for start in takes]
    assert sorted(looks) == [0, 1, 2], (takes, looks)
    assert takes == sorted(takes)  # in story order
    # by length alone, the long first scene would take two of the three shots


def test_a_slow_pan_is_few_looks_and_a_new_scene_is_a_new_one() -> None:
    """Thumbnails of a smooth texture panned one pixel of 32 every 200 ms (a camera sweeping a hillside): moments
    within an eighth of the width of each other are one look (15 looks in 8 s unshifted, 6 with the shift); the
    negative of the texture, a new scene, is a look of its own."""
    from scipy.ndimage import gaussian_filter

    from nemo_notebook.engine.analysis.looks import look_labels

    texture = gaussian_filter(np.random.default_rng(3).random((18, 200)), (2, 3))
    texture = (texture - texture.min()) / (texture.max() - texture.min())
    frames = [texture[:, k : k + 32] for k in range(40)] + [1 - texture[:, :32]] * 5
    times_ms = np.arange(len(frames), dtype=np.float32) * 200
    labels = look_labels(times_ms, np.stack(frames).astype(np.float16), len(frames) * 200, 200)
    assert len(set(labels[:40])) <= 7, labels
    assert labels[40] not in labels[:40] and len(set(labels[40:])) == 1
