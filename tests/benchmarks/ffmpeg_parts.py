"""Where a render's CPU goes: the user + system CPU seconds of each child process it starts (its ffmpegs), added up
by what the child does (a clip's copy, a measuring copy, a segment of the lane, the render's own ffmpeg).

Each child's own figures are read as it is reaped (``os.wait4``), so a child running beside others counts only its
own time. Linux and macOS; elsewhere nothing is recorded.
"""

from __future__ import annotations

import os
import subprocess
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any


def part_of(cmd: Sequence[str]) -> str:
    """What an ffmpeg command the render starts does, read off its arguments.

    >>> part_of(["ffmpeg", "-i", "a.mp4", "-c:v", "mpeg2video", "x.mkv"]), part_of(["ffmpeg", "-f", "rawvideo", "pipe:1"])
    ('clip copy', 'segments')
    """
    args = [str(a) for a in cmd]
    if "mpeg2video" in args:
        return "clip copy"
    if any("measure-v" in a for a in args):
        return "measuring copy"
    if "rawvideo" in args and args[-1] == "pipe:1":
        return "segments"
    if "libx264" in args or "h264_nvenc" in args:
        return "render's ffmpeg"
    return "other children"


@contextmanager
def cpu_by_part() -> Iterator[dict[str, float]]:
    """While open, the CPU seconds of every child reaped, by ``part_of`` its command (filled in as they end)."""
    spent: dict[str, float] = defaultdict(float)
    real = subprocess.Popen

    class Timed(real):  # type: ignore[misc, valid-type]
        def __init__(self, args: Any, *rest: Any, **kwargs: Any) -> None:
            self._part = part_of(args if isinstance(args, (list, tuple)) else [str(args)])
            super().__init__(args, *rest, **kwargs)

        def _reap(self, pid: int, flags: int) -> tuple[int, int]:
            found, status, usage = os.wait4(pid, flags)
            if found:
                spent[self._part] += usage.ru_utime + usage.ru_stime
            return found, status

        def _try_wait(self, wait_flags: int) -> tuple[int, int]:  # how ``wait`` reaps it
            if not hasattr(os, "wait4"):
                return super()._try_wait(wait_flags)  # type: ignore[no-any-return]
            try:
                return self._reap(self.pid, wait_flags)
            except ChildProcessError:
                return self.pid, 0

        def _internal_poll(self, *args: Any, **kwargs: Any) -> int | None:  # how ``poll`` reaps it
            if hasattr(os, "wait4"):
                kwargs["_waitpid"] = self._reap
            return super()._internal_poll(*args, **kwargs)  # type: ignore[no-any-return]

    subprocess.Popen = Timed  # type: ignore[misc]
    try:
        yield spent
    finally:
        subprocess.Popen = real  # type: ignore[misc]
