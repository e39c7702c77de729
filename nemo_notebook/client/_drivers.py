"""The two drivers that run the client's flows (:mod:`._flow`): the only code here that does network I/O.

:class:`SyncDriver` carries effects out with ``httpx.Client`` and ``time.sleep``; :class:`AsyncDriver` with
``httpx.AsyncClient`` and ``anyio.sleep`` (and starts the embedded engine in a worker thread). httpx's errors become
this library's at this one boundary (:func:`~._errors.map_httpx_errors`). A response a flow opened is closed when the
flow ends, whether it returned, raised, or was closed early by its caller.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Iterator
from typing import Any

import anyio
import anyio.to_thread
import httpx

from ._config import Secret, Settings
from ._core import Core
from ._errors import map_httpx_errors
from ._flow import Close, Effect, Emit, Flow, Locked, NextChunk, Read, Send, Sleep, T
from ._models import ChatEvent


class _Driver:
    """What both drivers share: the core they drive and the way a flow is stepped."""

    def __init__(self, core: Core) -> None:
        self.core = core

    @property
    def settings(self) -> Settings:
        return self.core.settings

    @property
    def tokens(self) -> Any:
        return self.core.tokens

    @property
    def base_url(self) -> str:
        return self.core.base_url

    @property
    def what(self) -> str:
        return self.core.what


class _Outcome:
    """What the last effect gave the flow: a result, or the error it raised (the flow decides what it means)."""

    def __init__(self) -> None:
        self.result: Any = None
        self.error: Exception | None = None

    def step(self, flow: Flow[Any]) -> Effect:
        """The flow's next effect; ``StopIteration`` carries its result when it is done."""
        result, error = self.result, self.error
        self.result, self.error = None, None
        return flow.throw(error) if error is not None else flow.send(result)

    def catch(self, exc: Exception) -> None:
        self.error = exc


class SyncDriver(_Driver):
    """Runs flows with a blocking ``httpx.Client``; never an event loop, so it works inside a running kernel."""

    def __init__(self, core: Core, *, http: httpx.Client, sleep: Callable[[float], object] = time.sleep) -> None:
        super().__init__(core)
        self.http = http
        self.sleep = sleep
        self._chunks: dict[int, Iterator[bytes]] = {}

    def run(self, flow: Flow[T]) -> T:
        events = self.events(flow)
        try:
            event = next(events)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        events.close()
        raise AssertionError(f"a flow that was not a chat turn emitted {event!r}")

    def events(self, flow: Flow[T]) -> Generator[ChatEvent, None, T]:
        """Run ``flow``, handing out the chat events it emits."""
        opened: list[httpx.Response] = []
        outcome = _Outcome()
        try:
            while True:
                try:
                    effect = outcome.step(flow)
                except StopIteration as stop:
                    return stop.value  # type: ignore[no-any-return]
                if isinstance(effect, Emit):
                    yield effect.event
                    continue
                try:
                    outcome.result = self._do(effect, opened)
                except Exception as exc:
                    outcome.catch(exc)
        finally:
            flow.close()
            self._close(opened)

    def token(self) -> Secret | None:
        return self.run(self.core.token())

    def _do(self, effect: Effect, opened: list[httpx.Response]) -> Any:
        if isinstance(effect, Send):
            return self._send(effect, opened)
        if isinstance(effect, NextChunk):
            with map_httpx_errors(what=effect.what, streaming=True):
                return next(self._chunks_of(effect.response), None)
        if isinstance(effect, Read):
            with map_httpx_errors(what=effect.what, streaming=True):
                return effect.response.read()
        if isinstance(effect, Close):
            self._close([effect.response])
        elif isinstance(effect, Sleep):
            self.sleep(effect.seconds)
        elif isinstance(effect, Locked):
            with self.core.tokens.lock:
                return self.run(effect.flow)
        return None

    def _send(self, effect: Send, opened: list[httpx.Response]) -> httpx.Response:
        content = iter(effect.upload) if effect.upload is not None else None
        request = _request(self.http, effect, content)
        with map_httpx_errors(what=effect.what, streaming=effect.streaming):
            response = self.http.send(request, stream=effect.stream)
        if effect.stream:
            opened.append(response)
        return response

    def _chunks_of(self, response: httpx.Response) -> Iterator[bytes]:
        return self._chunks.setdefault(id(response), response.iter_bytes())

    def _close(self, responses: list[httpx.Response]) -> None:
        for response in responses:
            self._chunks.pop(id(response), None)
            response.close()


