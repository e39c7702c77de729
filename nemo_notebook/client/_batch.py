"""Many tracks at once: ``client.batch(files, instruction)`` gives each track a session, the same instruction, an
export and a download, a few tracks at a time, and sums them up in a DataFrame.

Each track runs in a worker thread (upload → ask → render → download); the caller's thread alone reports progress
(``progress(rows)``, one `BatchRow` per track, after every change), so a notebook can redraw a table from it. A track
that fails does not stop the others: its row says why. An export refused because the server already has enough of
this token's exports waiting (429) is asked again when the server says (``Retry-After``).
"""

from __future__ import annotations

import os
import queue
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from ._errors import NemoError, RateLimited

if TYPE_CHECKING:
    import pandas

Track = Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]]
"""A track: one file, or several that go into the same video (the music first, then pictures or clips)."""
STAGES = ("waiting", "uploading", "asking", "rendering", "downloading", "done", "failed")
DEFAULT_CONCURRENCY = 4
TRACK_TIMEOUT_S = 60 * 60.0
_REDRAW_S = 0.5


@dataclass(frozen=True)
class BatchRow:
    """Where one track is: ``stage`` (one of `STAGES`), the render's ``progress`` (0–1) and, once done, the video."""

    name: str
    files: tuple[str, ...]
    stage: str = "waiting"
    progress: float = 0.0
    session_id: str | None = None
    render_id: str | None = None
    video: str | None = None
    length_s: float | None = None
    size_mb: float | None = None
    took_s: float | None = None
    error: str | None = None


BatchProgress = Callable[[Sequence[BatchRow]], object]
"""``progress(rows)``: every track's row, in the order given, called in the caller's thread after changes."""


def rows_frame(rows: Sequence[BatchRow]) -> pandas.DataFrame:
    """The rows as a DataFrame indexed by track name (pandas is imported here, not with the client)."""
    import pandas

    return pandas.DataFrame([asdict(row) for row in rows]).set_index("name")


def named_tracks(tracks: Sequence[Track] | Mapping[str, Track]) -> list[BatchRow]:
    """One waiting row per track, named by the mapping's keys or by the first file's stem (made unique)."""
    items = tracks.items() if isinstance(tracks, Mapping) else ((None, t) for t in tracks)
    rows: list[BatchRow] = []
    for name, track in items:
        files = (track,) if isinstance(track, (str, os.PathLike)) else tuple(track)
        if not files:
            raise NemoError("a track of the batch has no file", hint="give each track a path (or a list of paths)")
        label = name or Path(files[0]).stem
        unique, n = label, 1
        while any(row.name == unique for row in rows):
            n += 1
            unique = f"{label}-{n}"
        rows.append(BatchRow(unique, tuple(str(f) for f in files)))
    return rows


class _Batch:
    def __init__(self, client: Any, instruction: str, quality: str, folder: Path, prefix: str) -> None:
        self.client, self.instruction, self.quality = client, instruction, quality
        self.folder, self.prefix = folder, prefix
        self.updates: queue.Queue[BatchRow] = queue.Queue()

    def run(self, row: BatchRow) -> None:
        started = time.perf_counter()
        try:
            row = self._make(row, started)
        except Exception as exc:  # one track's failure is its row's, never the batch's
            message = str(exc) if isinstance(exc, NemoError) else f"{type(exc).__name__}: {exc}"
            row = replace(row, stage="failed", error=message, took_s=round(time.perf_counter() - started, 1))
        self.updates.put(row)

    def _make(self, row: BatchRow, started: float) -> BatchRow:
        row = self._say(row, stage="uploading")
        session = self.client.sessions.create()
        row = self._say(row, session_id=session.id)
        session.upload(list(row.files))
        row = self._say(row, stage="asking")
        session.send(self.instruction)
        job = self._export(session)
        row = self._say(row, stage="rendering", render_id=job.id)
        job.wait(progress=lambda fraction: self.updates.put(replace(row, progress=float(fraction))))
        row = self._say(row, stage="downloading", progress=1.0)
        video = job.download(self.folder / f"{self.prefix}{row.name}.mp4")
        output = job.status.output
        return replace(
            row,
            stage="done",
            video=str(video),
            length_s=output.duration_ms / 1000 if output and output.duration_ms else None,
            size_mb=round(video.stat().st_size / 1e6, 2),
            took_s=round(time.perf_counter() - started, 1),
        )

    def _export(self, session: Any) -> Any:
        deadline = time.monotonic() + TRACK_TIMEOUT_S
        while True:
            try:
                return session.export(quality=self.quality)
            except RateLimited as exc:  # the server has enough of our exports waiting: ask again when it says
                if time.monotonic() + exc.retry_after_s > deadline:
                    raise
                time.sleep(exc.retry_after_s)

    def _say(self, row: BatchRow, **changes: Any) -> BatchRow:
        row = replace(row, **changes)
        self.updates.put(row)
        return row


def run_batch(
    client: Any,  # a Client (not imported: ``_client`` imports this module)
    tracks: Sequence[Track] | Mapping[str, Track],
    instruction: str,
    *,
    quality: str = "high",
    folder: str | os.PathLike[str] = ".",
    prefix: str = "",
    concurrency: int = DEFAULT_CONCURRENCY,
    progress: BatchProgress | None = None,
) -> pandas.DataFrame:
    """Run ``instruction`` on every track, ``concurrency`` tracks at a time; see `Client.batch`."""
    rows = named_tracks(tracks)
    target = Path(folder).expanduser()
    target.mkdir(parents=True, exist_ok=True)
    batch = _Batch(client, instruction, quality, target, prefix)
    where = {row.name: i for i, row in enumerate(rows)}
    with ThreadPoolExecutor(max(1, min(concurrency, len(rows))), thread_name_prefix="nemo-batch") as pool:
        for row in rows:
            pool.submit(batch.run, row)
        finished, shown = 0, 0.0
        while finished < len(rows):
            try:
                update = batch.updates.get(timeout=_REDRAW_S)
            except queue.Empty:
                continue
            changed_stage = rows[where[update.name]].stage != update.stage
            rows[where[update.name]] = update
            finished += update.stage in ("done", "failed")
            if progress is not None and (changed_stage or time.monotonic() - shown >= _REDRAW_S):
                progress(list(rows))
                shown = time.monotonic()
    if progress is not None:
        progress(list(rows))
    return rows_frame(rows)
