"""A fake hosted service written from ``../shared/API.md`` and nothing else, on ``httpx.MockTransport``.

It answers every endpoint the way the page words it, and a :class:`Wording` says how it words what the page leaves
open (fields it may leave out, fields it may add, where the token sits, whether a stream says it is complete). Tests
change one thing at a time and assert what the user sees.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from nemo_notebook.protocol import paths

from ..both import open_client
from ..fakecloud import ClosingStream

SESSION = "sess-1"
BIND = "bind-42"
TITLE_DRAFT = {
    "t": [{"tt": 7, "sg": [{"s": 0, "d": 3000, "m": {"text": "Urban Dreams", "role": "title"}}], "m": {}}],
    "d": 3000,
    "m": {"aspect": "16:9"},
}
EMPTY_DRAFT = {"t": [], "d": 0, "m": {"aspect": "16:9"}}
EXTRA = {"trace": {"region": "us-east-1"}, "x_experiment": [1, 2, 3]}


@dataclass
class Wording:
    """What the documents leave open, one switch each (the defaults are API.md's own wording)."""

    kind: bool = True
    """MediaInfo carries ``kind`` (the hosted service's documents never give it)."""
    optional: bool = True
    """Fields the client may do without: ``task_id``, ``bind_id`` in the create answer, ``version``, ``progress``…"""
    extra: bool = False
    """Fields API.md does not give, everywhere."""
    token_in_data: bool = True
    """``data.token``; else a bare ``token`` beside the envelope."""
    upload_media: bool = True
    """The upload answer holds ``data.media``."""
    turn_complete: bool = True
    """The last event of a stream says ``turnComplete``."""


@dataclass
class Failure:
    """An error envelope the service answers once on ``path`` (``status`` 200 as the hosted service may)."""

    code: int
    status: int
    where: str = "answer"
    """``answer`` (the whole answer is the envelope), ``first event`` or ``mid-stream`` (for ``/run_sse``)."""


@dataclass
class HostedService:
    wording: Wording = field(default_factory=Wording)
    flavour: str = "sync"
    requests: list[httpx.Request] = field(default_factory=list)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    draft: dict[str, Any] = field(default_factory=lambda: dict(EMPTY_DRAFT))
    version: int = 1
    media: list[dict[str, Any]] = field(default_factory=list)
    reply: list[str] = field(default_factory=lambda: ["Added ", "a title."])
    commit_after_stream: dict[str, Any] | None = None
    """A draft the service commits only after the stream closed (read from the state a moment later)."""
    commit_delay_reads: int = 0
    render_polls: list[tuple[dict[str, Any], dict[str, str]]] = field(default_factory=list)
    output: Callable[[httpx.Request], httpx.Response] | None = None
    stream_body: Callable[[], ClosingStream] | None = None
    tokens_issued: int = 0
    replaced: dict[str, Any] = field(default_factory=dict)
    """``data`` a test gives in place of the documented answer, by path."""

    # --- what a test changes -------------------------------------------------------------------------------------

    def fail(self, path: str, code: int, status: int, where: str = "answer") -> None:
        self.failures.setdefault(path, []).append(Failure(code, status, where))

    def client(self, home: Path, *, token: str | None = "user-token-0123456789", **kwargs: Any) -> Any:
        transport = httpx.MockTransport(self)
        return open_client(self.flavour, backend="cloud", token=token, home=home, transport=transport, **kwargs)

    def called(self, path: str) -> int:
        return sum(1 for r in self.requests if r.url.path == path)

    # --- the service ---------------------------------------------------------------------------------------------

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        pending = self.failures.get(path) or []
        if pending and pending[0].where == "answer":
            failure = pending.pop(0)
            return self._envelope(None, code=failure.code, status=failure.status)
        if path in self.replaced:
            return httpx.Response(200, json={"code": 0, "message": "ok", "data": self.replaced[path]})
        if path == paths.ANONYMOUS_TOKEN:
            return self._anonymous_token(request)
        if path == paths.CREATE_SESSION:
            return self._envelope(
                {"task_id": "task-1", "session_id": SESSION, "bind_id": BIND}, optional=("task_id", "bind_id")
            )
        if path == paths.state(SESSION):
            return self._state()
        if path == paths.RUN_SSE:
            return self._run_sse(pending.pop(0) if pending else None)
        if path == paths.upload(SESSION):
            return self._upload(request)
        if path == paths.CREDITS:
            return self._envelope({"available": 80, "frozen": 5, "total": 85}, optional=("frozen", "total"))
        if path == paths.RENDER:
            return self._envelope({"id": json.loads(request.content)["id"], "status": "queued"}, optional=("status",))
        if path.startswith(paths.RENDER + "/"):
            data, headers = self.render_polls.pop(0) if len(self.render_polls) > 1 else self.render_polls[0]
            return self._envelope(data, headers=headers)
        if request.url.host == "cdn.example" and self.output is not None:
            return self.output(request)
        return self._envelope(None, code=4004, status=404)

    def _envelope(
        self,
        data: Any,
        *,
        code: int = 0,
        status: int = 200,
        optional: tuple[str, ...] = (),
        headers: dict[str, str] | None = None,
        beside: dict[str, Any] | None = None,
    ) -> httpx.Response:
        if isinstance(data, dict):
            data = {k: v for k, v in data.items() if self.wording.optional or k not in optional}
            data = {**data, **EXTRA} if self.wording.extra else data
        body = {"code": code, "message": "ok" if code == 0 else f"error {code} from the service", "data": data}
        body = {**body, **(beside or {}), **(EXTRA if self.wording.extra else {})}
        return httpx.Response(status, json=body, headers=headers)

    def _anonymous_token(self, request: httpx.Request) -> httpx.Response:
        if paths.HEADER_CLIENT_ID not in request.headers:
            return self._envelope(None, code=400, status=400)
        self.tokens_issued += 1
        token = {"token": f"anon-token-{self.tokens_issued}", "credits": 100, "expires_at": "2026-12-01T00:00:00Z"}
        if self.wording.token_in_data:
            return self._envelope(token)
        return self._envelope(None, beside=token)

    def _state(self) -> httpx.Response:
        if self.commit_after_stream is not None and self.called(paths.RUN_SSE):
            if self.commit_delay_reads == 0:
                self.draft, self.version = self.commit_after_stream, self.version + 1
                self.commit_after_stream = None
            self.commit_delay_reads -= 1
        state = {
            "draft": self.draft,
            "video_infos": [self._media_info(m) for m in self.media],
            "generated_media": [],
            "version": self.version,
        }
        state = {k: v for k, v in state.items() if self.wording.optional or k not in ("generated_media", "version")}
        return self._envelope({"state": state, "bind_id": BIND})

    def _media_info(self, info: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in info.items() if self.wording.kind or k != "kind"}
        out = out if self.wording.optional else {k: v for k, v in out.items() if k in ("id", "name", "kind")}
        return {**out, **EXTRA} if self.wording.extra else out

    def _upload(self, request: httpx.Request) -> httpx.Response:
        name = "track.mp3"
        if request.headers.get("Content-Type", "").startswith("application/json"):
            name = json.loads(request.content)["urls"][0].rsplit("/", 1)[-1]
        else:
            request.read()
            name = request.content.split(b'filename="', 1)[1].split(b'"', 1)[0].decode()
        kind = "audio" if name.endswith(".mp3") else "video"
        info = {"id": f"m{len(self.media) + 1}", "name": name, "kind": kind, "format": name.rsplit(".", 1)[-1],
                "size": 4, "duration_ms": 180_000, "width": None, "height": None, "fps": None,
                "has_audio": True, "sample_rate": 48_000, "channels": 2}  # fmt: skip
        self.media.append(info)
        if not self.wording.upload_media:
            return self._envelope({})
        return self._envelope({"media": [self._media_info(info)]})

    def _run_sse(self, failure: Failure | None) -> httpx.Response:
        body = self.stream_body() if self.stream_body is not None else ClosingStream(list(self._events(failure)))
        return httpx.Response(200, headers={"Content-Type": "text/event-stream"}, stream=body)

    def _events(self, failure: Failure | None) -> Iterator[bytes]:
        yield b": ping\n\n"
        if failure is not None and failure.where == "first event":
            yield _data({"code": failure.code, "message": f"error {failure.code} in the stream", "data": None})
            return
        for piece in self.reply:
            yield _data(_text(piece, partial=True))
        if failure is not None:
            yield _data({"code": failure.code, "message": f"error {failure.code} in the stream", "data": None})
            return
        if self.reply:
            yield _data(_text("".join(self.reply), partial=False))
        if self.wording.turn_complete:
            yield _data({"id": "end", "author": "nemo_agent", "turnComplete": True})


def _text(text: str, *, partial: bool) -> dict[str, Any]:
    return {"id": "e", "invocationId": "i", "author": "nemo_agent", "timestamp": 1763700000.0, "partial": partial,
            "content": {"role": "model", "parts": [{"text": text}]}}  # fmt: skip


def _data(event: dict[str, Any]) -> bytes:
    return b"data: " + json.dumps(event).encode() + b"\n\n"
