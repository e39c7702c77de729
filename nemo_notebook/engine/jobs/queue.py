"""Export jobs: queued → rendering → completed | failed, rendered a few at a time by worker threads.

Jobs wait in a `FairLine`: owners (tokens) are served in turn, and one owner may keep only so many waiting
(``EngineSettings.max_waiting_renders``). A dispatcher thread starts them, ``render_slots`` at a time, each in a thread
of its own running one ffmpeg with its share of the cores, or, with ``EngineSettings.dask``, one task on a Dask
cluster (``cluster.py``). Render time is shared (``turns.py``): a local render that has rendered
``EngineSettings.render_turn_s`` while another owner's export waits is paused (its ffmpeg stopped) and queued again at
the front of its owner's line, so one owner's long export keeps another's waiting one turn at most; a render that has
rendered ``EngineSettings.max_render_s`` is stopped and fails saying so.

A render id is its owner's (two owners may each have a ``render_1``): jobs are known by (owner, id), and the renderer
writes ``home/renders/`` + `render_file_name` through a temporary file and a rename, so a file under that name is
always whole. On start the engine fails every job that was rendering when it died, removes leftover partial files,
and queues again the jobs that never started.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ...protocol import Draft, MediaInfo, RenderState
from ..errors import EngineError, RenderError, fault_reference, without_paths
from ..settings import EngineSettings
from ..store import JobRecord, Store, render_file_name
from .fair import FairLine
from .turns import CancelFlag, JobKey, Turn, overdue, running, yielding

if TYPE_CHECKING:
    from ..render import RenderResult
    from .cluster import DaskRunner

log = logging.getLogger("nemo_notebook.engine.jobs")

_INTERRUPTED = "the engine stopped while this video was rendering: export again"
_CANCELLED = "cancelled at your request: export again when you want it"
_PROGRESS_STEP = 0.01
CORES_PER_SLOT = 4
_TICK_S = 0.25  # how often the dispatcher looks at the renders' time while any renders
_SLOTS_FOR_S = 5.0  # how long a cluster's count of worker threads is believed


# the renderer's temporary names (render/run.py, render/__init__.py): ".<name>.mp4.<12 hex>.part" for the file
# ffmpeg writes, ".<name>.mp4.<8 letters>.part" for the folder of its graph
TEMPORARY_NAME = re.compile(r"\..+\.mp4\.[0-9a-z_]+\.part")


def default_slots(cores: int | None = None) -> int:
    """One render slot per `CORES_PER_SLOT` cores, at least one.

    >>> default_slots(2), default_slots(8), default_slots(16)
    (1, 2, 4)
    """
    return max((cores if cores is not None else os.cpu_count() or 1) // CORES_PER_SLOT, 1)


MIN_THREADS_PER_RENDER = 2


def threads_per_render(slots: int, cores: int | None = None) -> int | None:
    """Each render's share of the cores, at least `MIN_THREADS_PER_RENDER`; None (no limit) for a single slot.

    Not fewer than two: a one-thread ffmpeg runs its decoders, filter graph and x264 in turn instead of side by side,
    and on a busy machine gets a single scheduler share (measured here: two 8-second renders at once took 35 s
    with one thread each and 19 s with two).
    """
    if slots <= 1:
        return None
    return max((cores if cores is not None else os.cpu_count() or 1) // slots, MIN_THREADS_PER_RENDER)


class RenderQueue:
    """Runs export jobs, ``slots`` at a time, sharing render time between owners; ``cancel`` stops one job, ``stop``
    cancels the running ones and ends the threads."""

    def __init__(self, store: Store, settings: EngineSettings) -> None:
        self._store = store
        self._settings = settings
        self._line: FairLine[JobKey] = FairLine(settings.max_waiting_renders)
        self._cancel = CancelFlag()
        self._submitting = threading.Lock()
        self._lock = threading.Condition()  # guards what follows; the dispatcher waits on it
        self._running: dict[JobKey, Turn] = {}
        self._cancelled: set[JobKey] = set()
        self._overdue: set[JobKey] = set()
        self._threads: list[threading.Thread] = []
        self._slots_seen: tuple[float, int] | None = None
        self._cluster: DaskRunner | None = None
        if settings.dask is not None:
            from .cluster import DaskRunner  # distributed itself loads with the first export

            self._cluster = DaskRunner(settings.dask, shared_home=settings.shared_home, slots=settings.render_slots)

    def output_path(self, owner: str, job_id: str) -> Path:
        return self._settings.renders_dir / render_file_name(owner, job_id)

    @property
    def slots(self) -> int:
        """Renders that may run at once (on a cluster: its worker threads, once connected)."""
        if self._cluster is not None:
            return self._cluster.slots()
        return self._settings.render_slots or default_slots()

    def start(self, *, recover: bool = True) -> None:
        """Recover from an earlier run (unless another engine is using the home), then start the dispatcher."""
        if recover:
            self._recover()
        self._spawn(self._dispatch, "nemo-render-dispatch")

    def _spawn(self, target: Callable[..., None], name: str, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _recover(self) -> None:
        for stale in self._settings.renders_dir.iterdir():
            if not TEMPORARY_NAME.fullmatch(stale.name):  # only what the renderer named as temporary: never a render
                continue
            # the renderer's temporary file (a render that never finished) or its graph folder (a crash inside it)
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)
        for job in self._store.jobs_with_status(RenderState.RENDERING):
            self.output_path(job.owner, job.id).unlink(missing_ok=True)
            self._store.update_job(job.owner, job.id, now=time.time(), status=RenderState.FAILED, error=_INTERRUPTED)
        for job in self._store.jobs_with_status(RenderState.QUEUED):
            self._line.put(job.owner, (job.owner, job.id), enforce=False)

    def stop(self, timeout_s: float = 10.0) -> None:
        with self._lock:
            self._cancel.set()
            for turn in self._running.values():
                turn.flag.set()
            self._lock.notify_all()
        self._line.close()
        deadline = time.monotonic() + timeout_s
        for thread in list(self._threads):
            if thread.is_alive() and thread is not threading.current_thread():
                thread.join(max(deadline - time.monotonic(), 0.0))
        if self._cluster is not None:
            self._cluster.close()

    def submit(self, job: JobRecord) -> None:
        """Record ``job`` and queue it behind its owner's others; `LineFull` when the owner has too many waiting."""
        with self._submitting:
            self._line.check_room(job.owner)
            self._store.add_job(job)
            self._line.put(job.owner, (job.owner, job.id), enforce=False)
        with self._lock:
            self._lock.notify_all()

    def cancel(self, owner: str, job_id: str) -> bool:
        """Stop ``owner``'s job: a queued one never starts, a rendering (or paused) one has its ffmpeg stopped (it ends
        ``failed``, with an error that says it was cancelled). False when the job is already finished."""
        job = self._store.job(owner, job_id)
        if job is None or job.status not in (RenderState.QUEUED, RenderState.RENDERING):
            return False
        key = (owner, job_id)
        with self._lock:
            self._cancelled.add(key)
            if key in self._running:
                self._running[key].flag.set()
            elif job.status == RenderState.QUEUED:
                self._store.update_job(owner, job_id, now=time.time(), status=RenderState.FAILED, error=_CANCELLED)
        return True

    def _dispatch(self) -> None:
        """Start waiting jobs while slots are free, pause a render that has had its turn when another owner waits,
        stop a render past the time limit; until `stop`."""
        with self._lock:
            while not self._cancel.is_set():
                now_s = time.monotonic()
                self._stop_overdue(now_s)
                self._give_turn(now_s)
                self._fill(now_s)
                self._lock.wait(_TICK_S if self._running else None)

    def _stop_overdue(self, now_s: float) -> None:
        for key in overdue(self._running, now_s=now_s, limit_s=self._settings.max_render_s):
            self._overdue.add(key)
            self._running[key].flag.set()

    def _give_turn(self, now_s: float) -> None:
        if running(self._running) < self._slots_now(now_s):
            return
        key = yielding(self._running, waiting=self._line.owners(), now_s=now_s, turn_s=self._settings.render_turn_s)
        if key is not None:
            self._running[key].hold(now_s)
            self._line.put(key[0], key, enforce=False, first=True)  # it goes on when its owner's turn comes again
            log.info("render %s paused after its turn: another owner's export waits", key[1])

    def _fill(self, now_s: float) -> None:
        while not self._cancel.is_set() and running(self._running) < self._slots_now(now_s):
            key = self._line.poll()
            if key is None:
                return
            turn = self._running.get(key)
            if turn is not None:
                turn.resume(now_s)
            else:
                self._begin(key, now_s)

    def _slots_now(self, now_s: float) -> int:
        """`slots`, asked of a cluster at most every few seconds (the dispatcher asks every tick)."""
        if self._slots_seen is None or now_s - self._slots_seen[0] > _SLOTS_FOR_S:
            self._slots_seen = (now_s, self.slots)
        return self._slots_seen[1]

    def _begin(self, key: JobKey, now_s: float) -> None:
        job = self._store.job(*key)
        if job is None or job.status != RenderState.QUEUED or key in self._cancelled:
            return
        self._running[key] = Turn(job.owner, CancelFlag(), now_s, movable=self._cluster is None)
        self._store.update_job(*key, now=time.time(), status=RenderState.RENDERING, progress=0.0)
        self._spawn(self._run, f"nemo-render-{job.id}", job, self._running[key].flag)

    def _run(self, job: JobRecord, flag: CancelFlag) -> None:
        key = (job.owner, job.id)
        try:
            size, duration_ms = self._render(job, flag)
            self._keep_render_time(job, self._rendered_s(key))
        except Exception as exc:
            self._fail(job, exc)
            return
        finally:
            with self._lock:
                self._running.pop(key, None)
                self._slots_seen = None  # a cluster may have grown while it rendered
                self._lock.notify_all()
        self._store.update_job(
            *key,
            now=time.time(),
            status=RenderState.COMPLETED,
            progress=1.0,
            size=size,
            duration_ms=duration_ms,
        )

    def _rendered_s(self, key: JobKey) -> float:
        """How long the job has rendered, its pauses for others' turns not counted."""
        with self._lock:
            turn = self._running.get(key)
            return turn.rendered_s(time.monotonic()) if turn is not None else 0.0

    def _keep_render_time(self, job: JobRecord, render_s: float) -> None:
        """For its report card (``engine.report``); a failure to write it only costs that figure."""
        from ..report import card_path, record_render_time

        video = self.output_path(job.owner, job.id)
        try:
            record_render_time(card_path(self._settings.cache_dir, video), video, render_s)
        except OSError as exc:
            log.warning("render %s: its render time was not kept (%s)", job.id, exc)

    def _render(self, job: JobRecord, cancel: CancelFlag) -> tuple[int, int]:
        if self._cluster is not None:
            self._cluster.connect()
            media = self._media(job.session_id)
            out_path, progress = self.output_path(job.owner, job.id), self._progress_writer(job)
            return self._cluster.render(job.id, job.draft, job.quality, media, out_path, progress, cancel)
        result = self._render_here(job, cancel)
        return int(result.size), int(result.duration_ms)

    def _render_here(self, job: JobRecord, cancel: CancelFlag) -> RenderResult:
        from ..render import render_draft  # the renderer loads with the first export, not with the engine

        return render_draft(
            Draft.from_wire(job.draft),
            self._media(job.session_id),
            self.output_path(job.owner, job.id),
            quality=job.quality,
            progress=self._progress_writer(job),
            cancel=cancel,
            threads=threads_per_render(self.slots),
            cache_dir=self._settings.cache_dir,
        )

    def _media(self, session_id: str) -> Mapping[str, tuple[Path, MediaInfo]]:
        records = self._store.media(session_id, generated=False) + self._store.media(session_id, generated=True)
        return {r.info.id: (r.path, r.info) for r in records}

    def _progress_writer(self, job: JobRecord) -> Callable[[float], None]:
        last = [0.0]

        def progress(fraction: float) -> None:
            fraction = min(max(float(fraction), 0.0), 0.99)
            if fraction - last[0] >= _PROGRESS_STEP:
                last[0] = fraction
                self._store.update_job(job.owner, job.id, now=time.time(), progress=fraction)

        return progress

    def _fail(self, job: JobRecord, exc: Exception) -> None:
        """Mark ``job`` failed with words its owner may read: an engine error's own (less any path on this machine),
        else a reference to the log line that holds the traceback."""
        self.output_path(job.owner, job.id).unlink(missing_ok=True)
        cancelled = (job.owner, job.id) in self._cancelled
        reference = fault_reference()
        if cancelled:
            message = _CANCELLED
        elif (job.owner, job.id) in self._overdue:
            message = _over_time(self._settings.max_render_s or 0.0)
        elif self._cancel.is_set():
            message = _INTERRUPTED
        elif isinstance(exc, EngineError):
            message = f"rendering failed: {without_paths(str(exc))}"
        else:
            message = f"rendering failed on an internal error (reference {reference}): export again"
        if cancelled or (job.owner, job.id) in self._overdue:
            log.info("render %s %s", job.id, "cancelled" if cancelled else "stopped at the time limit")
        elif isinstance(exc, RenderError) and exc.stderr_tail:
            log.error("render %s failed: %s\n%s", job.id, exc, exc.stderr_tail)
        else:
            log.error(
                "render %s failed (reference %s): %s", job.id, reference, exc, exc_info=not isinstance(exc, EngineError)
            )
        self._store.update_job(job.owner, job.id, now=time.time(), status=RenderState.FAILED, error=message)


def _over_time(limit_s: float) -> str:
    """The failure of a render stopped at the time limit.

    >>> _over_time(1800.0)
    'rendering stopped after 30 minutes, the longest one export may render on this engine: export a shorter video, or at a lower quality'
    """
    span = f"{limit_s / 60:.0f} minutes" if limit_s >= 120 else f"{limit_s:g} s"
    return (
        f"rendering stopped after {span}, the longest one export may render on this engine: export a shorter "
        "video, or at a lower quality"
    )
