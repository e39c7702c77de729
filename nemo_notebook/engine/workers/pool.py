"""The engine's side: a few long-lived worker processes, each running one job at a time within its time (`JobClock`).

A worker is started (a fresh interpreter that imports this package, never the user's script or notebook) when a
job finds none idle; at most the pool's size run at once, and each then stays, so its imports are paid once. A job that passes its time, a worker that dies, or one that runs out of memory costs that worker: it is
killed and the next job starts another.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..errors import AnalysisError, EngineError, MediaError, TurnCancelled
from ..settings import WorkLimits
from .child import serve
from .clock import JobClock
from .jobs import Job, work_s

log = logging.getLogger("nemo_notebook.engine.workers")

START_TIMEOUT_S = 120.0
"""Most work (`JobClock`) a new worker may spend importing the media stack, and longest it may stall doing it (a few
seconds of processor time)."""
_POLL_S = 0.2
_ERRORS: dict[str, Callable[[str, int | None], EngineError]] = {
    "MediaError": lambda message, code: MediaError(message, code=code or 4001),
    "AnalysisError": lambda message, _: AnalysisError(message),
}
"""The errors a job raises on purpose, rebuilt from their words (others come back as `AnalysisError`)."""


class WorkFailed(EngineError):
    """A job the worker could not finish: ``reason`` is "time", "stall", "memory" or "crash"."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"the media worker stopped ({reason}){': ' + detail if detail else ''}")
        self.reason = reason
        self.reused = False  # the worker had done jobs before this one


class WorkerFault(EngineError):
    """An unexpected exception inside the worker (a bug); ``remote_traceback`` is its traceback there."""

    def __init__(self, remote_traceback: str) -> None:
        super().__init__("the media worker failed unexpectedly")
        self.remote_traceback = remote_traceback


class _Worker:
    """One worker process and the engine's end of its pipe."""

    def __init__(self, memory_bytes: int) -> None:
        self.conn, self.process = _start(memory_bytes)
        self.pid = self.process.pid
        self.jobs_done = 0
        self._wait_ready()

    def _wait_ready(self) -> None:
        try:
            message: tuple[Any, ...] | None = self._receive(JobClock(self.pid, START_TIMEOUT_S, START_TIMEOUT_S), None)
        except WorkFailed:
            message = None
        if message is None or message[0] != "ready":
            self.kill()
            raise WorkerFault(f"a new worker did not start (exit code {self.process.exitcode})")

    def send(self, job: Job) -> bool:
        """Hand ``job`` over; False when the worker is gone (it died while idle: not the job's doing)."""
        try:
            self.conn.send(job)
        except OSError:
            return False
        return True

    def run(self, job: Job, limits: WorkLimits, progress: Callable[[float], None] | None, cancelled: Any) -> Any:
        clock = JobClock(self.pid, work_s(job, limits), limits.stall_timeout_s)
        while True:
            message = self._receive(clock, cancelled)
            if message[0] == "progress":
                clock.moved()
                if progress is not None:
                    progress(message[1])
                continue
            return _outcome(message)

    def _receive(self, clock: JobClock, cancelled: Callable[[], bool] | None) -> tuple[Any, ...]:
        """The next message; `WorkFailed` when ``clock`` says the job is overdue ("time", "stall") or the worker
        died ("crash")."""
        while True:
            if cancelled is not None and cancelled():
                raise TurnCancelled("the turn was cancelled")
            try:
                if self.conn.poll(clock.wait_s(_POLL_S)):
                    message: tuple[Any, ...] = self.conn.recv()
                    return message
            except (EOFError, OSError) as exc:
                raise WorkFailed("crash", f"exit code {self.process.exitcode}") from exc
            if not self.process.is_alive() and not self.conn.poll():
                raise WorkFailed("crash", f"exit code {self.process.exitcode}")
            overdue = clock.overdue()
            if overdue is not None:
                raise WorkFailed(overdue)

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=10.0)


_BOOT = "import sys; sys.path.insert(0, sys.argv[1]); from nemo_notebook.engine.workers.child import main; main()"


class _Child:
    """A worker started with `subprocess`, seen through the few methods of `multiprocessing.Process` used here."""

    def __init__(self, popen: subprocess.Popen[bytes]) -> None:
        self._popen = popen
        self.pid: int | None = popen.pid

    @property
    def exitcode(self) -> int | None:
        return self._popen.poll()

    def is_alive(self) -> bool:
        return self._popen.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self._popen.kill()

    def join(self, timeout: float) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._popen.wait(timeout)


