"""A render that stops making progress: ffmpeg alive (often at full CPU) while its output stops growing.

The bundled ffmpeg (9.0) now and then never finishes a render that it finishes in a second on the next try: the
project's CI saw it in two of its last three runs (a 23 s render of two pictures and the spectrum's bars still running
after 600 s; another at 100 % CPU for minutes), and the first's command, run 400 times here under load, always ended. ffmpeg writes its progress (``-progress``) every half second; a `ProgressWatch` notes when the frame count,
the output time or the output's size last moved, and the render is stopped once nothing moved for ``STALL_S`` seconds
and run once more (``run.run_ffmpeg``). A render held on purpose (another's turn, ``cancel.held``) is not counted.

``NEMO_RENDER_STALL_S`` sets the wait (seconds); the tests make it short for a command that never starts.
"""

from __future__ import annotations

import itertools
import logging
import os
import shlex
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import RenderError

log = logging.getLogger("nemo_notebook.engine.render")

STALL_S = 120.0  # no progress for this long: the render is stopped (ffmpeg reports every 0.5 s while it works)
MOVES = ("frame", "out_time_us", "total_size")  # ffmpeg's progress keys that move while it works
GRAPH_SHOWN = 400  # characters of a stalled render's filter graph kept in its log line


class RenderStalled(RenderError):
    """ffmpeg stopped making progress and was stopped; nothing was written."""


def stall_limit_s() -> float:
    """How long a render may go without progress (``NEMO_RENDER_STALL_S``, else ``STALL_S``).

    >>> stall_limit_s() == float(os.environ.get("NEMO_RENDER_STALL_S", STALL_S))
    True
    """
    try:
        return max(float(os.environ.get("NEMO_RENDER_STALL_S", STALL_S)), 0.1)
    except ValueError:
        return STALL_S


class ProgressWatch:
    """When ffmpeg's progress last moved, from its ``-progress`` lines (``seen``), on ``clock``.

    >>> now = [0.0]
    >>> watch = ProgressWatch(10.0, clock=lambda: now[0])
    >>> watch.seen("frame=1"); now[0] = 9.0; watch.seen("frame=1"); watch.seen("progress=continue")
    >>> watch.stalled(), watch.idle_s()
    (False, 9.0)
    >>> now[0] = 10.5; watch.stalled()
    True
    >>> watch.seen("total_size=48"); watch.stalled()
    False
    """

    def __init__(self, limit_s: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit_s = limit_s
        self._clock = clock
        self._since = clock()
        self._last: dict[str, str] = {}
        self.threads = ""  # what ffmpeg's threads were doing when it was stopped (``threads_busy``)

    def seen(self, line: str) -> None:
        """One line of ffmpeg's progress: a moving value (``MOVES``) that changed restarts the wait."""
        key, _, value = line.strip().partition("=")
        if key in MOVES and self._last.get(key) != value:
            self._last[key] = value
            self._since = self._clock()

    def held(self) -> None:
        """The render is paused on purpose: the wait starts again."""
        self._since = self._clock()

    def idle_s(self) -> float:
        return self._clock() - self._since

    def stalled(self) -> bool:
        return self.idle_s() > self.limit_s


def stalled_error(cmd: Sequence[str], returncode: int | None, tail: str, watch: ProgressWatch) -> RenderStalled:
    """The error for a render stopped after ``watch.limit_s`` without progress, logged with what its threads were
    doing, its last message and its graph's start (the run's summary of the tests shows them)."""
    last = tail.strip().splitlines()[-1:] or ["no message"]
    log.warning(
        "render stalled: no progress for %.0f s; ffmpeg stopped; threads: %s; last message: %s; graph: %s",
        watch.limit_s,
        watch.threads or "unknown",
        last[0][:200],
        graph_start(cmd),
        extra={"graph": graph_text(cmd), "command": shlex.join(cmd)},  # whole, for a handler that keeps them (the
        # tests' summary: what the next stall in CI needs to be run again by hand)
    )
    return RenderStalled(
        f"the renderer (ffmpeg) stopped making progress for {watch.limit_s:.0f} s and was stopped; nothing was "
        "written. This is a fault of the renderer, not of your media: export again",
        cmd=cmd,
        returncode=returncode,
        stderr_tail=tail,
    )


def threads_busy(pid: int) -> str:
    """Each thread of process ``pid`` as name:state:CPU ticks (Linux ``/proc``; empty elsewhere): a thread spinning
    shows as R with many ticks, one waiting as S."""
    described = []
    for task in sorted(Path(f"/proc/{pid}/task").glob("*")):
        try:
            stat = (task / "stat").read_text()
        except OSError:
            continue
        name, rest = stat[stat.find("(") + 1 : stat.rfind(")")], stat[stat.rfind(")") + 2 :].split()
        described.append(f"{name}:{rest[0]}:{int(rest[11]) + int(rest[12])}")
    return " ".join(described)


def graph_start(cmd: Sequence[str]) -> str:
    """The first ``GRAPH_SHOWN`` characters of ``cmd``'s filter graph script (``-/filter_complex FILE``), if any."""
    return graph_text(cmd)[:GRAPH_SHOWN]


def graph_text(cmd: Sequence[str]) -> str:
    """``cmd``'s filter graph script (``-/filter_complex FILE``), its file's name if unreadable, "none" if it has none."""
    for flag, value in itertools.pairwise(cmd):
        if flag == "-/filter_complex":
            try:
                return Path(value).read_text(encoding="utf-8")
            except OSError:
                return value
    return "none"
