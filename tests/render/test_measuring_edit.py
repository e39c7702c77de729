"""A clip edited in place is measured from a copy of what it now holds (the closing note of stop 42: the measuring
copies' own key store, by size, time and inode, lacked ``cache.known_key``'s rule that a file changed within a tick
of the clock is hashed again): an edit that leaves the clip's size and time as they were read the old clip's
frames."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from nemo_notebook.engine.analysis.cache import file_key
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render import measuring


def _clip(path: Path, source: str) -> bytes:
    cmd = [ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "lavfi", "-i", f"{source}=size=320x180:rate=25:duration=1"]
    subprocess.run([*cmd, "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path)], check=True)
    return path.read_bytes()


def _padded(data: bytes, size: int) -> bytes:
    """``data`` (an MP4) grown to ``size`` bytes by a ``free`` box, which players skip."""
    room = size - len(data)
    return data if room == 0 else data + room.to_bytes(4, "big") + b"free" + b"\0" * (room - 8)


def test_a_clip_edited_in_place_within_a_tick_is_measured_as_it_now_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bars, pattern = _clip(tmp_path / "a.mp4", "smptebars"), _clip(tmp_path / "b.mp4", "testsrc2")
    size = max(len(bars), len(pattern)) + 16
    clip = tmp_path / "clip.mp4"
    monkeypatch.setattr(measuring, "_MADE", {})  # copies made by other tests of this process are not read
    monkeypatch.setattr(measuring, "_COPIES", set())
    with measuring.keeping_measures(tmp_path / "measures"):
        clip.write_bytes(_padded(bars, size))
        first, _ = measuring.frame_file(clip, 500)
        assert file_key(clip) in first.name
        times = clip.stat()
        clip.write_bytes(_padded(pattern, size))  # the same file, size and time of change: edited within a tick
        os.utime(clip, ns=(times.st_atime_ns, times.st_mtime_ns))
        assert clip.stat().st_ino == times.st_ino
        second, _ = measuring.frame_file(clip, 500)
    assert file_key(clip) in second.name and second != first
