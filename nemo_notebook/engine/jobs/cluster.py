"""Exports rendered on a Dask cluster: one task per export, progress relayed, cancel passed on, the MP4 brought home.

``distributed`` is imported when the first export runs, never with the engine (``pip install "nemo-notebook[dask]"``).
The engine connects to the scheduler it was given (an address, or a ``distributed.Client`` handed in from a notebook)
on its first export, and again after losing it; a scheduler it cannot reach fails the export at once, saying what
to do. Third-party errors are translated here, into `ClusterError` or `RenderError`, with ``raise … from``.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import CancelledError
from pathlib import Path
from typing import Any

from ...protocol import Draft, MediaInfo
from ..errors import EngineError, RenderError, fault_reference
from .task import PROGRESS_TOPIC, RenderTask, TaskResult, attempts_name, cancel_name, render_on_worker

log = logging.getLogger("nemo_notebook.engine.jobs")

CONNECT_TIMEOUT_S = 5.0
_WAIT_STEP_S = 0.5
_WHAT_TO_DO = "start it (`dask scheduler`, then `dask worker ADDRESS` on each machine), or serve without --dask"


class ClusterError(EngineError):
    """The Dask cluster cannot take or finish the export: unreachable, gone, or its workers died."""


class DaskRunner:
    """Runs each export as a task on a Dask cluster, as many at once as it has worker threads (or ``slots``)."""

    def __init__(self, target: Any, *, shared_home: bool, slots: int | None) -> None:
        self._target = target
        self._shared_home = shared_home
        self._slots = slots
        self._client: Any = None
        self._owned = not hasattr(target, "submit")  # an address: the engine's own client, closed with it
        self._lock = threading.Lock()
        self._watchers: dict[str, Callable[[float], None]] = {}

    @property
    def where(self) -> str:
        return str(self._target) if self._owned else "the Dask client handed to the engine"

    def slots(self) -> int:
        if self._slots is not None:
            return max(self._slots, 1)
        try:
            return max(sum(self._client.nthreads().values()), 1) if self._client is not None else 1
        except Exception:  # the scheduler went away; the next export says so
            return 1

    def connect(self) -> None:
        """Connect (or reconnect) to the scheduler; `ClusterError` when it cannot be reached."""
        with self._lock:
            if self._client is not None and self._client.status == "running":
                return
            self._client = self._open()
            self._client.subscribe_topic(PROGRESS_TOPIC, self._relay)

    def _open(self) -> Any:
        try:
            import distributed
        except ImportError as exc:
            raise ClusterError(
                'Dask is not installed here: pip install "nemo-notebook[dask]", or serve without --dask'
            ) from exc
        if not self._owned:
            if self._target.status != "running":
                raise ClusterError(
                    f"the Dask client handed to the engine is {self._target.status}: hand it an open one"
                )
            return self._target
        if self._client is not None:
            self._client.close()
        try:
            return distributed.Client(self._target, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {self.where} ({exc}): {_WHAT_TO_DO}") from exc

    def _relay(self, event: tuple[float, Any]) -> None:
        """A task's progress event (on the Dask client's thread) → the job's progress; a second start is a retry."""
        message = event[1]
        if not isinstance(message, dict):
            return
        key, fraction = str(message.get("key")), float(message.get("progress", 0.0))
        watcher = self._watchers.get(key)
        if watcher is None:
            return
        if fraction == 0.0 and message.get("attempt", 1) > 1:
            log.warning("%s: its Dask worker died; retrying once on %s", key, message.get("worker"))
        watcher(fraction)

    def render(
        self,
        job_id: str,
        draft: dict[str, Any],
        quality: str,
        media: Mapping[str, tuple[Path, MediaInfo]],
        out_path: Path,
        progress: Callable[[float], None],
        cancel: Any,
    ) -> tuple[int, int]:
        """Render one export on the cluster into ``out_path`` (as a local render would); its size and length in ms."""
        shared = self._shared_home
        used = Draft.from_wire(draft).media_ids()
        media = {m: media[m] for m in used if m in media}  # only what this draft plays travels
        sent = {m: (str(path) if shared else path.name, info) for m, (path, info) in media.items()}
        task = RenderTask(task_key(job_id), draft, quality, sent, str(out_path) if shared else None)
        content = None if shared else _read_media(media)
        try:
            result = self._run(task, content, progress, cancel)
        except OSError as exc:  # distributed's CommClosedError among them: the connection broke
            raise ClusterError(f"lost the Dask scheduler at {self.where} ({exc}): {_WHAT_TO_DO}") from exc
        if result.video is not None:
            _write_whole(result.video, out_path)
        return result.size, result.duration_ms

    def _run(
        self, task: RenderTask, content: dict[str, bytes] | None, progress: Callable[[float], None], cancel: Any
    ) -> TaskResult:
        from distributed import Variable

        self.connect()
        client = self._client
        Variable(attempts_name(task.key), client=client).set({"workers": []})
        shipped = _scatter(client, content) if content else content  # None: read from the shared home
        self._watchers[task.key] = progress
        future = client.submit(render_on_worker, task, shipped, key=task.key, pure=False)
        try:
            return self._wait(future, task.key, cancel)
        finally:
            self._watchers.pop(task.key, None)
            future.release()
            if client.status == "running":
                Variable(attempts_name(task.key), client=client).delete()

    def _wait(self, future: Any, key: str, cancel: Any) -> TaskResult:
        from distributed import Event, KilledWorker
        from distributed import TimeoutError as WaitedEnough  # asyncio's own on Python 3.10

        from ..render.run import RenderCancelled

        while True:
            if cancel.is_set():
                self._cancel(Event(cancel_name(key), client=self._client), future)
                raise RenderCancelled("the render was cancelled")
            try:
                result: TaskResult = future.result(timeout=_WAIT_STEP_S)
                return result
            except (TimeoutError, WaitedEnough):
                self._check_alive()
            except KilledWorker as exc:
                raise ClusterError(
                    f"the Dask workers rendering this export died ({exc.last_worker.address} was the last): "
                    "check the workers' logs and memory, then export again"
                ) from exc
            except CancelledError as exc:
                log.warning("%s: Dask cancelled the task (%s)", key, exc)
                raise ClusterError(f"lost the Dask scheduler at {self.where} while rendering: {_WHAT_TO_DO}") from exc
            except (OSError, EngineError):
                raise
            except Exception as exc:  # an error the task raised on the worker, sent back by Dask
                reference = fault_reference()
                log.error("%s: the Dask task failed (reference %s): %r", key, reference, exc)
                raise RenderError(f"the Dask task failed (reference {reference} in the engine's log)") from exc

    def _check_alive(self) -> None:
        if self._client.status in ("closing", "closed", "failed"):
            raise ClusterError(f"lost the Dask scheduler at {self.where} while rendering: {_WHAT_TO_DO}")

    def _cancel(self, flag: Any, future: Any) -> None:
        try:
            flag.set()
            future.cancel()
        except Exception as exc:  # the cluster is gone: nothing is left to cancel
            log.warning("could not cancel Dask task %s: %s", future.key, exc)

    def close(self) -> None:
        with self._lock:
            if self._owned and self._client is not None:
                self._client.close()
            self._client = None


