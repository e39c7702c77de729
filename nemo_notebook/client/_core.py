"""The client's HTTP rules, once, without I/O: the token, the retries of API.md, and the stream opener.

Every request goes through :meth:`Core.call` (a JSON answer) or :meth:`Core.open_stream` (an answer read as it
arrives); both are flows (:mod:`._flow`) that a driver runs. Each tries at most twice: after a 1001 on an anonymous
token (a new token is fetched, once, whichever caller saw the failure first) or after a 429 (it waits
``Retry-After``, 30 s when absent). A streamed request is only ever tried again when its answer was an error status,
so a chat message is never sent twice once its stream started.

Apart from these, every request goes out through :func:`sent`: a request that is safe to repeat (GET, HEAD, DELETE,
or an export, which its render id keys) is sent once more when its connection broke, as a kept-alive connection
does when the server closes it, idle, just as the request leaves. Nothing else is sent twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import httpx

from ..protocol import ErrorCode, paths
from . import _wire as wire
from ._auth import ClientFile, TokenHolder
from ._config import Secret, Settings
from ._engine import local_engine
from ._errors import APIError, BadRequest, RateLimited, TransportError, broken_connection
from ._flow import Close, Flow, Locked, Read, Send, Sleep, T
from ._http import (
    auth_headers,
    decode,
    envelope_code,
    error_for,
    is_json,
    json_body,
    should_refresh,
    should_wait,
    user_token_error,
)
from ._upload import Multipart

MAX_WAIT_S = 120.0
"""A 429 asking for a longer wait than this is raised at once: a kernel should not hang for minutes unasked."""

Body = Callable[[], Multipart]
"""Makes a request body afresh for each try."""

SSE_HEADERS = {"Accept": "text/event-stream"}


def _always() -> bool:
    return True


@dataclass(frozen=True)
class Answer:
    data: Any
    headers: httpx.Headers


class Core:
    """Settings, token and retry rules of one client, shared by :class:`Client` and :class:`AsyncClient`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client_file = ClientFile(settings.home)
        anonymous = settings.token is None and settings.backend != "local"
        self.tokens = TokenHolder(settings.token, anonymous=anonymous)
        self._base_url = settings.base_url
        self._start_lock = threading.Lock()

    @property
    def started(self) -> bool:
        return self._base_url is not None

    @property
    def known_base_url(self) -> str | None:
        return self._base_url

    @property
    def base_url(self) -> str:
        """The server's URL; for the local backend, asking for it starts the embedded engine."""
        if self._base_url is None:
            with self._start_lock:
                if self._base_url is None:
                    url, token = local_engine(self.settings.home)
                    self.tokens.token = token
                    self._base_url = url
        return self._base_url

    @property
    def what(self) -> str:
        return "the embedded engine" if self.settings.backend == "local" else f"the server at {self.base_url}"

    def token(self) -> Flow[Secret | None]:
        base = self.base_url  # the embedded engine, started here, brings its own token
        if self.tokens.token is None and self.tokens.anonymous:
            yield Locked(self._first_token(base))
        return self.tokens.token

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        body: Body | None = None,
        bind_id: str | None = None,
        keyed: bool = False,
        answer_within_s: float | None = None,
    ) -> Flow[Answer]:
        """Send a request and decode its envelope, trying once more where API.md says to. ``keyed``: the body names
        what it makes, so a server that got it twice acts once (see :attr:`Send.keyed`); ``answer_within_s``: how
        long the server may work before it answers (see :attr:`Send.answer_within_s`)."""

        def attempt(token: Secret | None) -> Flow[Answer]:
            send = self._send(method, path, token, json=json, body=body, keyed=keyed)
            response = yield from sent(replace(send, answer_within_s=answer_within_s))
            return Answer(decode(response, bind_id=self._bind(bind_id)), response.headers)

        return (yield from self.retrying(attempt))

    def open_stream(
        self, method: str, path: str, *, json: Any, bind_id: str | None = None, read_timeout_s: float | None = None
    ) -> Flow[httpx.Response]:
        """An answer to read as it arrives; retried only on an error status or an error envelope."""
        return (
            yield from self.retrying(lambda token: self.open_once(method, path, token, json, bind_id, read_timeout_s))
        )

    def open_once(
        self,
        method: str,
        path: str,
        token: Secret | None,
        json: Any,
        bind_id: str | None = None,
        read_timeout_s: float | None = None,
    ) -> Flow[httpx.Response]:
        """Open a stream once. An error status, or a JSON answer where a stream was asked for (the hosted service
        answers HTTP 200 with an error envelope), raises its :class:`APIError`."""
        send = self._send(method, path, token, json=json, headers=SSE_HEADERS, stream=True)
        response = yield from sent(replace(send, read_timeout_s=read_timeout_s))
        if response.is_success and not is_json(response):
            return response
        yield Read(response, self.what)
        yield Close(response)
        if response.is_success and envelope_code(json_body(response)) in (0, None):
            return response  # a JSON answer without an error: read as a stream, it holds no events
        raise error_for(response, bind_id=self._bind(bind_id))

    def retrying(
        self, attempt: Callable[[Secret | None], Flow[T]], *, may_retry: Callable[[], bool] = _always
    ) -> Flow[T]:
        """Run ``attempt`` with the current token; after an :class:`APIError`, once more where API.md says to
        (a new anonymous token after 1001, a wait after 429) and ``may_retry()`` agrees."""
        for number in (1, 2):
            token = yield from self.token()
            try:
                return (yield from attempt(token))
            except APIError as error:
                if number == 2 or not may_retry() or not (yield from self._recover(error, token)):
                    raise self._final(error) from None
        raise AssertionError("unreachable")

    def _send(
        self,
        method: str,
        path: str,
        token: Secret | None,
        *,
        json: Any = None,
        body: Body | None = None,
        headers: Mapping[str, str] | None = None,
        stream: bool = False,
        keyed: bool = False,
    ) -> Send:
        all_headers = {**auth_headers(token), **(headers or {})}
        upload = body() if body is not None else None
        if upload is not None:
            all_headers.update(upload.headers)
        url = path if path.startswith(("http://", "https://")) else self.base_url + path
        return Send(method, url, all_headers, json=json, upload=upload, stream=stream, what=self.what, keyed=keyed)

    def _bind(self, bind_id: str | None) -> str | None:
        return bind_id if self.tokens.anonymous else None

    def _recover(self, error: APIError, token: Secret | None) -> Flow[bool]:
        if should_refresh(error, self.tokens.anonymous):
            yield Locked(self._refresh(token))
            return True
        return (yield from _wait_if_asked(error))

    def _final(self, error: APIError) -> APIError:
        if error.code == ErrorCode.AUTH and not self.tokens.anonymous:
            return user_token_error(error, self.settings.backend)
        return error

    def _first_token(self, base: str) -> Flow[None]:
        if self.tokens.token is None:
            stored = self.client_file.anonymous_token(base)
            self.tokens.token = stored or (yield from self._fetch_anonymous())

    def _refresh(self, stale: Secret | None) -> Flow[None]:
        """Single-flight: only the first caller to see ``stale`` fail fetches; the others use what it got."""
        if self.tokens.is_current(stale):
            self.tokens.token = yield from self._fetch_anonymous()

    def _fetch_anonymous(self) -> Flow[Secret]:
        """A new anonymous token for this client id (a new id after a 400; one wait after a 429)."""
        for attempt in (1, 2):
            headers = {paths.HEADER_CLIENT_ID: self.client_file.client_id()}
            response = yield from sent(Send("POST", self.base_url + paths.ANONYMOUS_TOKEN, headers, what=self.what))
            try:
                data = decode(response)
            except (BadRequest, RateLimited) as error:
                if attempt == 2 or not (yield from self._recover_anonymous(error)):
                    raise
                continue
            token, expires_at = anonymous_token(data, json_body(response))
            self.client_file.store_anonymous_token(self.base_url, token, expires_at)
            return token
        raise AssertionError("unreachable")

    def _recover_anonymous(self, error: APIError) -> Flow[bool]:
        if error.code == ErrorCode.CLIENT_ID_MISSING:
            self.client_file.new_client_id()
            return True
        return (yield from _wait_if_asked(error))


