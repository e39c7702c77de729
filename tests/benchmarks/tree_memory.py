"""The peak memory of a process and of everything it starts, together: the sum of their resident sets, sampled.

``resource``'s ``ru_maxrss`` of the children gives the largest single child's peak, not what a machine must hold
while the engine and its ffmpegs run at once (a render's lane segments write into a pipe that the render's own
ffmpeg reads). Here the command runs in a process of its own, and every ``INTERVAL_S`` the resident sets of it and
of all its descendants (Linux ``/proc``: each task's ``children``, each process's ``VmRSS``) are added up; the
largest sum is the peak. Sampled, it can miss a peak shorter than the interval, so it reads a little low, never
high. Where ``/proc`` cannot be read (not Linux) the peak is None.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

INTERVAL_S = 0.1
_PROC = Path("/proc")


def run_sampled(cmd: Sequence[str]) -> tuple[str, float | None]:
    """Run ``cmd`` to its end (an error raises ``CalledProcessError``); its standard output and the peak sum of the
    resident memory (MB) of it and its descendants, sampled every ``INTERVAL_S``; None where it cannot be read."""
    readable = (_PROC / str(os.getpid()) / "status").exists()
    peak_kb = 0
    with tempfile.TemporaryFile("w+") as out:  # a file, not a pipe: a full pipe would stop the child
        with subprocess.Popen(list(cmd), stdout=out, text=True) as proc:
            while proc.poll() is None:
                if readable:
                    peak_kb = max(peak_kb, sum(_resident_kb(pid) for pid in _tree(proc.pid)))
                time.sleep(INTERVAL_S)
        out.seek(0)
        text = out.read()
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, list(cmd), text)
    return text, peak_kb / 1024 if readable else None


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, as they stand (one that ends meanwhile is left out)."""
    found, i = [pid], 0
    while i < len(found):
        try:
            for task in (_PROC / str(found[i]) / "task").iterdir():
                found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
        i += 1
    return found


def _resident_kb(pid: int) -> int:
    """The resident set of process ``pid`` (kB), 0 where it has ended."""
    try:
        for line in (_PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return 0
    return 0
