"""Read deadlines: a connection that stalls while sending its request is closed instead of being held for ever.

uvicorn gives an idle kept-alive connection a timeout but none to a request's head, and ASGI none to its body; a
thousand clients that open a connection and send half a header line would each hold a socket and a file descriptor
until the engine stops. Two deadlines close them:

- the head: `header_deadline_protocol` is uvicorn's h11 protocol with a timer armed when a request's first bytes
  may come (on connecting, and after each answer) and disarmed once h11 has the whole head;
- the body: `BodyDeadline` (ASGI middleware) gives each chunk of a request body ``idle_s`` to arrive; a body that
  stalls longer reaches the handler as a disconnect (so what it had written is removed, as for any broken upload)
  and the connection is closed. Only the wait between chunks is limited, so a large upload on a slow link is fine.
"""

from __future__ import annotations

import asyncio
from typing import Any

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def header_deadline_protocol(timeout_s: float) -> type[asyncio.Protocol]:
    """uvicorn's h11 protocol, closing a connection whose request head is not complete within ``timeout_s``."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeaderDeadline(H11Protocol):
        _head_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            if self._head_timer is None and self.conn.their_state is h11.IDLE:
                self._arm()  # the first bytes of a kept-alive connection's next request
            super().data_received(data)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._disarm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._disarm()
            self._head_timer = self.loop.call_later(timeout_s, self._head_expired)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_expired(self) -> None:
            self._head_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()

    return HeaderDeadline


class BodyDeadline:
    """ASGI middleware: while a request's body is incomplete, each ``receive`` must deliver within ``idle_s``."""

    def __init__(self, app: ASGIApp, idle_s: float) -> None:
        self.app = app
        self.idle_s = idle_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = {"body_done": False, "stalled": False}

        async def receive_in_time() -> Message:
            if state["stalled"]:
                return {"type": "http.disconnect"}
            if state["body_done"]:  # what comes now is the disconnect a streaming answer listens for: no deadline
                return await receive()
            with anyio.move_on_after(self.idle_s):
                message = await receive()
                state["body_done"] = not message.get("more_body", False)
                return message
            state["stalled"] = True
            return {"type": "http.disconnect"}

        async def send_closing(message: Message) -> None:
            if state["stalled"] and message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive_in_time, send_closing)
