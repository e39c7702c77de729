"""Export jobs: queued → rendering → completed | failed, one render at a time in a worker thread.

The renderer writes ``home/renders/<id>.mp4`` through a temporary file and a rename, so a file under that name is
always whole. On start the engine fails every job that was rendering when it died, removes leftover partial files,
and queues again the jobs that never started.
"""

from __future__ import annotations

import logging
import queue
import shutil
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ...protocol import Draft, MediaInfo, RenderState
from ..errors import EngineError, RenderError
from ..settings import EngineSettings
from ..store import JobRecord, Store

if TYPE_CHECKING:
    from ..render import RenderResult

log = logging.getLogger("nemo_notebook.engine.jobs")

_INTERRUPTED = "the engine stopped while this video was rendering: export again"
_CANCELLED = "cancelled at your request: export again when you want it"
_PROGRESS_STEP = 0.01


class CancelFlag(threading.Event):
    """A stop signal a renderer may test either as an event (``cancel.is_set()``) or as a callable (``cancel()``)."""

    def __call__(self) -> bool:
        return self.is_set()


class RenderQueue:
    """Runs export jobs one after another; ``cancel`` stops one job, ``stop`` cancels the running one and ends the
    thread."""

    def __init__(self, store: Store, settings: EngineSettings) -> None:
        self._store = store
        self._settings = settings
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._cancel = CancelFlag()
        self._lock = threading.Lock()
        self._current: tuple[str, CancelFlag] | None = None
        self._cancelled: set[str] = set()
        self._thread = threading.Thread(target=self._loop, name="nemo-render", daemon=True)

    def output_path(self, job_id: str) -> Path:
        return self._settings.renders_dir / f"{job_id}.mp4"

    def start(self, *, recover: bool = True) -> None:
        """Recover from an earlier run (unless another engine is using the home), then start the worker."""
        if recover:
            self._recover()
        self._thread.start()

    def _recover(self) -> None:
        for stale in self._settings.renders_dir.iterdir():
            if ".part" not in stale.name:
                continue
            # the renderer's temporary file (a render that never finished) or its graph folder (a crash inside it)
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)
        for job in self._store.jobs_with_status(RenderState.RENDERING):
            self.output_path(job.id).unlink(missing_ok=True)
            self._store.update_job(job.id, now=time.time(), status=RenderState.FAILED, error=_INTERRUPTED)
        for job in self._store.jobs_with_status(RenderState.QUEUED):
            self._queue.put(job.id)

    def stop(self, timeout_s: float = 10.0) -> None:
        self._cancel.set()
        with self._lock:
            if self._current is not None:
                self._current[1].set()
        self._queue.put(None)
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    def submit(self, job: JobRecord) -> None:
        self._store.add_job(job)
        self._queue.put(job.id)

    def cancel(self, job_id: str) -> bool:
        """Stop one job: a queued one never starts, a rendering one has its ffmpeg stopped (it ends ``failed``,
        with an error that says it was cancelled). False when the job is already finished."""
        job = self._store.job(job_id)
        if job is None or job.status not in (RenderState.QUEUED, RenderState.RENDERING):
            return False
        with self._lock:
            self._cancelled.add(job_id)
            if self._current is not None and self._current[0] == job_id:
                self._current[1].set()
            elif job.status == RenderState.QUEUED:
                self._store.update_job(job_id, now=time.time(), status=RenderState.FAILED, error=_CANCELLED)
        return True

    def _loop(self) -> None:
        while True:
            job_id = self._queue.get()
            if job_id is None or self._cancel.is_set():
                return
            job = self._store.job(job_id)
            if job is not None and job.status == RenderState.QUEUED:
                self._run(job)

    def _run(self, job: JobRecord) -> None:
        flag = CancelFlag()
        with self._lock:
            if job.id in self._cancelled:
                return
            self._current = (job.id, flag)
            self._store.update_job(job.id, now=time.time(), status=RenderState.RENDERING, progress=0.0)
        try:
            result = self._render(job, flag)
        except Exception as exc:
            self._fail(job, exc)
            return
        finally:
            with self._lock:
                self._current = None
        self._store.update_job(
            job.id,
            now=time.time(),
            status=RenderState.COMPLETED,
            progress=1.0,
            size=int(result.size),
            duration_ms=int(result.duration_ms),
        )

    def _render(self, job: JobRecord, cancel: CancelFlag) -> RenderResult:
        from ..render import render_draft  # the renderer loads with the first export, not with the engine

        out_path = self.output_path(job.id)
        return render_draft(
            Draft.from_wire(job.draft),
            self._media(job.session_id),
            out_path,
            quality=job.quality,
            progress=self._progress_writer(job.id),
            cancel=cancel,
        )

    def _media(self, session_id: str) -> Mapping[str, tuple[Path, MediaInfo]]:
        records = self._store.media(session_id, generated=False) + self._store.media(session_id, generated=True)
        return {r.info.id: (r.path, r.info) for r in records}

    def _progress_writer(self, job_id: str) -> Callable[[float], None]:
        last = [0.0]

        def progress(fraction: float) -> None:
            fraction = min(max(float(fraction), 0.0), 0.99)
            if fraction - last[0] >= _PROGRESS_STEP:
                last[0] = fraction
                self._store.update_job(job_id, now=time.time(), progress=fraction)

        return progress

    def _fail(self, job: JobRecord, exc: Exception) -> None:
        self.output_path(job.id).unlink(missing_ok=True)
        if job.id in self._cancelled:
            message = _CANCELLED
        elif self._cancel.is_set():
            message = _INTERRUPTED
        elif isinstance(exc, EngineError):
            message = f"rendering failed: {exc}"
        else:
            message = f"rendering failed ({type(exc).__name__}): {exc}"
        if job.id in self._cancelled:
            log.info("render %s cancelled", job.id)
        elif isinstance(exc, RenderError) and exc.stderr_tail:
            log.error("render %s failed: %s\n%s", job.id, exc, exc.stderr_tail)
        else:
            log.error("render %s failed: %s", job.id, exc, exc_info=not isinstance(exc, EngineError))
        self._store.update_job(job.id, now=time.time(), status=RenderState.FAILED, error=message)
