"""One test body for both clients: :func:`open_client` gives a :class:`Client`, or an :class:`AsyncClient` behind a
small blocking facade that runs each coroutine on a private event loop in a thread."""

from __future__ import annotations

import asyncio
import functools
import inspect
import threading
from collections.abc import Coroutine, Iterator
from typing import Any

from nemo_notebook.client import (
    AsyncChatStream,
    AsyncClient,
    AsyncRenderJob,
    AsyncSession,
    AsyncSessions,
    ChatEvent,
    Client,
    Reply,
)
from nemo_notebook.client._drivers import AsyncDriver

FLAVOURS = ("sync", "async")
_WRAPPED = (AsyncClient, AsyncSessions, AsyncSession, AsyncRenderJob, AsyncDriver)


class _Loop:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


class Facade:
    """Any object of the async client, used as if it were its blocking twin."""

    def __init__(self, target: Any, loop: _Loop) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_loop", loop)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if inspect.ismethod(value):
            return functools.partial(self._call, value)
        return _wrap(value, self._loop)

    def __setattr__(self, name: str, value: Any) -> None:
        if callable(value) and inspect.iscoroutinefunction(getattr(self._target, name, None)):
            value = _as_coroutine_function(value)
        setattr(self._target, name, value)

    def _call(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        result = method(*args, **kwargs)
        if inspect.isawaitable(result):
            result = self._loop.run(_awaited(result))
        return _wrap(result, self._loop)

    def __repr__(self) -> str:
        return repr(self._target)

    def __enter__(self) -> Facade:
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.run(self._target.aclose())
        self._loop.close()


class StreamFacade(Iterator[ChatEvent]):
    """An :class:`AsyncChatStream` as a blocking :class:`ChatStream`."""

    def __init__(self, stream: AsyncChatStream, loop: _Loop) -> None:
        self._stream = stream
        self._loop = loop

    @property
    def reply(self) -> Reply | None:
        return self._stream.reply

    def __next__(self) -> ChatEvent:
        try:
            return self._loop.run(_awaited(self._stream.__anext__()))  # type: ignore[no-any-return]
        except StopAsyncIteration:
            raise StopIteration from None

    def close(self) -> None:
        self._loop.run(self._stream.aclose())

    def __del__(self) -> None:  # like a dropped generator, a dropped blocking stream closes its connection
        if not self._loop.loop.is_running():
            return
        if threading.current_thread() is self._loop.thread:  # the garbage collector ran on the loop: never wait on it
            self._loop.loop.create_task(self._stream.aclose())
        else:
            self.close()

    def __enter__(self) -> StreamFacade:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


async def _awaited(awaitable: Any) -> Any:
    return await awaitable


def _as_coroutine_function(function: Any) -> Any:
    async def call(*args: Any) -> Any:
        return function(*args)

    return call


def _wrap(value: Any, loop: _Loop) -> Any:
    if isinstance(value, _WRAPPED):
        return Facade(value, loop)
    if isinstance(value, AsyncChatStream):
        return StreamFacade(value, loop)
    if isinstance(value, list):
        return [_wrap(v, loop) for v in value]
    return value


def open_client(flavour: str, **kwargs: Any) -> Any:
    """A :class:`Client`, or an :class:`AsyncClient` that tests drive like one (``flavour`` is sync or async)."""
    if flavour == "sync":
        return Client(**kwargs)
    return Facade(AsyncClient(**kwargs), _Loop())
