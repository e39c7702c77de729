"""A scripted stand-in for the hosted service, on ``httpx.MockTransport``, for what the engine never does: streams
that close without words, tokens that expire mid-session, rate limits, plan blocks, connections that break."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

from nemo_notebook.protocol import paths

from .both import open_client

CLOUD = paths.CLOUD_BASE_URL
Handler = Callable[[httpx.Request], httpx.Response]


def answer(
    data: Any = None, *, code: int = 0, status: int = 200, headers: dict[str, str] | None = None
) -> httpx.Response:
    return httpx.Response(
        status, json={"code": code, "message": "ok" if code == 0 else f"error {code}", "data": data}, headers=headers
    )


def sse(*events: dict[str, Any]) -> bytes:
    return b"".join(b"data: " + json.dumps(e, ensure_ascii=False).encode() + b"\n\n" for e in events)


def text_event(text: str, *, partial: bool) -> dict[str, Any]:
    return {
        "id": "e",
        "author": "nemo_agent",
        "partial": partial,
        "content": {"role": "model", "parts": [{"text": text}]},
    }


class ClosingStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that says whether it was closed, and can break after some chunks."""

    def __init__(self, chunks: list[bytes], *, error_after: int | None = None) -> None:
        self.chunks = chunks
        self.error_after = error_after
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        for index, chunk in enumerate(self.chunks):
            if index == self.error_after:
                raise httpx.ReadError("connection reset by peer")
            yield chunk

    def close(self) -> None:
        self.closed = True

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self:
            yield chunk

    async def aclose(self) -> None:
        self.close()


class FakeCloud:
    """Routes ``(method, path)`` to handlers; a route given a list answers from it in turn (the last one repeats)."""

    def __init__(self, flavour: str = "sync") -> None:
        self.flavour = flavour
        self.requests: list[httpx.Request] = []
        self.routes: dict[tuple[str, str], Handler | list[Handler]] = {}
        self.drafts: list[dict[str, Any]] = [{"t": [], "d": 0, "m": {"aspect": "16:9"}}]
        self.route(
            "POST", paths.CREATE_SESSION, lambda r: answer({"task_id": "t1", "session_id": "s1", "bind_id": "b1"})
        )
        self.route("GET", paths.state("s1"), self._state)

    def route(self, method: str, path: str, *handlers: Handler) -> None:
        self.routes[(method, path)] = list(handlers) if len(handlers) > 1 else handlers[0]

    def _state(self, request: httpx.Request) -> httpx.Response:
        draft = self.drafts.pop(0) if len(self.drafts) > 1 else self.drafts[0]
        return answer(
            {"state": {"draft": draft, "video_infos": [], "generated_media": [], "version": 3}, "bind_id": "b1"}
        )

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        route = self.routes.get((request.method, request.url.path))
        if route is None:
            return answer(code=4004, status=404)
        if not isinstance(route, list):
            return route(request)
        return (route.pop(0) if len(route) > 1 else route[0])(request)

    def paths_called(self, method: str | None = None) -> list[str]:
        return [r.url.path for r in self.requests if method is None or r.method == method]

    def client(self, home: Path, *, token: str | None = "user-token-0123456789", **kwargs: Any) -> Any:
        """A client of this fake service: a :class:`Client`, or an :class:`AsyncClient` behind a facade."""
        transport = httpx.MockTransport(self)
        return open_client(self.flavour, backend="cloud", token=token, home=home, transport=transport, **kwargs)
