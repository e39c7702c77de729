"""The async client: :class:`~._client.Client`'s shape with ``await`` and ``async for``.

Each method runs the same flow of :mod:`._session` as the blocking client, with an :class:`~._drivers.AsyncDriver`.
Make one ``AsyncClient`` per event loop (an httpx connection pool belongs to the loop that opened it).
"""

from __future__ import annotations

import functools
import os
from collections.abc import AsyncGenerator, AsyncIterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, overload

import httpx

from ..protocol import MediaInfo, summarize
from . import _html, _otio, _pack
from . import _session as flows
from ._chat import ChatLimits
from ._client import _repr
from ._config import resolve
from ._core import Core
from ._drivers import AsyncDriver
from ._errors import NotFound, StreamError
from ._export import AsyncRenderJob, DownloadProgress
from ._http import DEFAULT_TIMEOUT, LIMITS, attribution_headers
from ._models import ChatEvent, Credits, Reply, State
from ._pack import AsyncReleasePack
from ._platform import detect_platform
from ._records import Records, SessionRecord
from ._timeline import timeline_frame
from ._upload import Progress, Source

if TYPE_CHECKING:
    import pandas


class AsyncClient:
    """:class:`Client` for ``asyncio`` code: the same parameters, every call awaited.

    >>> async with AsyncClient() as client:                 # doctest: +SKIP
    ...     session = await client.sessions.create()
    ...     async for event in session.chat("make it 9:16"):
    ...         print(event)
    """

    def __init__(
        self,
        *,
        backend: str | None = None,
        base_url: str | None = None,
        token: str | None = None,
        home: str | os.PathLike[str] | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        chat_limits: ChatLimits | None = None,
    ) -> None:
        settings = resolve(backend=backend, base_url=base_url, token=token, home=home)
        headers = attribution_headers(detect_platform())
        http = httpx.AsyncClient(timeout=timeout, limits=LIMITS, transport=transport, headers=headers)
        self._core = AsyncDriver(Core(settings), http=http)
        self.chat_limits = chat_limits or ChatLimits()
        self.records = Records(settings.home, settings.records_key)
        self._ctx: flows.Context[AsyncRenderJob] = flows.Context(
            self._core.core, self.records, lambda: self.chat_limits, functools.partial(AsyncRenderJob, self._core)
        )
        self.sessions = AsyncSessions(self)

    @property
    def backend(self) -> str:
        return self._core.settings.backend

    @property
    def base_url(self) -> str:
        """The server's URL (asking for it starts the local engine, as :attr:`Client.base_url` does)."""
        return self._core.base_url

    def __repr__(self) -> str:
        return _repr(self, self._core.core)

    async def credits(self) -> Credits:
        """The credit balance (see :meth:`Client.credits`)."""
        return await self._core.run(flows.credits_flow(self._ctx))

    async def render(self, render_id: str) -> AsyncRenderJob:
        """A render by id, as the server sees it now (see :meth:`Client.render`)."""
        return await self._core.run(flows.render_flow(self._ctx, render_id))

    async def aclose(self) -> None:
        await self._core.http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        await self.aclose()


