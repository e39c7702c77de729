"""A render's ``cache_dir/measures`` does not grow for ever (issue 27): the clips' measuring copies read longest ago
go first once the folder holds more than ``measuring.MAX_BYTES``, and a copy read lately stays (a render may be
reading it)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render import measuring

from ..conftest import shared_media

NOW = 1_800_000_000.0


def _copy(folder: Path, name: str, size: int, age_s: float) -> Path:
    path = folder / name
    path.write_bytes(b"\0" * size)
    os.utime(path, (NOW - age_s, NOW - age_s))
    return path


def test_the_copies_read_longest_ago_go_first(tmp_path: Path) -> None:
    old = _copy(tmp_path, "measure-v1-a-0.mkv", 400, age_s=3 * 86400)
    older = _copy(tmp_path, "measure-v1-b-0.mkv", 400, age_s=9 * 86400)
    newer = _copy(tmp_path, "measure-v1-c-0.mkv", 400, age_s=2 * 3600)
    other = _copy(tmp_path, "picture-v2-d-640x360.jpg", 4000, age_s=30 * 86400)  # not a measuring copy
    measuring.evict(tmp_path, max_bytes=900, now=NOW)
    assert not older.exists() and old.exists() and newer.exists() and other.exists()
    measuring.evict(tmp_path, max_bytes=500, now=NOW)
    assert not old.exists() and newer.exists()


def test_a_copy_read_lately_or_just_made_stays(tmp_path: Path) -> None:
    reading = _copy(tmp_path, "measure-v1-a-0.mkv", 400, age_s=measuring.IN_USE_S / 2)
    made = _copy(tmp_path, "measure-v1-b-0.mkv", 400, age_s=86400)
    measuring.evict(tmp_path, keep=made, max_bytes=0, now=NOW)
    assert reading.exists() and made.exists()


def test_a_render_folder_keeps_the_clips_read_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two clips read through one folder that holds one copy: the first clip's copy goes when the second's is
    made, and is made again when the first is read again."""
    clip = shared_media("big-buck-bunny-30s.mp4")
    other, short = tmp_path / "other.mp4", tmp_path / "short.mp4"
    for path, seconds in ((other, "3"), (short, "2")):
        cmd = [ffmpeg_exe(), "-loglevel", "error", "-i", str(clip), "-t", seconds, "-c", "copy", str(path)]
        subprocess.run(cmd, check=True)
    folder = tmp_path / "measures"
    monkeypatch.setattr(measuring, "IN_USE_S", 0)
    monkeypatch.setattr(measuring, "MAX_BYTES", 1)  # room for the copy just made alone
    # the process remembers copies by content wherever they were made: another test's cut of the same clip would be
    # reused from its own folder, and this folder never written
    monkeypatch.setattr(measuring, "_MADE", {})
    monkeypatch.setattr(measuring, "_COPIES", set())
    with measuring.keeping_measures(folder):
        first, _ = measuring.frame_file(short, 500)
        assert first.parent == folder and first.exists()
        second, _ = measuring.frame_file(other, 500)
        assert second.exists() and not first.exists()
        again, _ = measuring.frame_file(short, 500)
        assert again == first and again.exists() and not second.exists()
    assert sorted(p.name for p in folder.iterdir()) == [first.name]
