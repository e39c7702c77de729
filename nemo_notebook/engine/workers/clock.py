"""A worker's job is timed by the work it does, not by the wall clock: on a loaded machine (a Binder, a laptop on
battery, a 2-core CI beside other jobs) a file takes longer to analyse but costs the same processor time, so it is not
refused for the machine being slow.

`JobClock` holds a job to two limits:

- ``work_s``: processor seconds the worker may use on the job, all its threads together, counted as
  ``work_s`` times the machine's cores (so a job that an idle machine finishes within ``work_s`` of wall time, on
  every core at once, is never refused): a file made to keep a reader busy for ever is stopped;
- ``stall_s``: wall seconds the worker may go without using any processor time and without reporting progress: a
  reader blocked on something that never comes is stopped.

Where the worker's processor time cannot be read (no ``/proc``: Windows, macOS), ``work_s`` is wall seconds, as it
was before.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

_TICKS_PER_S = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def processor_seconds(pid: int | None) -> float | None:
    """User and system time of process ``pid``, all threads, in seconds; None where it cannot be read."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS_PER_S
    except (OSError, ValueError, IndexError):
        return None


class JobClock:
    """Whether the job on worker ``pid`` has used up ``work_s`` (see the module) or stalled for ``stall_s``."""

    def __init__(
        self, pid: int | None, work_s: float, stall_s: float, wall: Callable[[], float] = time.monotonic
    ) -> None:
        self._pid = pid
        self._wall = wall
        self.work_s = work_s
        self.stall_s = stall_s
        started = processor_seconds(pid)
        self._by_processor = started is not None
        self._budget_s = work_s * (os.cpu_count() or 1) if self._by_processor else work_s
        self._started = started if started is not None else wall()
        self._used = self._started
        self._moved_at = wall()

    def moved(self) -> None:
        """The job reported progress: it is not stalled."""
        self._moved_at = self._wall()

    def overdue(self) -> str | None:
        """ "time" when the job used up its work, "stall" when it stalled, else None."""
        now = self._wall()
        used = processor_seconds(self._pid) if self._by_processor else now
        if used is not None and used > self._used:  # None: unreadable now, so only the stall clock runs
            self._used = used
            self._moved_at = now
        if used is not None and used - self._started > self._budget_s:
            return "time"
        if now - self._moved_at > self.stall_s:
            return "stall"
        return None

    def wait_s(self, most: float) -> float:
        """How long to wait for the worker's next message before asking `overdue` again."""
        return max(0.0, min(most, self.stall_s - (self._wall() - self._moved_at)))
