"""A release pack: every version a release needs, each its own timeline and its own export, rendered at once.

``session.release_pack()`` asks the agent to "make a release pack" (the engine plans the versions into the draft's
``m.pack``, see :mod:`nemo_notebook.protocol.pack`), then exports every version's draft as its own render, all
queued together so that an engine with several render slots (or a Dask cluster) renders them side by side. The
:class:`ReleasePack` it returns waits for them all, reports one :class:`PackRow` per version, and downloads them.
The Canvas renders at 720 lines at least, whatever the quality asked: Spotify takes no smaller one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic

from ..protocol.pack import PackVersion, pack_skipped, pack_versions
from ._errors import NemoError, RateLimited, RenderFailed, Timeout
from ._export import WAIT_TIMEOUT_S, AsyncRenderJob, RenderJob
from ._flow import Flow, Sleep
from ._models import Reply
from ._records import SessionRecord
from ._session import Context, Job, export_draft_flow, state_flow, turn_flow

if TYPE_CHECKING:
    import pandas

    from ._drivers import AsyncDriver, SyncDriver

PACK_WORDS = "make a release pack"
CANVAS_QUALITIES = {"low": "medium", "preview": "medium"}  # Spotify: 720 px at least on the short side


@dataclass(frozen=True)
class PackRow:
    """Where one version is: its render's status and progress, and once downloaded, its file."""

    name: str
    label: str
    aspect: str
    length_s: float
    render_id: str
    status: str = "queued"
    progress: float = 0.0
    size_mb: float | None = None
    video: str | None = None
    error: str | None = None


PackProgress = Callable[[Sequence[PackRow]], object]
"""``progress(rows)``: one row per version, in the pack's order, after each poll."""


def version_quality(name: str, quality: str) -> str:
    """The quality a version renders at: the one asked, but never under 720 lines for the Canvas.

    >>> version_quality("canvas", "preview"), version_quality("short_15", "preview")
    ('medium', 'preview')
    """
    return CANVAS_QUALITIES.get(quality, quality) if name == "canvas" else quality


def start_flow(
    ctx: Context[Job], record: SessionRecord, quality: str, reply: Reply | None
) -> Flow[tuple[list[tuple[PackVersion, Job]], tuple[str, ...]]]:
    """Export every version of the pack the session's draft holds, all at once; (version, job) pairs and why
    versions are missing."""
    state = yield from state_flow(ctx, record.id)
    versions = pack_versions(state.draft)
    if not versions:
        said = f' The agent said: "{reply.text.strip()}"' if reply is not None and reply.text.strip() else ""
        raise NemoError(
            "the session holds no release pack" + said,
            hint="make a music video first (upload a track and pictures, ask for a video from this music)",
        )
    jobs = []
    deadline = time.monotonic() + WAIT_TIMEOUT_S
    for version in versions:
        jobs.append((version, (yield from _export_when_room(ctx, record, version, quality, deadline))))
    return jobs, pack_skipped(state.draft)


def _export_when_room(
    ctx: Context[Job], record: SessionRecord, version: PackVersion, quality: str, deadline: float
) -> Flow[Job]:
    """Export one version; when the server already has as many of this token's exports waiting as it takes (429),
    ask again when it says (``Retry-After``), until ``deadline``."""
    while True:
        try:
            return (yield from export_draft_flow(ctx, record, version.draft, version_quality(version.name, quality)))
        except RateLimited as exc:
            if time.monotonic() + exc.retry_after_s > deadline:
                raise
            yield Sleep(exc.retry_after_s)


def ask_flow(ctx: Context[Any], record: SessionRecord) -> Flow[Reply]:
    """The agent's turn that plans the pack (its events are emitted as they come)."""
    return (yield from turn_flow(ctx, record, PACK_WORDS))


