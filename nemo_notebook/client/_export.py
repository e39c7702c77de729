"""Exports: the request body, a handle on a render (:class:`RenderJob`) that polls at the server's pace, and a
download that writes ``<file>.part``, resumes with ``Range`` when the connection breaks, and renames when complete."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import httpx

from ..protocol import QUALITIES, Draft, RenderState, paths
from . import _html
from . import _wire as wire
from ._errors import APIError, NemoError, NotFound, RenderFailed, StreamError, Timeout, TransportError
from ._flow import Close, Flow, NextChunk, Read, Send, Sleep
from ._http import absolute, auth_headers, error_for, poll_interval_s, same_origin
from ._models import RenderStatus
from ._report import RenderReport, no_report

if TYPE_CHECKING:
    from ._core import Core
    from ._drivers import AsyncDriver, SyncDriver

WAIT_TIMEOUT_S = 30 * 60.0
"""How long ``wait()`` waits for a render whose progress does not move (one that moves is waited for however long a
slow machine takes)."""
REPORT_TIMEOUT_S = 15 * 60.0
"""How long ``report()`` waits for a card the engine is still measuring (a 10-minute 1080p export on a busy
two-core machine takes minutes)."""
DOWNLOAD_TRIES = 3
RenderProgress = Callable[[float], object]
"""``progress(fraction)``, 0–1, called after each poll."""
DownloadProgress = Callable[[int, int], object]
"""``progress(received_bytes, total_bytes)``; total is 0 when the server does not say."""
_ids_lock = threading.Lock()
_last_ms = 0


def new_render_id() -> str:
    """``render_<unix ms>`` (API.md), never the same twice in this process: two exports started in the same
    millisecond (a batch, two threads) get consecutive milliseconds instead of one id that the server would refuse."""
    global _last_ms
    with _ids_lock:
        _last_ms = max(int(time.time() * 1000), _last_ms + 1)
        return f"render_{_last_ms}"


def export_body(session_id: str, draft: Draft, quality: str) -> dict[str, Any]:
    """The body of ``POST /api/render/proxy/lambda`` (API.md)."""
    if quality not in QUALITIES:
        raise NemoError(f"unknown quality {quality!r}", hint=f"use one of {', '.join(QUALITIES)}")
    if draft.is_empty:
        raise NemoError("the timeline is empty", hint="upload media and ask for a video before exporting")
    return {
        "id": new_render_id(),
        "sessionId": session_id,
        "draft": draft.to_wire(),
        "output": {"format": "mp4", "quality": quality},
    }


def default_poll_s(backend: str) -> float:
    """The wait between polls when the server sends no ``Retry-After``: the hosted service asks for 30 s."""
    return 1.0 if backend == "local" else 30.0


def check_finished(status: RenderStatus) -> bool:
    """True when completed; raises when failed or forgotten; False while it runs."""
    if status.status == RenderState.COMPLETED:
        return True
    if status.status == RenderState.FAILED:
        raise RenderFailed(status.error or "the render failed", render_id=status.id)
    return False


def output_path(path: str | os.PathLike[str] | None, render_id: str) -> Path:
    target = Path(path).expanduser() if path is not None else Path(f"{render_id}.mp4")
    return target / f"{render_id}.mp4" if target.is_dir() else target


def part_path(target: Path) -> Path:
    return target.with_name(target.name + ".part")


def finish_download(part: Path, target: Path, expected: int | None) -> Path:
    size = part.stat().st_size
    if expected and size != expected:
        raise StreamError(f"the download has {size} bytes, the server said {expected}", hint="download it again")
    os.replace(part, target)
    return target


def not_finished(status: RenderStatus) -> NemoError:
    return NemoError(f"render {status.id} is {status.status}, not finished", hint="call job.wait() first")


def report_timeout(render_id: str, timeout_s: float) -> Timeout:
    return Timeout(
        f"the report card of render {render_id} was still being measured after {timeout_s:.0f} s",
        hint="the engine goes on measuring it: call job.report() again later",
    )


def cannot_cancel(render_id: str) -> NemoError:
    return NemoError(
        f"this server cannot stop render {render_id}",
        hint="it finishes on its own (export is free); simply leave it, or download it later",
    )


def wait_timeout(render_id: str, timeout_s: float) -> Timeout:
    return Timeout(
        f"render {render_id} made no progress for {timeout_s:.0f} s",
        hint="it goes on on the server: call job.wait() again later, or client.render(id) after a restart",
    )


class _RenderJobFlows:
    """What :class:`RenderJob` and :class:`AsyncRenderJob` do, written once as flows."""

    _kind = "RenderJob"

    def __init__(self, core: Core, status: RenderStatus, *, session_id: str | None = None) -> None:
        self.status = status
        self.session_id = session_id
        self.poll_s = default_poll_s(core.settings.backend)
        self._flows_core = core

    @property
    def id(self) -> str:
        return self.status.id

    def __repr__(self) -> str:
        return f"{self._kind}(id={self.id!r}, status={self.status.status!r}, progress={self.status.progress:.2f})"

    def _repr_html_(self) -> str:
        return _html.render_html(self.status)

    def _refresh_flow(self) -> Flow[RenderStatus]:
        answer = yield from self._flows_core.call("GET", paths.render_job(self.id))
        given = {k: v for k, v in wire.mapping(answer.data, "data").items() if v is not None}
        self.status = RenderStatus.from_wire({"id": self.id, **given})
        self.poll_s = poll_interval_s(answer.headers, self.poll_s)
        return self.status

    def _cancel_flow(self) -> Flow[RenderStatus]:
        try:
            yield from self._flows_core.call("DELETE", paths.render_job(self.id))
        except APIError as error:  # a server without the route (the hosted service) answers 404 or 405
            if error.status not in (404, 405, 501):
                raise
            raise cannot_cancel(self.id) from None
        return (yield from self._refresh_flow())

    def _report_flow(self, timeout: float) -> Flow[RenderReport]:
        if self._flows_core.settings.backend == "cloud":
            raise no_report(self.id)
        deadline = time.monotonic() + timeout
        while True:
            try:
                answer = yield from self._flows_core.call("GET", paths.render_report(self.id))
            except APIError as error:  # a server without the route answers 405 or 501
                if error.status not in (405, 501):
                    raise
                raise no_report(self.id) from None
            data = wire.mapping(answer.data, "data")
            if not data.get("measuring"):
                return RenderReport.from_wire(data)
            remaining = deadline - time.monotonic()  # the engine is still measuring the file: ask again when it says
            if remaining <= 0:
                raise report_timeout(self.id, timeout)
            yield Sleep(min(poll_interval_s(answer.headers, self.poll_s), remaining))

    def _wait_flow(self, progress: RenderProgress | None, timeout: float) -> Flow[None]:
        deadline, seen = time.monotonic() + timeout, None
        while True:
            status = yield from self._refresh_flow()
            if progress is not None:
                progress(status.progress)
            if check_finished(status):
                return
            if (status.status, status.progress) != seen:  # it moved: the wait starts again
                deadline, seen = time.monotonic() + timeout, (status.status, status.progress)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise wait_timeout(self.id, timeout)
            yield Sleep(min(self.poll_s, remaining))

    def _download_flow(self, path: str | os.PathLike[str] | None, progress: DownloadProgress | None) -> Flow[Path]:
        status = self.status if self.status.status == RenderState.COMPLETED else (yield from self._refresh_flow())
        if not check_finished(status) or status.output is None:
            raise not_finished(status)
        target = output_path(path, self.id)
        base = self._flows_core.base_url
        url = absolute(status.output.url, base)
        token = yield from self._flows_core.token()
        headers = auth_headers(token) if same_origin(url, base) else {}
        return (yield from download_flow(url, headers, target, progress, status.output.size))


class RenderJob(_RenderJobFlows):
    """An export on the server. ``status`` is the last look at it; ``wait()`` polls; ``download()`` fetches it.

    >>> job = session.export(quality="high")        # doctest: +SKIP
    >>> job.wait(progress=print).download("video.mp4")   # doctest: +SKIP
    """

    def __init__(self, driver: SyncDriver, status: RenderStatus, *, session_id: str | None = None) -> None:
        super().__init__(driver.core, status, session_id=session_id)
        self._core = driver

    def refresh(self) -> RenderStatus:
        """Ask the server how the render is going."""
        return self._core.run(self._refresh_flow())

    def wait(self, *, progress: RenderProgress | None = None, timeout: float = WAIT_TIMEOUT_S) -> RenderJob:
        """Poll until the render completes, at the interval the server asks for (``Retry-After``).

        Parameters
        ----------
        progress
            Called with the fraction done (0–1) after each poll.
        timeout
            Seconds to wait with the render's status and progress unchanged before :class:`Timeout` (the render
            goes on on the server); a render that moves is waited for however long it takes.

        Raises
        ------
        RenderFailed
            The server says the render failed; the message is the server's.
        """
        self._core.run(self._wait_flow(progress, timeout))
        return self

    def cancel(self) -> RenderStatus:
        """Ask the server to stop this render (``DELETE``, the embedded engine's addition to API.md); the status
        after. Raises :class:`NemoError` where the server has no way to stop one (the hosted service)."""
        return self._core.run(self._cancel_flow())

    def report(self, *, timeout: float = REPORT_TIMEOUT_S) -> RenderReport:
        """The finished export's report card (the embedded engine's addition to API.md): its cuts found in its
        frames against the plan and the beat, its pictures, its loudness and true peak, its size, length and render
        time. ``report().to_frame()`` is a table. The first call measures the file (1-2 s for 15 s of 480p,
        about 15 s for a minute of 1080p), asking again while the engine says it is still measuring, for up to
        ``timeout`` seconds (then :class:`Timeout`); later calls read what was kept. Raises :class:`NemoError` on
        the hosted service, which has none."""
        return self._core.run(self._report_flow(timeout))

    def download(self, path: str | os.PathLike[str] | None = None, *, progress: DownloadProgress | None = None) -> Path:
        """Fetch the finished MP4 to ``path`` (a file or a folder; default ``<render id>.mp4``).

        Bytes go to ``<path>.part`` first, renamed when complete; a broken connection resumes with ``Range``, and a
        ``.part`` left by an earlier call is resumed too.
        """
        return self._core.run(self._download_flow(path, progress))


class AsyncRenderJob(_RenderJobFlows):
    """An export on the server, for ``await``: ``await job.wait()``, ``await job.download(path)``."""

    _kind = "AsyncRenderJob"

    def __init__(self, driver: AsyncDriver, status: RenderStatus, *, session_id: str | None = None) -> None:
        super().__init__(driver.core, status, session_id=session_id)
        self._core = driver

    async def refresh(self) -> RenderStatus:
        """Ask the server how the render is going."""
        return await self._core.run(self._refresh_flow())

    async def wait(self, *, progress: RenderProgress | None = None, timeout: float = WAIT_TIMEOUT_S) -> AsyncRenderJob:
        """Poll until the render completes (see :meth:`RenderJob.wait`)."""
        await self._core.run(self._wait_flow(progress, timeout))
        return self

    async def cancel(self) -> RenderStatus:
        """Ask the server to stop this render (see :meth:`RenderJob.cancel`)."""
        return await self._core.run(self._cancel_flow())

    async def report(self, *, timeout: float = REPORT_TIMEOUT_S) -> RenderReport:
        """The finished export's report card (see :meth:`RenderJob.report`)."""
        return await self._core.run(self._report_flow(timeout))

    async def download(
        self, path: str | os.PathLike[str] | None = None, *, progress: DownloadProgress | None = None
    ) -> Path:
        """Fetch the finished MP4 (see :meth:`RenderJob.download`)."""
        return await self._core.run(self._download_flow(path, progress))


