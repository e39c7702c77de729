"""Out-of-focus moments of a clip are left out where it has sharp ones (a reviewer saw the blurred moments of
``bikes.mp4`` as much as its sharp ones): the analysis measures each moment's sharpness on the full-size frames, and
the shots take the sharp stretches."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_notebook.engine.analysis.types import VideoAnalysis
from nemo_notebook.engine.analysis.video import analyze_video
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.quality import soft_hops
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.analysis.video_synth import Shot, write_clip
from tests.render.synth import click_analysis

SHARP = "testsrc2=size={size}:rate={fps}"
BLURRED = "testsrc2=size={size}:rate={fps},gblur=sigma=6"
SHARP_MS = ((3000, 6000), (9000, 12000))  # the clip: blurred, sharp, blurred, sharp, 3 s each


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, VideoAnalysis]:
    path = tmp_path_factory.mktemp("soft") / "clip.mp4"
    write_clip(path, [Shot(BLURRED, 3.0), Shot(SHARP, 3.0), Shot(BLURRED, 3.0), Shot(SHARP, 3.0)], size="640x360")
    return path, analyze_video(path)


def test_analysis_finds_the_blurred_stretches_soft(clip: tuple[Path, VideoAnalysis]) -> None:
    _, analysis = clip
    soft = soft_hops(analysis)
    at = [i * analysis.hop_ms for i in range(len(soft))]
    inside = [flag for t, flag in zip(at, soft, strict=True) if any(a + 400 <= t < b - 400 for a, b in SHARP_MS)]
    outside = [flag for t, flag in zip(at, soft, strict=True) if not any(a - 400 <= t < b + 400 for a, b in SHARP_MS)]
    assert inside and not any(inside)
    assert outside and all(outside)
    sharp = [v for t, v in zip(at, analysis.sharpness, strict=True) if 3400 <= t < 5600]
    blurred = [v for t, v in zip(at, analysis.sharpness, strict=True) if 400 <= t < 2600]
    assert min(sharp) > 2.5 * max(blurred), (min(sharp), max(blurred))


def test_shots_take_the_clip_s_sharp_stretches(clip: tuple[Path, VideoAnalysis]) -> None:
    path, analysis = clip
    info = MediaInfo("clip", path.name, MediaKind.VIDEO, "mp4", 1, analysis.duration_ms, 640, 360, 30.0, False)
    music = click_analysis(120, 6000)
    song = MediaInfo("song", "song.mp3", MediaKind.AUDIO, "mp3", 1, duration_ms=music.duration_ms)
    draft = plan_music_video(song, music, [(info, analysis)], MusicVideoOptions(visualizer=None))
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    windows = [(sg.in_ms or 0, (sg.in_ms or 0) + sg.duration_ms) for sg in lane.segments if sg.src == "clip"]
    assert len(windows) >= 2
    for a, b in windows:  # a hop of blur at a window's edge at most
        sharp_ms = sum(max(0, min(b, hi) - max(a, lo)) for lo, hi in SHARP_MS)
        assert sharp_ms >= 0.85 * (b - a), (windows, (a, b))