class _PackFlows(Generic[Job]):
    """What :class:`ReleasePack` and :class:`AsyncReleasePack` do, written once as flows."""

    def __init__(self, jobs: list[tuple[PackVersion, Job]], skipped: tuple[str, ...], reply: Reply | None) -> None:
        self.versions = [v for v, _ in jobs]
        self.jobs = {v.name: job for v, job in jobs}
        self.skipped = skipped
        self.reply = reply
        self.videos: dict[str, Path] = {}
        self.started_at = time.monotonic()

    def rows(self) -> list[PackRow]:
        """One row per version: its render's status as last seen, and its file once downloaded."""
        out = []
        for version in self.versions:
            status = self.jobs[version.name].status
            size = status.output.size if status.output else None
            out.append(
                PackRow(
                    version.name,
                    version.label,
                    version.aspect,
                    round(version.duration_ms / 1000, 1),
                    status.id,
                    str(status.status),
                    float(status.progress),
                    round(size / 1024 / 1024, 2) if size else None,
                    str(self.videos[version.name]) if version.name in self.videos else None,
                    status.error,
                )
            )
        return out

    def frame(self) -> pandas.DataFrame:
        """The rows as a DataFrame indexed by version name."""
        import pandas

        return pandas.DataFrame([asdict(row) for row in self.rows()]).set_index("name")

    def _wait_flow(self, progress: PackProgress | None, timeout: float) -> Flow[None]:
        deadline, seen = time.monotonic() + timeout, None
        while True:
            for job in self.jobs.values():
                if not job.status.done:
                    yield from job._refresh_flow()
            rows = self.rows()
            if progress is not None:
                progress(rows)
            if rows != seen:  # a version moved: the wait starts again
                deadline, seen = time.monotonic() + timeout, rows
            failed = [job for job in self.jobs.values() if job.status.status == "failed"]
            if failed:
                raise RenderFailed(failed[0].status.error or "a version failed to render", render_id=failed[0].id)
            if all(job.status.done for job in self.jobs.values()):
                return
            if time.monotonic() >= deadline:
                raise Timeout(
                    f"the release pack made no progress for {timeout:.0f} s",
                    hint="its renders go on on the server: call pack.wait() again later",
                )
            yield Sleep(min(job.poll_s for job in self.jobs.values()))

    def _download_flow(self, folder: str | os.PathLike[str], prefix: str) -> Flow[dict[str, Path]]:
        target = Path(folder).expanduser()
        target.mkdir(parents=True, exist_ok=True)
        for name, job in self.jobs.items():
            self.videos[name] = yield from job._download_flow(target / f"{prefix}{name}.mp4", None)
        return dict(self.videos)

    def __repr__(self) -> str:
        done = sum(job.status.done for job in self.jobs.values())
        return f"{type(self).__name__}({len(self.jobs)} versions, {done} rendered)"


class ReleasePack(_PackFlows[RenderJob]):
    """The exports of a release pack. ``wait()`` polls them all; ``download(folder)`` fetches each as
    ``<name>.mp4``; ``rows()`` / ``frame()`` say where each version is.

    >>> pack = session.release_pack(quality="high")     # doctest: +SKIP
    >>> pack.wait(progress=print).download("release")   # doctest: +SKIP
    """

    def __init__(
        self,
        driver: SyncDriver,
        jobs: list[tuple[PackVersion, RenderJob]],
        skipped: tuple[str, ...],
        reply: Reply | None,
    ) -> None:
        super().__init__(jobs, skipped, reply)
        self._core = driver

    def wait(self, *, progress: PackProgress | None = None, timeout: float = WAIT_TIMEOUT_S) -> ReleasePack:
        """Poll every version's render until all are done (``progress(rows)`` after each round); raises
        :class:`RenderFailed` when one fails, and :class:`Timeout` when no version moved for ``timeout`` seconds."""
        self._core.run(self._wait_flow(progress, timeout))
        return self

    def download(self, folder: str | os.PathLike[str] = ".", *, prefix: str = "") -> dict[str, Path]:
        """Fetch every finished version into ``folder`` as ``<prefix><name>.mp4``; name → path."""
        return self._core.run(self._download_flow(folder, prefix))


class AsyncReleasePack(_PackFlows[AsyncRenderJob]):
    """:class:`ReleasePack` for ``await``."""

    def __init__(
        self,
        driver: AsyncDriver,
        jobs: list[tuple[PackVersion, AsyncRenderJob]],
        skipped: tuple[str, ...],
        reply: Reply | None,
    ) -> None:
        super().__init__(jobs, skipped, reply)
        self._core = driver

    async def wait(self, *, progress: PackProgress | None = None, timeout: float = WAIT_TIMEOUT_S) -> AsyncReleasePack:
        """See :meth:`ReleasePack.wait`."""
        await self._core.run(self._wait_flow(progress, timeout))
        return self

    async def download(self, folder: str | os.PathLike[str] = ".", *, prefix: str = "") -> dict[str, Path]:
        """See :meth:`ReleasePack.download`."""
        return await self._core.run(self._download_flow(folder, prefix))