def download_flow(
    url: str, headers: dict[str, str], target: Path, progress: DownloadProgress | None, expected: int | None
) -> Flow[Path]:
    """Fetch ``url`` to ``target`` by way of ``<target>.part``: up to three tries, each resuming with ``Range``."""
    part = part_path(target)
    for attempt in range(1, DOWNLOAD_TRIES + 1):
        try:
            overran = yield from fetch_flow(url, headers, part, progress, expected)
            break
        except TransportError:
            if attempt == DOWNLOAD_TRIES:
                raise
    if overran:
        part.unlink(missing_ok=True)
        raise StreamError(
            f"the download was stopped: the server sent more than the {overran} bytes it announced",
            hint="the file on the server is not what it says: export again, and report it if it happens again",
        )
    return finish_download(part, target, expected)


def fetch_flow(
    url: str, headers: dict[str, str], part: Path, progress: DownloadProgress | None, expected: int | None = None
) -> Flow[int | None]:
    """One try: append to ``part`` (or start it over). Never writes past the size the server announced (its
    ``Content-Range`` total or ``Content-Length``, else the render's ``output.size``): it stops there and returns
    that size; None when all went well."""
    have, ranged = range_headers(part)
    r = yield Send("GET", url, headers | ranged, stream=True, what=_DOWNLOAD, streaming=True)
    if r.status_code == 416 and have:
        return None
    if not r.is_success:
        yield Read(r, _DOWNLOAD)
        raise download_error(r)
    mode, start = open_mode(r, have)
    total = total_bytes(r, start) or expected or 0
    with part.open(mode) as out:
        while (chunk := (yield NextChunk(r, _DOWNLOAD))) is not None:
            if total and start + len(chunk) > total:
                return total
            out.write(chunk)
            start += len(chunk)
            if progress is not None:
                progress(start, total)
    yield Close(r)
    return None


_DOWNLOAD = "the download"


def range_headers(part: Path) -> tuple[int, dict[str, str]]:
    have = part.stat().st_size if part.exists() else 0
    return have, ({"Range": f"bytes={have}-"} if have else {})


def open_mode(response: httpx.Response, have: int) -> tuple[Literal["ab", "wb"], int]:
    """Append when the server honoured the range; start over when it sent the whole file."""
    if response.status_code == 206 and have:
        return "ab", have
    return "wb", 0


def total_bytes(response: httpx.Response, start: int) -> int:
    """The file's whole size as the answer announces it: ``Content-Range``'s total, else where it starts plus
    ``Content-Length``; 0 when it says neither."""
    whole = response.headers.get("Content-Range", "").rpartition("/")[2].strip()
    if response.status_code == 206 and whole.isdigit():
        return int(whole)
    length = response.headers.get("Content-Length", "").strip()
    return start + int(length) if length.isdigit() else 0


def download_error(response: httpx.Response) -> NemoError:
    error = error_for(response)
    if response.status_code == 404:
        return NotFound(error.message, code=error.code, status=404, hint="the file is gone: export again")
    return error
