"""H.264 on an NVIDIA GPU where the bundled ffmpeg lists ``h264_nvenc`` and a GPU answers; libx264 elsewhere."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render import render_draft
from nemo_notebook.engine.render.run import nvenc_usable, video_encoder_args
from nemo_notebook.protocol import Draft, Segment, Track, TrackType


def test_without_a_usable_gpu_x264_encodes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEMO_NVENC", "0")
    nvenc_usable.cache_clear()
    try:
        assert video_encoder_args(ffmpeg_exe(), "veryfast", 20)[:6] == [
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "20",
        ]
    finally:
        nvenc_usable.cache_clear()


def test_with_a_gpu_renders_use_nvenc_and_play(tmp_path: Path) -> None:
    if not nvenc_usable(ffmpeg_exe()):
        pytest.skip("no NVIDIA GPU here (or the bundled ffmpeg lacks h264_nvenc): renders use libx264")
    assert video_encoder_args(ffmpeg_exe(), "veryfast", 20)[:2] == ["-c:v", "h264_nvenc"]
    title = Track(TrackType.TEXT, (Segment(0, 1000, meta={"text": "GPU", "role": "title"}),))
    out = tmp_path / "gpu.mp4"
    render_draft(Draft((title,), 1000, {"aspect": "16:9", "fps": 30}), {}, out, quality="high")
    probe = [ffmpeg_exe(), "-hide_banner", "-i", str(out), "-f", "null", "-"]
    assert subprocess.run(probe, capture_output=True, check=False).returncode == 0