def sent(send: Send) -> Flow[httpx.Response]:
    """The answer to ``send``; when its connection broke and it is :attr:`~Send.repeatable`, the answer to a second
    try, on another connection (the pool has dropped the broken one). A kept-alive connection that
    the server closed, idle, as the request left breaks this way: reset, or "disconnected without sending a
    response". A request that is not repeatable (a chat message, an upload, a new session) is never sent twice: it
    may have reached the server."""
    try:
        response: httpx.Response = yield send
    except TransportError as error:
        if not (send.repeatable and broken_connection(error)):
            raise
        response = yield send
    return response


def _wait_if_asked(error: APIError) -> Flow[bool]:
    """Sleep the ``Retry-After`` of a 429 (True: try again), unless it asks for more than ``MAX_WAIT_S``."""
    wait = should_wait(error)
    if wait is None or wait > MAX_WAIT_S:
        return False
    yield Sleep(wait)
    return True


def anonymous_token(data: Any, body: Any) -> tuple[Secret, Any]:
    """The token of an anonymous-token answer: ``data.token`` as API.md words it, a bare ``token`` beside the
    envelope, or ``data`` itself when it is the token."""
    if isinstance(data, str) and data:
        return Secret(data), None
    if isinstance(data, Mapping) and "token" in data:
        return Secret(wire.text(data["token"], "data.token")), data.get("expires_at")
    if isinstance(body, Mapping) and "token" in body:
        return Secret(wire.text(body["token"], "token")), body.get("expires_at")
    raise wire.shape_error("data.token", "the anonymous token", missing=True)
