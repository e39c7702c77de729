""":class:`AsyncRenderJob`: :class:`~._export.RenderJob` with ``await``."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import anyio
import httpx

from ..protocol import paths
from ._errors import TransportError, map_httpx_errors
from ._export import (
    DOWNLOAD_TRIES,
    WAIT_TIMEOUT_S,
    DownloadProgress,
    RenderProgress,
    check_finished,
    default_poll_s,
    download_error,
    finish_download,
    not_finished,
    open_mode,
    output_path,
    part_path,
    range_headers,
    retry_after_s_or,
    total_bytes,
    wait_timeout,
)
from ._http import absolute, auth_headers, same_origin
from ._models import RenderStatus

if TYPE_CHECKING:
    from ._async_core import AsyncCore


class AsyncRenderJob:
    """An export on the server, for ``await``: ``await job.wait()``, ``await job.download(path)``."""

    def __init__(self, core: AsyncCore, status: RenderStatus, *, session_id: str | None = None) -> None:
        self._core = core
        self.status = status
        self.session_id = session_id
        self.poll_s = default_poll_s(core.settings.backend)

    @property
    def id(self) -> str:
        return self.status.id

    def __repr__(self) -> str:
        return f"AsyncRenderJob(id={self.id!r}, status={self.status.status!r}, progress={self.status.progress:.2f})"

    async def refresh(self) -> RenderStatus:
        answer = await self._core.call("GET", paths.render_job(self.id))
        self.status = RenderStatus.from_wire({"id": self.id, **(answer.data or {})})
        self.poll_s = retry_after_s_or(answer.headers, self.poll_s)
        return self.status

    async def wait(self, *, progress: RenderProgress | None = None, timeout: float = WAIT_TIMEOUT_S) -> AsyncRenderJob:
        """Poll until the render completes (see :meth:`RenderJob.wait`)."""
        deadline = time.monotonic() + timeout
        while True:
            status = await self.refresh()
            if progress is not None:
                progress(status.progress)
            if check_finished(status):
                return self
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise wait_timeout(self.id, timeout)
            await self._core.sleep(min(self.poll_s, remaining))

    async def download(
        self, path: str | os.PathLike[str] | None = None, *, progress: DownloadProgress | None = None
    ) -> Path:
        """Fetch the finished MP4 (see :meth:`RenderJob.download`)."""
        status = self.status if self.status.status == "completed" else await self.refresh()
        if not check_finished(status) or status.output is None:
            raise not_finished(status)
        target = output_path(path, self.id)
        part = part_path(target)
        base = await self._core.base_url()
        url = absolute(status.output.url, base)
        headers = auth_headers(await self._core.token()) if same_origin(url, base) else {}
        for attempt in range(1, DOWNLOAD_TRIES + 1):
            try:
                await _fetch(self._core.http, url, headers, part, progress)
                break
            except TransportError:
                if attempt == DOWNLOAD_TRIES:
                    raise
        return finish_download(part, target, status.output.size)


async def _fetch(
    http: httpx.AsyncClient, url: str, headers: dict[str, str], part: Path, progress: DownloadProgress | None
) -> None:
    have, ranged = range_headers(part)
    with map_httpx_errors(what="the download", streaming=True):
        async with http.stream("GET", url, headers=headers | ranged) as r:
            if r.status_code == 416 and have:
                return
            if not r.is_success:
                await r.aread()
                raise download_error(r)
            mode, start = open_mode(r, have)
            total = total_bytes(r, start)
            async with await anyio.open_file(part, mode) as out:
                async for chunk in r.aiter_bytes():
                    await out.write(chunk)
                    start += len(chunk)
                    if progress is not None:
                        progress(start, total)