class AsyncDriver(_Driver):
    """Runs flows with an ``httpx.AsyncClient``. Make one per event loop."""

    def __init__(
        self, core: Core, *, http: httpx.AsyncClient, sleep: Callable[[float], Awaitable[None]] = anyio.sleep
    ) -> None:
        super().__init__(core)
        self.http = http
        self.sleep = sleep
        self._lock = anyio.Lock()
        self._chunks: dict[int, Any] = {}

    async def run(self, flow: Flow[T]) -> T:
        box: list[T] = []
        async for event in self.events(flow, box):
            raise AssertionError(f"a flow that was not a chat turn emitted {event!r}")
        return box[0]

    async def events(self, flow: Flow[T], box: list[T]) -> AsyncGenerator[ChatEvent, None]:
        """Run ``flow``, handing out the chat events it emits; its result goes into ``box``."""
        if not self.core.started:
            await anyio.to_thread.run_sync(lambda: self.core.base_url)
        opened: list[httpx.Response] = []
        outcome = _Outcome()
        try:
            while True:
                try:
                    effect = outcome.step(flow)
                except StopIteration as stop:
                    box.append(stop.value)
                    return
                if isinstance(effect, Emit):
                    yield effect.event
                    continue
                try:
                    outcome.result = await self._do(effect, opened)
                except Exception as exc:
                    outcome.catch(exc)
        finally:
            flow.close()
            await self._close(opened)

    async def token(self) -> Secret | None:
        return await self.run(self.core.token())

    async def _do(self, effect: Effect, opened: list[httpx.Response]) -> Any:
        if isinstance(effect, Send):
            return await self._send(effect, opened)
        if isinstance(effect, NextChunk):
            with map_httpx_errors(what=effect.what, streaming=True):
                return await _next_or_none(self._chunks_of(effect.response))
        if isinstance(effect, Read):
            with map_httpx_errors(what=effect.what, streaming=True):
                return await effect.response.aread()
        if isinstance(effect, Close):
            await self._close([effect.response])
        elif isinstance(effect, Sleep):
            await self.sleep(effect.seconds)
        elif isinstance(effect, Locked):
            async with self._lock:
                return await self.run(effect.flow)
        return None

    async def _send(self, effect: Send, opened: list[httpx.Response]) -> httpx.Response:
        content = effect.upload.__aiter__() if effect.upload is not None else None
        request = _request(self.http, effect, content)
        with map_httpx_errors(what=effect.what, streaming=effect.streaming):
            response = await self.http.send(request, stream=effect.stream)
        if effect.stream:
            opened.append(response)
        return response

    def _chunks_of(self, response: httpx.Response) -> Any:
        return self._chunks.setdefault(id(response), response.aiter_bytes())

    async def _close(self, responses: list[httpx.Response]) -> None:
        for response in responses:
            self._chunks.pop(id(response), None)
            await response.aclose()


def _request(http: httpx.Client | httpx.AsyncClient, effect: Send, content: Any) -> httpx.Request:
    """The request ``effect`` asks for; ``content`` is its upload as the client iterates it (sync or async)."""
    return http.build_request(
        effect.method,
        effect.url,
        json=effect.json,
        content=content,
        headers=dict(effect.headers),
        timeout=_timeout(http.timeout, effect),
    )


def _timeout(client: httpx.Timeout, effect: Send) -> httpx.Timeout:
    """The client's timeout, with the read timeout lengthened to the time the server may work before it answers (an
    upload's check), then tightened to what the request asks for (a chat stream's silence clock: a server that sends
    no bytes at all must not outlast it)."""
    read = client.read
    if effect.answer_within_s is not None and read is not None:
        read = max(read, effect.answer_within_s)
    if effect.read_timeout_s is not None and (read is None or effect.read_timeout_s < read):
        read = effect.read_timeout_s
    if read == client.read:
        return client
    return httpx.Timeout(connect=client.connect, read=read, write=client.write, pool=client.pool)


async def _next_or_none(chunks: Any) -> bytes | None:
    try:
        return await chunks.__anext__()  # type: ignore[no-any-return]
    except StopAsyncIteration:
        return None
