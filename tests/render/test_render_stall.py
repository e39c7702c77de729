"""A render that stops making progress is stopped and tried once more, then named (``render/stall.py``).

The bundled ffmpeg now and then never finishes a render it finishes on the next try (the project's CI saw two such
renders, each ending the run at the test's 600 s limit). Here ffmpeg waits on a named pipe that no one ever writes:
it never reports progress, so with a one-second limit the engine must stop it twice and say so; a piped render's
feeding segment, stuck the same way, must be stopped with it (the call returns)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.render.run import run_ffmpeg
from nemo_notebook.engine.render.segments import run_piped
from nemo_notebook.engine.render.stall import RenderStalled


@pytest.fixture
def silent_pipe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A named pipe that no one writes, and a stall limit of one second."""
    monkeypatch.setenv("NEMO_RENDER_STALL_S", "1")
    fifo = tmp_path / "never.wav"
    os.mkfifo(fifo)
    return fifo


def _encode(source: list[str], out: Path) -> list[str]:
    return [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "warning", "-nostats", "-progress", "pipe:1",
            *source, "-c:v", "libx264", "-f", "mp4", str(out)]  # fmt: skip


def _ffmpegs_reading(path: Path) -> list[str]:
    listed = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
    return [line for line in listed.splitlines() if str(path) in line and "ffmpeg" in line]


def test_a_render_without_progress_is_stopped_twice_and_named(silent_pipe: Path, tmp_path: Path) -> None:
    reported: list[float] = []
    with pytest.raises(RenderStalled) as raised:
        run_ffmpeg(_encode(["-f", "wav", "-i", str(silent_pipe)], tmp_path / "out.mp4"), duration_ms=1000,
                   progress=reported.append)  # fmt: skip
    assert "stopped making progress for 1 s" in str(raised.value)
    assert "export again" in str(raised.value)
    assert raised.value.returncode not in (0, None)
    assert reported == []
    assert _ffmpegs_reading(silent_pipe) == []


def test_a_piped_render_whose_segment_makes_no_progress_is_stopped_with_it(silent_pipe: Path, tmp_path: Path) -> None:
    size = "64x36"
    main = _encode(["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", size, "-r", "30", "-i", "pipe:0"],
                   tmp_path / "out.mp4")  # fmt: skip
    feed = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "warning", "-f", "wav", "-i", str(silent_pipe),
            "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", size, "pipe:1"]  # fmt: skip
    with pytest.raises(RenderStalled):
        run_piped(main, [feed], duration_ms=1000)
    assert _ffmpegs_reading(silent_pipe) == []
