"""The frames the crop, the grade and the visualizer read of a clip come from its copy while a render runs: a seek in
the copy (a keyframe every half second) instead of in the clip (here one keyframe in 6 s)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.engine.render import frames, render_draft

from .conftest import Assets
from .drafts import draft, shot
from .synth import ffmpeg, video_info


def _clip(path: Path, lum: str, seconds: int) -> Path:
    """A clip (25 fps, one keyframe) whose grey level is ``lum`` (an expression of the time ``T``)."""
    source = f"color=c=gray:s=320x180:r=25:d={seconds},format=yuv420p,geq=lum='{lum}':cb=128:cr=128"
    ffmpeg("-f", "lavfi", "-i", source, "-c:v", "libx264", "-preset", "ultrafast", "-g", "250", str(path))
    return path


def _grey(path: Path, at_ms: int) -> float:
    """The frame's mean grey, as the luma it was made with (RGB is full range, the clip limited)."""
    found = frames.small_frame(path, at_ms, 32)
    assert found is not None
    return float(found.mean() * 219 + 16)


def test_a_clip_frame_is_read_from_its_copy_where_the_copy_holds_it(tmp_path: Path) -> None:
    clip = _clip(tmp_path / "ramp.mp4", "20+30*T", 6)  # 20 + 30 a second
    copy = _clip(tmp_path / "copy.mp4", "200", 2)  # stands for 2 s of it from 2 s on
    assert _grey(clip, 3000) == pytest.approx(110, abs=8)
    with frames.reading_copies({clip: (copy, 2000)}):
        assert _grey(clip, 3000) == pytest.approx(200, abs=8)  # from the copy
        assert _grey(clip, 1000) == pytest.approx(50, abs=8)  # before the copy: the clip
        assert _grey(clip, 5000) == pytest.approx(170, abs=8)  # past the copy's end: the clip
    assert _grey(clip, 3000) == pytest.approx(110, abs=8)  # outside the block: the clip again


def test_a_render_reads_its_clip_frames_from_the_copy(
    assets: Assets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clip = _clip(tmp_path / "ramp.mp4", "20+30*T", 6)
    read: list[Path] = []
    real = frames._decoded

    def recording(path: Path, at_ms: int) -> Any:
        read.append(path)
        return real(path, at_ms)

    monkeypatch.setattr(frames, "_decoded", recording)
    media = {"ramp": (clip, video_info("ramp", clip, 6000)), "click": assets.media["click"]}
    ins = (3000, 500, 4200)
    video = draft([shot("ramp", i * 500, 500, in_ms=at, volume=0.0) for i, at in enumerate(ins)], 1500)
    render_draft(video, media, tmp_path / "out.mp4", quality="preview")
    assert read and clip not in read and all(p.name.startswith("clip-v") for p in read)
