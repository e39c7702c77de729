"""A long clip's analysis reads a bounded number of frames (``video.watched_windows``), spread over the whole clip,
and still finds its cuts, its cut rate and its length."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_notebook.engine.analysis import analyze_video, frames, video
from tests.proof import media

MINUTES = 5
FPS = 10
SHOT_S = 10  # a hard cut every 10 s: 30 shots


@pytest.fixture(scope="module")
def long_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five minutes of 128×72 at 10 frames a second, grey noise whose colour jumps every ten seconds, with a tone."""
    clip = tmp_path_factory.mktemp("long-clip") / "long.mp4"
    shade = f"if(lt(mod(T,{2 * SHOT_S}),{SHOT_S}),{{a}},{{b}})"
    picture = (
        f"nullsrc=size=128x72:rate={FPS}:duration={MINUTES * 60},"
        f"geq=lum='{shade.format(a=60, b=190)}+random(1)*20':cb='{shade.format(a=80, b=170)}':"
        f"cr='{shade.format(a=170, b=90)}',format=yuv420p"
    )
    sound = f"sine=frequency=330:sample_rate=16000:duration={MINUTES * 60}"
    media.ffmpeg("-f", "lavfi", "-i", picture, "-f", "lavfi", "-i", sound, "-c:v", "libx264", "-preset", "ultrafast",
                 "-g", str(FPS), "-c:a", "aac", "-shortest", clip)  # fmt: skip
    return clip


def test_a_long_clip_is_read_in_windows_of_a_bounded_number_of_frames(
    long_clip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[int] = []
    sample = frames.small_picture

    def counted(frame: object) -> object:
        read.append(1)
        return sample(frame)

    monkeypatch.setattr(frames, "small_picture", counted)
    analysis = analyze_video(long_clip)

    whole = MINUTES * 60 * FPS
    bound = video.WINDOWS * (video.WINDOW_MS // 1000 + 1) * FPS  # each window, from its key frame
    assert len(read) <= bound < whole, f"read {len(read)} of {whole} frames"
    assert analysis.duration_ms == pytest.approx(MINUTES * 60_000, abs=200)
    assert len(analysis.motion) == MINUTES * 60_000 // video.HOP_MS
    assert analysis.cut_points_ms, "no cut found in the windows read"
    for cut_ms in analysis.cut_points_ms:  # every cut found is a real one, on a ten-second mark
        assert min(cut_ms % (SHOT_S * 1000), -cut_ms % (SHOT_S * 1000)) <= 1000 / FPS, analysis.cut_points_ms
    assert analysis.cut_points_ms[-1] > MINUTES * 60_000 * 0.8  # windows reach the end
    assert analysis.cuts_per_minute == pytest.approx(60 / SHOT_S, rel=0.35)  # the rate of what was read
    assert analysis.has_audio and analysis.speech_ratio == 0.0  # its sound heard in the same windows: a tone


def test_a_clip_up_to_the_whole_length_is_read_frame_by_frame() -> None:
    assert video.watched_windows(video.WHOLE_MS) is None
    windows = video.watched_windows(video.WHOLE_MS + 1)
    assert windows is not None and len(windows) == video.WINDOWS
    assert sum(span for _, span in windows) <= video.WHOLE_MS