class AsyncSessions:
    """``client.sessions`` of an :class:`AsyncClient`."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def create(self, language: str = "en", *, name: str = "project") -> AsyncSession:
        record = await self._client._core.run(flows.create_flow(self._client._ctx, language, name))
        return AsyncSession(self._client, record)

    async def get(self, session_id: str) -> AsyncSession:
        record = await self._client._core.run(flows.get_flow(self._client._ctx, session_id))
        return AsyncSession(self._client, record)

    def list(self) -> list[AsyncSession]:
        return [AsyncSession(self._client, r) for r in flows.listed(self._client._ctx)]


class AsyncChatStream(AsyncIterator[ChatEvent]):
    """The events of one chat turn for ``async for``; ``await stream.aclose()`` closes the connection early."""

    def __init__(self, events: AsyncGenerator[ChatEvent, None], box: list[Reply]) -> None:
        self._events = events
        self._box = box

    @property
    def reply(self) -> Reply | None:
        return self._box[0] if self._box else None

    async def __anext__(self) -> ChatEvent:
        return await self._events.__anext__()

    async def aclose(self) -> None:
        await self._events.aclose()

    async def __aenter__(self) -> AsyncChatStream:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class AsyncSession:
    """:class:`Session` with ``await``."""

    def __init__(self, client: AsyncClient, record: SessionRecord) -> None:
        self._client = client
        self._core = client._core
        self._ctx = client._ctx
        self.record = record

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def bind_id(self) -> str | None:
        return self.record.bind_id

    def __repr__(self) -> str:
        return f"AsyncSession(id={self.id!r}, backend={self._client.backend!r})"

    def _repr_html_(self) -> str:
        return _html.session_html(self.record, self._client.backend)

    @overload
    async def upload(
        self, source: Source, *, progress: Progress | None = ..., filename: str | None = ...
    ) -> MediaInfo: ...

    @overload
    async def upload(
        self, source: list[Source] | tuple[Source, ...], *, progress: Progress | None = ..., filename: None = ...
    ) -> list[MediaInfo]: ...

    async def upload(self, source: Any, *, progress: Progress | None = None, filename: str | None = None) -> Any:
        """See :meth:`Session.upload`."""
        return await self._core.run(flows.upload_flow(self._ctx, self.record, source, progress, filename))

    def chat(self, text: str) -> AsyncChatStream:
        """See :meth:`Session.chat`; iterate with ``async for``."""
        box: list[Reply] = []
        return AsyncChatStream(self._core.events(flows.turn_flow(self._ctx, self.record, text), box), box)

    async def send(self, text: str) -> Reply:
        """See :meth:`Session.send`."""
        stream = self.chat(text)
        async for _ in stream:
            pass
        if stream.reply is None:
            raise StreamError(
                "the reply ended before it was complete",
                hint="check the timeline with session.state() before sending the message again",
            )
        return stream.reply

    async def download_media(
        self, media_id: str, path: str | os.PathLike[str], *, progress: DownloadProgress | None = None
    ) -> Path:
        """See :meth:`Session.download_media`."""
        return await self._core.run(flows.download_media_flow(self._ctx, self.record, media_id, path, progress))

    async def state(self) -> State:
        return await self._core.run(flows.state_flow(self._ctx, self.id))

    async def export_timeline(
        self, path: str | os.PathLike[str] = "timeline.otio", *, media_folder: str | os.PathLike[str] | None = None
    ) -> Path:
        """See :meth:`Session.export_timeline`."""
        target = Path(path)
        _otio.adapter_for(target)
        state = await self.state()
        media = {info.id: info for info in (*state.media, *state.generated)}
        paths = {}
        for media_id, local, fetch in _otio.planned_downloads(
            state.draft, media, _otio.media_folder_for(target, media_folder)
        ):
            try:
                if fetch:
                    local.parent.mkdir(parents=True, exist_ok=True)
                    await self.download_media(media_id, local)
                paths[media_id] = local
            except NotFound:
                continue
        return _otio.write_timeline(_otio.build_timeline(state.draft, media, paths, name=target.stem), target)

    async def timeline(self) -> pandas.DataFrame:
        return timeline_frame(await self.state())

    async def summary(self) -> str:
        return summarize((await self.state()).draft)

    async def export(self, quality: str = "high") -> AsyncRenderJob:
        return await self._core.run(flows.export_flow(self._ctx, self.record, quality))

    async def renders(self) -> list[AsyncRenderJob]:
        return await self._core.run(flows.renders_flow(self._ctx, self.record))

    async def release_pack(self, quality: str = "high", *, ask: bool = True) -> AsyncReleasePack:
        """See :meth:`Session.release_pack`."""
        reply = await self.send(_pack.PACK_WORDS) if ask else None
        jobs, skipped = await self._core.run(_pack.start_flow(self._ctx, self.record, quality, reply))
        return AsyncReleasePack(self._core, jobs, skipped, reply)
