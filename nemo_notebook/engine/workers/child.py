"""The worker process's side: import the media stack once, cap the address space, then run jobs as they come.

Messages to the engine, over the pipe: ``("ready", pid)`` once warm, then for each job ``("progress", fraction)``
any number of times and one of ``("done", result)``, ``("failed", error type, message, code)``,
``("memory", message)`` (the worker exits after it: what a failed allocation leaves behind is not trusted) or
``("fault", text)`` (an unexpected exception, with its traceback). The worker exits when the engine closes the pipe,
and within a second of the engine's end even in the middle of a job.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import importlib
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from ..errors import EngineError
from ..render.heap import hand_back_freed_memory
from .jobs import WARM_MODULES, Job

_M_ARENA_MAX = -8  # glibc's mallopt parameter
_ARENAS = 2
_PROGRESS_STEP = 0.01


def main() -> None:
    """The worker process's entry (``pool``): ``argv`` is the package's folder, the pipe's descriptor, the memory."""
    from multiprocessing.connection import Connection

    serve(Connection(int(sys.argv[2])), int(sys.argv[3]))


def serve(conn: Any, memory_bytes: int) -> None:
    """Run jobs from ``conn`` until it closes; the process's address space is held to ``memory_bytes`` above what it
    takes once warm."""
    _few_arenas()
    _end_with_the_engine()
    for name in WARM_MODULES:
        importlib.import_module(name)
    _warm_blas()
    _limit_address_space(memory_bytes)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if not _run(conn, job):
            return


def _run(conn: Any, job: Job) -> bool:
    """Run one job and send its outcome; False when the worker must end (memory ran out). What the job freed is
    handed back to the system (``render.heap``): after analysing a 10-minute track an idle worker held 359 MB resident
    through the render that followed, 228 MB now."""
    try:
        result = _run_and_hand_back(job, _progress_sender(conn))
    except MemoryError as exc:
        conn.send(("memory", str(exc)[:200]))
        return False
    except EngineError as exc:
        conn.send(("failed", type(exc).__name__, str(exc), getattr(exc, "code", None)))
        return True
    except Exception:  # a bug: the engine logs it and answers with a fault reference
        conn.send(("fault", traceback.format_exc()[-4000:]))
        return True
    conn.send(("done", result))
    return True


def _run_and_hand_back(job: Job, progress: Callable[[float], None]) -> Any:
    try:
        return job.run(progress)
    finally:
        hand_back_freed_memory()


def _progress_sender(conn: Any) -> Callable[[float], None]:
    """A progress callback that sends a fraction only when it has moved a hundredth (a clip reports every frame)."""
    last = [-1.0]

    def send(fraction: float) -> None:
        if fraction - last[0] >= _PROGRESS_STEP or fraction >= 1.0:
            last[0] = fraction
            conn.send(("progress", float(fraction)))

    return send


def _end_with_the_engine(interval_s: float = 1.0) -> None:
    """Exit when the engine is gone (killed mid-job, it can no longer stop a job at its deadline): a thread watches
    for this process being handed to another parent."""
    engine = os.getppid()

    def watch() -> None:
        while os.getppid() == engine:
            time.sleep(interval_s)
        os._exit(3)

    threading.Thread(target=watch, name="engine-watch", daemon=True).start()


def _warm_blas() -> None:
    """One product big enough for numpy's BLAS to start every thread and take its buffers, so that they belong to the
    worker's idle size and not to the first job's memory (a buffer per core: a large share on a many-core machine)."""
    import numpy as np

    square = np.ones((512, 512))
    square @ square


def _few_arenas() -> None:
    """At most ``_ARENAS`` malloc arenas: each thread's arena reserves 64 MB of address space, and a decoder runs a
    thread per core, which would spend the address-space cap on reservations."""
    name = ctypes.util.find_library("c")
    if not name:
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL(name).mallopt(_M_ARENA_MAX, _ARENAS)


def _limit_address_space(memory_bytes: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the deadline still holds
        return
    idle = _address_space_bytes()
    if idle is None:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = idle + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))


def _address_space_bytes() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None