def _start(memory_bytes: int) -> tuple[Any, Any]:
    """A new worker process and the engine's end of its pipe.

    On POSIX a fresh interpreter runs ``child.main`` over one end of a socket pair: unlike ``multiprocessing``'s
    ``spawn`` it never imports the main module, so a user's script without an ``if __name__ == "__main__"`` guard
    is not run again. Elsewhere (Windows) ``spawn`` it is.
    """
    if os.name != "posix":
        context = multiprocessing.get_context("spawn")
        conn, child_conn = context.Pipe()
        process = context.Process(target=serve, args=(child_conn, memory_bytes), name="nemo-media-worker", daemon=True)
        process.start()
        child_conn.close()
        return conn, process
    ours, theirs = socket.socketpair()
    root = str(Path(__file__).resolve().parents[3])  # the folder holding this nemo_notebook package
    with theirs:
        popen = subprocess.Popen(
            [sys.executable, "-c", _BOOT, root, str(theirs.fileno()), str(memory_bytes)],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C in the engine's terminal is the engine's to handle
        )
    return Connection(ours.detach()), _Child(popen)


def _outcome(message: tuple[Any, ...]) -> Any:
    kind = message[0]
    if kind == "done":
        return message[1]
    if kind == "failed":
        _, type_name, text, code = message
        make = _ERRORS.get(type_name)
        raise make(text, code) if make else AnalysisError(text)
    if kind == "memory":
        raise WorkFailed("memory", message[1])
    raise WorkerFault(str(message[1]) if len(message) > 1 else "")


class WorkerPool:
    """At most ``size`` workers, each held to ``memory_bytes`` above its idle address space."""

    def __init__(self, size: int, memory_bytes: int) -> None:
        self.size = size
        self.memory_bytes = memory_bytes
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def run(
        self,
        job: Job,
        *,
        limits: WorkLimits,
        progress: Callable[[float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Any:
        """``job``'s result, computed in a worker within the time ``limits`` give it (`JobClock`; waiting for a free
        worker not counted).

        Raises
        ------
        WorkFailed
            Past its work ("time"), stalled ("stall"), out of memory ("memory"), or the worker died ("crash"); the
            worker is gone.
        WorkerFault
            An unexpected exception in the worker (its traceback is logged).
        EngineError
            The job's own refusal (`MediaError`, `AnalysisError`), rebuilt from the worker's words.
        TurnCancelled
            ``cancelled()`` turned true while waiting; the worker is stopped.
        """
        with self._slot():
            try:
                return self._run_once(job, limits, progress, cancelled, self._take())
            except WorkFailed as exc:
                if exc.reason != "crash" or not exc.reused:
                    raise
            # an idle worker that died unseen (killed, or reaped just as it was taken) fails its next job as a
            # crash: the job is the file's doing only if a fresh worker crashes on it too
            return self._run_once(job, limits, progress, cancelled, _Worker(self.memory_bytes))

    def _run_once(
        self,
        job: Job,
        limits: WorkLimits,
        progress: Callable[[float], None] | None,
        cancelled: Callable[[], bool] | None,
        worker: _Worker,
    ) -> Any:
        if not worker.send(job):
            worker.kill()
            worker = self._take()
            if not worker.send(job):
                worker.kill()
                raise WorkerFault("a new worker went away before its first job")
        try:
            result = worker.run(job, limits, progress, cancelled)
        except WorkFailed as exc:
            worker.kill()
            exc.reused = worker.jobs_done > 0
            raise
        except TurnCancelled:
            worker.kill()
            raise
        except WorkerFault as exc:
            log.error("media worker %s failed on %s:\n%s", worker.pid, type(job).__name__, exc.remote_traceback)
            self._give_back(worker)
            raise
        except EngineError:
            self._give_back(worker)
            raise
        except BaseException:
            worker.kill()
            raise
        self._give_back(worker)
        return result

    def pids(self) -> list[int]:
        """The process ids of the idle workers."""
        with self._lock:
            return [w.pid for w in self._idle if w.pid is not None]

    def close(self) -> None:
        """Stop the idle workers."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()

    @contextlib.contextmanager
    def _slot(self) -> Iterator[None]:
        self._slots.acquire()
        try:
            yield
        finally:
            self._slots.release()

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.process.is_alive():
                    return worker
                worker.kill()
        return _Worker(self.memory_bytes)

    def _give_back(self, worker: _Worker) -> None:
        worker.jobs_done += 1
        if not worker.process.is_alive():
            worker.kill()
            return
        with self._lock:
            self._idle.append(worker)
