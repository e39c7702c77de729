"""The frames the crop, the grade and the visualizer read are the source's own (``render.frames``,
``render.originals``): a clip's from its measuring copy (``render.measuring``: made from the clip alone, once), never
from a render's copy at the render's size and rate, and a
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


def _clip(path: Path, lum: str, seconds: int, *, size: str = "320x180", title: str = "") -> Path:
    """A clip (25 fps, a keyframe every 10 s) whose grey level is ``lum`` (an expression of the time ``T``);
    ``title`` makes its bytes its own (a measuring copy is kept in the process for a clip's content)."""
    source = f"color=c=gray:s={size}:r=25:d={seconds},format=yuv420p,geq=lum='{lum}':cb=128:cr=128"
    encode = ["-c:v", "libx264", "-preset", "ultrafast", "-g", "250", "-metadata", f"title={title}"]
    ffmpeg("-f", "lavfi", "-i", source, *encode, str(path))
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


def _reading(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files ``frames`` decodes a frame from, in the order it does."""
    read: list[Path] = []
    real = frames._decoded

    def recording(path: Path, at_ms: int, least: int = 0) -> Any:
        read.append(path)
        return real(path, at_ms, least)

    monkeypatch.setattr(frames, "_decoded", recording)
    return read


def _stat(path: Path) -> tuple[int, int]:
    return path.stat().st_ino, path.stat().st_mtime_ns


def test_a_clips_measuring_copy_is_made_once_and_read_by_every_quality(
    assets: Assets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A preview and the 480-line render after it read every clip frame they decide on from one copy of the clip,
    made by the preview, named by the clip's content alone, and neither seeks in the clip itself nor in a render's
    copy of it (``clip-v…``, at the render's size and rate). Before, each frame was a seek and a decode from the
    keyframe before it in the clip (every read here the clip, and no copy kept)."""
    clip = _clip(tmp_path / "ramp.mp4", "20+30*T", 6, title=str(tmp_path))
    read = _reading(monkeypatch)
    media = {"ramp": (clip, video_info("ramp", clip, 6000)), "click": assets.media["click"]}
    ins = (3000, 500, 4200)
    video = draft([shot("ramp", i * 500, 500, in_ms=at, volume=0.0) for i, at in enumerate(ins)], 1500)
    cache = tmp_path / "cache"
    render_draft(video, media, tmp_path / "preview.mp4", quality="preview", cache_dir=cache)
    copies = sorted((cache / "measures").glob("measure-*.mkv"))
    assert len(copies) == 1 and read and set(read) == set(copies), (copies, set(read))
    made = _stat(copies[0])
    read.clear()
    render_draft(video, media, tmp_path / "low.mp4", quality="low", cache_dir=cache)
    assert sorted((cache / "measures").glob("measure-*.mkv")) == copies and _stat(copies[0]) == made
    assert set(read) <= set(copies)  # the frames' measures are kept in the process: few or none are read again


def test_a_clip_frame_is_read_at_its_time_in_each_minute_of_the_clip(tmp_path: Path) -> None:
    """Frames read from the measuring copy are the clip's at the times asked for, in its first minute (one part of
    the copy) and after it (the next part): a grey ramp of 3 levels a second reads its time back within a frame."""
    clip = _clip(tmp_path / "ramp.mp4", "20+3*T", 62, size="64x36", title=str(tmp_path))
    for at_ms in (0, 3000, 41_000, 59_990, 60_000, 61_500):
        assert _grey(clip, at_ms) == pytest.approx(20 + 3 * at_ms / 1000, abs=1.5), at_ms
