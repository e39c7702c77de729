"""The connection cap: an engine serves at most ``EngineSettings.connection_cap`` connections at once.

Without it, a thousand idle connections held every file descriptor of the process (the common limit is 1024): the
next upload could not open its temporary file and failed with a 500, and the log grew by megabytes a second. uvicorn's
own ``limit_concurrency`` does not help: it counts a connection only once a request has come on it (an idle one
holds its descriptor regardless), answers plain text without ``Retry-After``, and logs every refusal.

Here a connection beyond the cap is handled as it is accepted, before it reaches the app:

- the connection that has waited longest for its next request (kept alive, or connected and silent) is closed to
  make room: a client whose idle connection is closed opens another, and a silent flood cannot lock others out;
- when no connection is idle (each is in the middle of a request), the new one is answered 503 with API.md's
  envelope (code 5003) and ``Retry-After``, and closed.

Both are logged once per burst: the first as it happens, then one summary per `BURST_WINDOW_S` while it lasts.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

from ...protocol import ErrorCode, envelope

log = logging.getLogger("nemo_notebook.engine")

RETRY_AFTER_S = 2
BURST_WINDOW_S = 10.0


def busy_answer(cap: int, retry_after_s: int = RETRY_AFTER_S) -> bytes:
    """The whole HTTP answer to a connection let in beyond the cap: 503, API.md's envelope, ``Retry-After``."""
    message = (
        f"the engine is serving as many connections as it may ({cap}) and none is idle: try again in {retry_after_s} s"
    )
    body = json.dumps(envelope(None, code=int(ErrorCode.BUSY), message=message)).encode("utf-8")
    head = (
        "HTTP/1.1 503 Service Unavailable\r\n"
        "content-type: application/json\r\n"
        f"content-length: {len(body)}\r\n"
        f"retry-after: {retry_after_s}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class BurstLog:
    """Counts what the cap did and logs it once per burst: at once, then a summary per window while it goes on."""

    def __init__(self, cap: int, window_s: float = BURST_WINDOW_S) -> None:
        self.cap = cap
        self.window_s = window_s
        self.dropped = 0
        self.refused = 0
        self._open_window: asyncio.TimerHandle | None = None

    def note(self, loop: asyncio.AbstractEventLoop, *, dropped: int = 0, refused: int = 0) -> None:
        if self._open_window is None:
            log.warning(
                "at the connection cap (%d): %s; more of this is summed up every %g s",
                self.cap,
                "an idle connection was closed to make room" if dropped else "a new connection was answered 503",
                self.window_s,
            )
            self._open_window = loop.call_later(self.window_s, self._flush, loop)
            return
        self.dropped += dropped
        self.refused += refused

    def _flush(self, loop: asyncio.AbstractEventLoop) -> None:
        if not (self.dropped or self.refused):
            self._open_window = None  # the burst is over: the next event is logged as it happens
            return
        log.warning(
            "at the connection cap (%d) in the last %g s: %d idle connections closed, %d new ones answered 503 "
            "(max_connections, or the open-file limit it derives from, may be raised)",
            self.cap,
            self.window_s,
            self.dropped,
            self.refused,
        )
        self.dropped = self.refused = 0
        self._open_window = loop.call_later(self.window_s, self._flush, loop)


def capped_protocol(base: type[Any], cap: int) -> type[asyncio.Protocol]:
    """``base`` (uvicorn's h11 protocol or a subclass) serving at most ``cap`` connections of one server at once."""
    import h11

    burst = BurstLog(cap)
    answer = busy_answer(cap)

    class Capped(base):  # type: ignore[misc,valid-type]
        idle_since: float | None = None
        refused = False

        def connection_made(self, transport: asyncio.Transport) -> None:
            super().connection_made(transport)
            self.idle_since = time.monotonic()
            live = [c for c in self.connections if not c.transport.is_closing()]
            if len(live) <= cap:
                return
            idle = [c for c in live if c is not self and getattr(c, "idle_since", None) is not None]
            if idle:
                oldest = min(idle, key=lambda c: c.idle_since)
                oldest.idle_since = None
                oldest.transport.close()
                burst.note(self.loop, dropped=1)
            else:
                self.refused = True
                self.idle_since = None
                transport.write(answer)
                transport.close()
                burst.note(self.loop, refused=1)

        def data_received(self, data: bytes) -> None:
            if self.refused:
                return
            if data:
                self.idle_since = None
            super().data_received(data)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            waiting = self.conn.our_state is h11.IDLE and self.conn.their_state is h11.IDLE
            if waiting and not self.transport.is_closing():
                self.idle_since = time.monotonic()

    return Capped


def accept_batch(cap: int) -> int:
    """The listen backlog, which is also how many connections asyncio accepts at once before any of them is looked
    at: a quarter of the cap (8 to 128), so that a burst never holds more than the cap and a quarter."""
    return max(8, min(128, cap // 4))


def quiet_accept_errors(loop: asyncio.AbstractEventLoop, window_s: float = BURST_WINDOW_S) -> None:
    """Log asyncio's "socket.accept() out of system resource" (no file descriptor left) once per ``window_s``.

    asyncio logs it with a traceback for each try of its accept loop, up to the backlog in one tick (uvicorn's
    default 2048): megabytes of log in seconds, as the descriptors run out. Any other error goes where it went.
    """
    previous = loop.get_exception_handler()
    seen = {"count": 0, "since": -window_s}

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if context.get("message") != "socket.accept() out of system resource":
            if previous is None:
                loop.default_exception_handler(context)
            else:
                previous(loop, context)
            return
        seen["count"] += 1
        now = time.monotonic()
        if now - seen["since"] >= window_s:
            log.warning(
                "no file descriptor left to accept a connection (%s, %d times since the last such line): new "
                "connections wait; lower max_connections or raise the open-file limit",
                context.get("exception"),
                seen["count"],
            )
            seen["count"], seen["since"] = 0, now

    loop.set_exception_handler(handler)
