"""The ``Host`` header check: the engine answers only requests addressed to a name it is served under.

A page on another site can rebind its own name to 127.0.0.1 (DNS rebinding); the browser then sends it to the engine
as a same-origin request, with that site's name in ``Host``. Loopback names (``127.0.0.1``, ``localhost``, ``[::1]``,
any port) are always accepted; ``EngineSettings.allowed_hosts`` adds the names a served engine is reached by
(``nemo-notebook serve --allowed-host NAME``; ``*`` accepts any). Anything else, a missing ``Host`` included, is
4000 naming the header, before any route runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from ...protocol import ErrorCode
from .refusals import Refusal, error_response, shown_id

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})


def host_name(header: str) -> str:
    """The name in a ``Host`` header, without its port, brackets or final dot, lower-cased.

    >>> [host_name(h) for h in ("LocalHost:8765", "[::1]:80", "127.0.0.1", "example.com.", "[::1]evil.example")]
    ['localhost', '::1', '127.0.0.1', 'example.com', '[::1]evil.example']
    """
    header = header.strip().lower()
    if header.startswith("["):
        inside, _, after = header[1:].partition("]")
        # "[::1]evil.example": only a port may follow the brackets, else the name is the whole header (refused)
        return inside if after == "" or re.fullmatch(r":\d{1,5}", after) else header
    if header.count(":") == 1:
        header = header.split(":", 1)[0]
    return header.rstrip(".")


class HostCheck:
    """ASGI middleware refusing HTTP requests whose ``Host`` is not one of the engine's names."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str] = ()) -> None:
        self.app = app
        extra = {host_name(name) for name in allowed}
        self.any_host = "*" in extra
        self.names = LOOPBACK_NAMES | extra

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.any_host:
            await self.app(scope, receive, send)
            return
        raw = dict(scope["headers"]).get(b"host")
        name = host_name(raw.decode("latin-1")) if raw is not None else None
        if name in self.names:
            await self.app(scope, receive, send)
            return
        await error_response(_refusal(name))(scope, receive, send)


def _refusal(name: str | None) -> Refusal:
    shown = "missing" if name is None else f"{shown_id(name)}, which is not a name this engine is served under"
    return Refusal(
        ErrorCode.BAD_REQUEST,
        f"Host: {shown}. The engine answers to 127.0.0.1, localhost and [::1]; "
        "start it with `nemo-notebook serve --allowed-host NAME` to be reached by another name",
    )