def _scatter(client: Any, content: dict[str, bytes]) -> dict[str, Any]:
    """Each media file's bytes on the cluster under a key of this task's own (a list scatters to random keys).

    A dict scattered as it is would use the media ids as keys, shared by every export of the same media: one export
    releasing its copy as another scattered the same key made the scheduler forget it, and the other's task was
    cancelled for a lost dependency.
    """
    ids = list(content)
    return dict(zip(ids, client.scatter([content[m] for m in ids], hash=False), strict=True))


def _read_media(media: Mapping[str, tuple[Path, MediaInfo]]) -> dict[str, bytes]:
    """The bytes of every media file, to ship with the task; `RenderError` naming the ones gone from disk."""
    content, gone = {}, []
    for media_id, (path, _) in media.items():
        try:
            content[media_id] = path.read_bytes()
        except FileNotFoundError:
            gone.append(media_id)
    if gone:
        raise RenderError(f"the files of these media are missing on disk: {', '.join(sorted(gone))}; upload them again")
    return content


def _write_whole(video: bytes, out_path: Path) -> None:
    """Write the MP4 a worker sent back as a local render does: a temporary file beside it, then one rename."""
    from ..render.run import discard, finish, temp_path_for

    temp = temp_path_for(out_path)
    try:
        temp.write_bytes(video)
        finish(temp, out_path)
    finally:
        discard(temp)


def task_key(job_id: str) -> str:
    """A Dask key unique to one run of ``job_id`` (an export run again after a restart is a new task)."""
    return f"nemo-render-{job_id}-{uuid.uuid4().hex[:8]}"
