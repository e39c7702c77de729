"""A preview's copy of a large clip and the clip's measuring copy come from one decoding where both decode it
alike (issue 27: a 4K HEVC clip was decoded once for each), and each copy is, frame for frame, the one its own
ffmpeg makes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render import measuring, sources
from nemo_notebook.engine.render.graph import Canvas
from nemo_notebook.protocol import MediaInfo, MediaKind

from ..conftest import shared_media

PREVIEW = Canvas(640, 360, 15, 45, 3000, fast=True)


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, MediaInfo]:
    """3 s of Big Buck Bunny at 1280x720, 24 fps, with its sound: large enough to be decoded quickly for both."""
    path = tmp_path_factory.mktemp("alongside") / "clip.mp4"
    cmd = [ffmpeg_exe(), "-loglevel", "error", "-i", str(shared_media("big-buck-bunny-30s.mp4")), "-t", "3"]
    cmd += ["-vf", "scale=1280:720", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", str(path)]
    subprocess.run(cmd, check=True)
    import av

    with av.open(str(path)) as container:
        length_ms = int((container.duration or 0) / 1000)
    return path, MediaInfo(
        "c", path.name, MediaKind.VIDEO, "mp4", path.stat().st_size, length_ms, 1280, 720, 24.0, True
    )


def _frames(path: Path) -> list[tuple[float | None, bytes]]:
    import av

    with av.open(str(path)) as container:
        return [(f.time, f.to_ndarray().tobytes()) for f in container.decode(video=0)]


def test_a_previews_copy_writes_the_measuring_copy_as_its_own_ffmpeg_would(
    tmp_path: Path, clip: tuple[Path, MediaInfo]
) -> None:
    path, info = clip
    measures = tmp_path / "measures"
    with measuring.keeping_measures(measures):
        made = sources._clip_copy(path, info, (0, info.duration_ms), PREVIEW, tmp_path, crf=16, threads=2, cancel=None)
        assert made is not None
        (copy,) = measures.glob("measure-v*.mkv")
        assert measuring.frame_file(path, 1000) == (copy, 1000)  # read from it, not made again
    alone = tmp_path / "alone.mkv"
    subprocess.run(measuring.measuring_command(path, 0, alone), check=True)
    ours, theirs = _frames(copy), _frames(alone)
    assert len(ours) == len(theirs) == 45 and ours == theirs
    apart = tmp_path / "apart.mkv"
    cmd = sources._copy_command(path, info, (0, info.duration_ms), PREVIEW, 16, 2, apart)
    subprocess.run([c for c in cmd if c not in ("-progress", "pipe:1")], check=True, capture_output=True)
    assert _frames(made.path) == _frames(apart)


@pytest.mark.parametrize("case", ["later stretch", "1080p", "made already"])
def test_the_measuring_copy_is_left_to_its_own_ffmpeg_where_the_decoding_differs(
    tmp_path: Path, clip: tuple[Path, MediaInfo], case: str
) -> None:
    """From a later time than the part's start, or at 1080p (decoded with its loop filter), or where the part is
    made already, the copy's ffmpeg writes no measuring copy."""
    path, info = clip
    stretch = (1000, info.duration_ms) if case == "later stretch" else (0, info.duration_ms)
    canvas = Canvas(1920, 1080, 30, 90, 3000) if case == "1080p" else PREVIEW
    measures = tmp_path / "measures"
    with measuring.keeping_measures(measures):
        if case == "made already":
            assert measuring.frame_file(path, 0)[0].exists()
        before = sorted(measures.glob("*"))
        copy = sources._clip_copy(path, info, stretch, canvas, tmp_path, crf=16, threads=2, cancel=None)
        assert copy is not None
        assert sorted(measures.glob("*")) == before
    assert np.isfinite(copy.width)
