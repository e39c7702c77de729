"""The frames the crop, the grade and the visualizer read are the source's own (``render.frames``,
``render.originals``): a clip's from its file, never from a render's copy at the render's size and rate, and a
picture's scaled copy as the picture, so that a decision does not depend on the quality of the render that read a
frame first (issue 29)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.engine.render import frames, originals, render_draft

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


def test_a_scaled_copy_of_a_picture_is_measured_as_the_picture(tmp_path: Path) -> None:
    picture = _clip(tmp_path / "picture.mp4", "60", 1)
    copy = _clip(tmp_path / "copy.mp4", "200", 1)  # stands for the picture scaled to a render's size
    assert _grey(copy, 0) == pytest.approx(200, abs=8)
    with originals.measuring_originals({copy: (picture, (320, 180))}):
        assert _grey(copy, 0) == pytest.approx(60, abs=8)  # the picture's pixels
        assert originals.original_size(copy, (64, 36)) == (320, 180)
    assert _grey(copy, 0) == pytest.approx(200, abs=8)  # outside the block: the file itself


def test_a_render_reads_its_clip_frames_from_the_clip(
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
    assert read and set(read) == {clip}  # never its copy (``clip-v…``), made at the preview's size and rate
