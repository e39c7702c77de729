"""Probing and analysis of one file at a time in worker processes held to fixed memory and work (`WorkLimits`), so
that no file can take the engine down: a file that needs more is refused (4001) saying what would work.

`run_bounded` is the one entry point: the engine's uploads (``intake.ingest``) and a turn's analyses
(``turn.context``) send it a job (``jobs``: `Probe`, `AnalyseAudio`, `AnalyseVideo`, `MeasurePicture`). Workers are started on first
need and reused (``pool``); their imports are paid once.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from typing import Any

from ..intake.claims import refusal
from ..settings import WorkLimits
from .jobs import AnalyseAudio, AnalyseVideo, Job, MeasurePicture, Probe, work_s
from .pool import WorkerFault, WorkerPool, WorkFailed

__all__ = [
    "AnalyseAudio",
    "AnalyseVideo",
    "Job",
    "MeasurePicture",
    "Probe",
    "WorkFailed",
    "WorkerFault",
    "WorkerPool",
    "pool_for",
    "run_bounded",
]

_POOLS: dict[tuple[int, int], WorkerPool] = {}
_POOLS_LOCK = threading.Lock()


@atexit.register
def _close_pools() -> None:
    """At exit, stop the idle workers (they would end on their own when the pipe closes; this waits for them)."""
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
    for pool in pools:
        pool.close()


def pool_for(limits: WorkLimits) -> WorkerPool:
    """The process's pool for ``limits`` (engines with the same limits share one)."""
    key = (limits.worker_count, limits.memory_bytes)
    with _POOLS_LOCK:
        pool = _POOLS.get(key)
        if pool is None:
            pool = _POOLS[key] = WorkerPool(*key)
        return pool


def run_bounded(
    job: Job,
    limits: WorkLimits,
    *,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Any:
    """``job``'s result: from the analysis cache when it is there, else computed in a worker process within
    ``limits``.

    Parameters
    ----------
    job
        What to do, and to which file.
    limits
        The worker's memory above its idle address space, and its time (`clock.JobClock`: ``probe_timeout_s`` of
        work for a `Probe`, ``analysis_timeout_s`` for the others, and ``stall_timeout_s``).
    progress
        Told the fraction done, 0..1, as the job reports it.
    cancelled
        Asked a few times a second; when true the worker is stopped and `TurnCancelled` raised.

    Raises
    ------
    MediaError
        Code 4001 when the file needs more memory or work than ``limits`` give, stalled or stopped the worker; and the job's
        own refusals.
    AnalysisError
        The job's own.
    """
    hit = job.cached()
    if hit is not None:
        return hit
    try:
        return pool_for(limits).run(job, limits=limits, progress=progress, cancelled=cancelled)
    except WorkFailed as exc:
        raise refusal(job.name, _why(job, exc.reason, limits)) from exc


def _why(job: Job, reason: str, limits: WorkLimits) -> str:
    if reason == "time":
        return (
            f"{job.checking} took more than {work_s(job, limits):g} s of processor time on each core, the most one "
            f"file may take: upload {job.instead}"
        )
    if reason == "stall":
        return (
            f"{job.checking} stopped: the reader did no work for {limits.stall_timeout_s:g} s (a damaged file, or one "
            f"made to hang readers, does this): export it again from the program that made it, or upload {job.instead}"
        )
    if reason == "memory":
        mb = limits.memory_bytes // 1024**2
        return f"{job.checking} needed more than the {mb} MB of memory one file may take: upload {job.instead}"
    return (
        f"{job.checking} stopped the reader (a damaged file, or one made to crash readers, does this): export it "
        f"again from the program that made it, or upload {job.instead}"
    )
