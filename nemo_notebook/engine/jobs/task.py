"""One export as a Dask task: what travels to a worker (`RenderTask`), the function the worker runs, what comes back.

The worker needs nemo-notebook installed (same version as the engine); it imports the renderer, not the engine.
Media reach it either as paths (a shared home, the same path on every machine) or as bytes shipped with the task;
the MP4 is either written into the shared home (temporary file, then rename) or sent back as bytes.

While it runs, the task reports progress as events on `PROGRESS_TOPIC` and watches a Dask ``Event`` named after the
job, which the engine sets to cancel it. A task started a third time (its worker died twice) refuses to run: the
engine retries a lost worker once, then fails the export saying so.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...protocol import Draft, MediaInfo
from ..errors import RenderError

PROGRESS_TOPIC = "nemo-notebook-render-progress"
MAX_ATTEMPTS = 2  # the first run and one retry after its worker died
_CANCEL_POLL_S = 0.5
_PROGRESS_STEP = 0.01


@dataclass(frozen=True)
class RenderTask:
    """An export as it travels: ``media`` maps ids to (path, info), paths in the shared home or bare file names
    of the shipped bytes; ``out_path`` is where to write in the shared home, None to send the MP4 back."""

    key: str
    draft: dict[str, Any]
    quality: str
    media: Mapping[str, tuple[str, MediaInfo]]
    out_path: str | None


@dataclass(frozen=True)
class TaskResult:
    """What a worker sends back: the MP4's size and length, and its bytes when there is no shared home."""

    size: int
    duration_ms: int
    video: bytes | None


def attempts_name(key: str) -> str:
    return f"{key}-attempts"


def cancel_name(key: str) -> str:
    return f"{key}-cancel"


def render_on_worker(task: RenderTask, shipped: Mapping[str, bytes] | None) -> TaskResult:
    """Run on a Dask worker: render ``task`` with this worker's share of its cores."""
    from distributed import Event, Variable, get_worker

    worker = get_worker()
    attempt = _count_attempt(Variable(attempts_name(task.key)), str(worker.address))
    nthreads = max(int(getattr(getattr(worker, "state", worker), "nthreads", 1)), 1)
    cancel = threading.Event()
    watcher = threading.Thread(target=_watch, args=(Event(cancel_name(task.key)), cancel), daemon=True)
    watcher.start()
    try:
        with tempfile.TemporaryDirectory(prefix="nemo-render-") as folder:
            report = _reporter(worker, task.key, attempt)
            report(0.0)
            return _render(task, shipped, Path(folder), report, cancel, nthreads)
    finally:
        cancel.set()  # ends the watcher
        watcher.join()


def _count_attempt(attempts: Any, worker: str) -> int:
    """Record that ``worker`` starts this task; the how-many-th start it is."""
    record = attempts.get(timeout=30)
    workers = [*record["workers"], worker]
    attempts.set({"workers": workers})
    if len(workers) > MAX_ATTEMPTS:
        lost = ", ".join(workers[:-1])
        raise RenderError(
            f"the Dask workers rendering this export died twice ({lost}), so it was not tried again: "
            "check the workers' logs and memory (a 1080p render takes about 1 GB), then export again"
        )
    return len(workers)


def _watch(flag: Any, cancel: threading.Event) -> None:
    while not cancel.wait(_CANCEL_POLL_S):
        try:
            if flag.is_set():
                cancel.set()
        except Exception:  # the scheduler went away: nobody waits for this video any more
            cancel.set()


def _reporter(worker: Any, key: str, attempt: int) -> Callable[[float], None]:
    last = [-1.0]
    where = str(worker.address)

    def report(fraction: float) -> None:
        if fraction - last[0] >= _PROGRESS_STEP or fraction >= 1.0:
            last[0] = fraction
            message = {"key": key, "progress": float(fraction), "attempt": attempt, "worker": where}
            worker.log_event(PROGRESS_TOPIC, message)

    return report


def _render(
    task: RenderTask,
    shipped: Mapping[str, bytes] | None,
    folder: Path,
    progress: Callable[[float], None],
    cancel: threading.Event,
    nthreads: int,
) -> TaskResult:
    from ..render import render_draft

    media = {media_id: (Path(path), info) for media_id, (path, info) in task.media.items()}
    if shipped is not None:
        media = {media_id: (_unpack(folder, path, shipped[media_id]), info) for media_id, (path, info) in media.items()}
    out_path = Path(task.out_path) if task.out_path else folder / "export.mp4"
    result = render_draft(
        Draft.from_wire(task.draft),
        media,
        out_path,
        quality=task.quality,
        progress=progress,
        cancel=cancel,
        threads=None if nthreads == 1 else max((os.cpu_count() or 1) // nthreads, 2),
    )
    video = None if task.out_path else out_path.read_bytes()
    return TaskResult(result.size, result.duration_ms, video)


def _unpack(folder: Path, name: Path, content: bytes) -> Path:
    path = folder / name.name
    path.write_bytes(content)
    return path
