"""The async client: :class:`~._client.Client`'s shape with ``await`` and ``async for``.

Make one ``AsyncClient`` per event loop (an httpx connection pool belongs to the loop that opened it).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import replace
from types import TracebackType
from typing import TYPE_CHECKING, Any, overload

import httpx

from ..protocol import MAX_UPLOAD_BYTES, MediaInfo, paths, summarize
from ..protocol.events import chat_request
from ._async_core import AsyncCore
from ._async_export import AsyncRenderJob
from ._chat import ChatLimits, TurnReader
from ._client import CUT_SETTLE_INTERVAL_S, CUT_SETTLE_POLLS
from ._config import resolve
from ._errors import NemoError, NotFound, StreamError, map_httpx_errors
from ._export import export_body, retry_after_s_or
from ._http import DEFAULT_TIMEOUT, attribution_headers
from ._models import ChatEvent, Credits, Message, RenderStatus, Reply, State, TextDelta
from ._platform import detect_platform
from ._records import Records, RenderRecord, SessionRecord, now
from ._timeline import timeline_frame
from ._upload import Multipart, Progress, ProgressTotal, Source, UploadFile, check_size, prepare_sources
from ._words import changes_sentence, cut_sentence, describe_changes

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
        self._core = AsyncCore(settings, http=httpx.AsyncClient(timeout=timeout, transport=transport, headers=headers))
        self.chat_limits = chat_limits or ChatLimits()
        self.records = Records(settings.home, settings.records_key)
        self.sessions = AsyncSessions(self)

    @property
    def backend(self) -> str:
        return self._core.settings.backend

    async def base_url(self) -> str:
        """The server's URL (asking for it starts the local engine)."""
        return await self._core.base_url()

    def __repr__(self) -> str:
        where = self._core.known_base_url or "not started"
        return f"AsyncClient(backend={self.backend!r}, base_url={where!r}, home={str(self._core.settings.home)!r})"

    async def credits(self) -> Credits:
        return Credits.from_wire((await self._core.call("GET", paths.CREDITS)).data or {})

    async def render(self, render_id: str) -> AsyncRenderJob:
        known = {r.id: r.session_id for r in self.records.renders()}
        job = AsyncRenderJob(self._core, RenderStatus(render_id, "unknown"), session_id=known.get(render_id))
        await job.refresh()
        return job

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
        body = {"task_name": name, "language": language}
        data = (await self._client._core.call("POST", paths.CREATE_SESSION, json=body)).data
        record = SessionRecord(str(data["session_id"]), data.get("task_id"), data.get("bind_id"), language, now())
        self._client.records.add_session(record)
        return AsyncSession(self._client, record)

    async def get(self, session_id: str) -> AsyncSession:
        known = {r.id: r for r in self._client.records.sessions()}
        session = AsyncSession(self._client, known.get(session_id) or SessionRecord(session_id, created_at=now()))
        state = await session.state()
        session.record = replace(session.record, bind_id=state.bind_id or session.record.bind_id)
        if session_id not in known:
            self._client.records.add_session(session.record)
        return session

    def list(self) -> list[AsyncSession]:
        records = sorted(self._client.records.sessions(), key=lambda r: r.created_at, reverse=True)
        return [AsyncSession(self._client, r) for r in records]


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
        self.record = record

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def bind_id(self) -> str | None:
        return self.record.bind_id

    def __repr__(self) -> str:
        return f"AsyncSession(id={self.id!r}, backend={self._client.backend!r})"

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
        items = prepare_sources(source, filename=filename)
        files = [item for item in items if isinstance(item, UploadFile)]
        if self._client.backend == "cloud":
            for file in files:
                check_size(file, MAX_UPLOAD_BYTES)
        counter = ProgressTotal(files, progress)
        media: list[MediaInfo] = []
        for item in items:
            media += await (self._upload_url(item) if isinstance(item, str) else self._upload_file(item, counter))
        return media if isinstance(source, (list, tuple)) else media[0]

    async def _upload_url(self, url: str) -> list[MediaInfo]:
        body = {"urls": [url], "source_type": "url"}
        return _media((await self._core.call("POST", paths.upload(self.id), json=body, bind_id=self.bind_id)).data)

    async def _upload_file(self, file: UploadFile, counter: ProgressTotal) -> list[MediaInfo]:
        mark = counter.mark()

        def body() -> tuple[dict[str, str], AsyncIterator[bytes]]:
            counter.rewind(mark)
            multipart = Multipart(file, counter.add)
            return multipart.headers, multipart.__aiter__()

        answer = await self._core.call("POST", paths.upload(self.id), body=body, bind_id=self.bind_id)
        return _media(answer.data)

    def chat(self, text: str) -> AsyncChatStream:
        """See :meth:`Session.chat`; iterate with ``async for``."""
        box: list[Reply] = []
        return AsyncChatStream(self._turn(text, box), box)

    async def send(self, text: str) -> Reply:
        stream = self.chat(text)
        async for _ in stream:
            pass
        if stream.reply is None:
            raise StreamError(
                "the reply ended before it was complete",
                hint="check the timeline with session.state() before sending the message again",
            )
        return stream.reply

    async def _turn(self, text: str, box: list[Reply]) -> AsyncGenerator[ChatEvent, None]:
        before = await self.state()
        reader = TurnReader(self._client.chat_limits)
        seen: list[ChatEvent] = []
        body = chat_request(self.id, text)
        cut: StreamError | None = None
        try:
            async with self._core.stream("POST", paths.RUN_SSE, json=body, bind_id=self.bind_id) as response:
                async for event in self._read(response, reader):
                    seen.append(event)
                    yield event
        except StreamError as exc:  # never replayed: the state says what the server kept
            cut = exc
        for event in reader.finish():
            seen.append(event)
            yield event
        after = await self.state() if cut is None else await self._state_after_cut(before.version, cut)
        changes = describe_changes(before.draft, after.draft)
        if cut is not None or not reader.saw_text:
            words = changes_sentence(changes) if cut is None else cut_sentence(changes)
            seen += [TextDelta(words), Message(words, synthesized=True)]
            for event in seen[-2:]:
                yield event
        text_out = "\n\n".join(e.text for e in seen if isinstance(e, Message))
        box.append(Reply(text_out, changes, tuple(seen), after.version, reader.complete and cut is None))

    async def _state_after_cut(self, version_before: int, cut: StreamError) -> State:
        """See :meth:`Session._state_after_cut`."""
        try:
            for _ in range(CUT_SETTLE_POLLS):
                state = await self.state()
                if state.version != version_before:
                    return state
                await asyncio.sleep(CUT_SETTLE_INTERVAL_S)
            return state
        except NemoError:
            raise cut from cut.__cause__

    async def _read(self, response: httpx.Response, reader: TurnReader) -> AsyncIterator[ChatEvent]:
        chunks = response.aiter_bytes()
        while True:
            with map_httpx_errors(what=self._core.what, streaming=True):
                chunk = await anext_or_none(chunks)
            if chunk is None:
                return
            for event in reader.feed(chunk):
                yield event
            if reader.complete:
                return

    async def state(self) -> State:
        return State.from_wire((await self._core.call("GET", paths.state(self.id))).data or {})

    async def timeline(self) -> pandas.DataFrame:
        return timeline_frame(await self.state())

    async def summary(self) -> str:
        return summarize((await self.state()).draft)

    async def export(self, quality: str = "high") -> AsyncRenderJob:
        body = export_body(self.id, (await self.state()).draft, quality)
        answer = await self._core.call("POST", paths.RENDER, json=body, bind_id=self.bind_id)
        status = RenderStatus.from_wire({"id": body["id"], "status": "queued", **(answer.data or {})})
        self._client.records.add_render(RenderRecord(status.id, self.id, quality, now()))
        job = AsyncRenderJob(self._core, status, session_id=self.id)
        job.poll_s = retry_after_s_or(answer.headers, job.poll_s)
        return job

    async def renders(self) -> list[AsyncRenderJob]:
        jobs = []
        for record in sorted(self._client.records.renders(self.id), key=lambda r: r.created_at, reverse=True):
            job = AsyncRenderJob(self._core, RenderStatus(record.id, "unknown"), session_id=self.id)
            try:
                await job.refresh()
            except NotFound:
                job.status = RenderStatus(job.id, "unknown", error="the server no longer knows this render")
            jobs.append(job)
        return jobs


async def anext_or_none(chunks: AsyncIterator[bytes]) -> bytes | None:
    try:
        return await chunks.__anext__()
    except StopAsyncIteration:
        return None


def _media(data: Any) -> list[MediaInfo]:
    return [MediaInfo.from_wire(m) for m in (data or {}).get("media", [])]
