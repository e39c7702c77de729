"""The blocking client's HTTP core: one ``httpx.Client``, the token, and the retry rules of API.md.

Every request goes through :meth:`SyncCore.call` (a JSON answer) or :meth:`SyncCore.stream` (an answer read as it
arrives). Each tries at most twice: after a 1001 on an anonymous token (a new token is fetched, once, whichever thread
saw the failure first) or after a 429 (it waits ``Retry-After``, 30 s when absent). A streamed request is only ever
tried again when its answer was an error status, so a chat message is never sent twice once its stream started.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from ..protocol import ErrorCode, paths
from ._auth import ClientFile, TokenHolder
from ._config import Secret, Settings
from ._engine import local_engine
from ._errors import APIError, BadRequest, RateLimited, map_httpx_errors
from ._http import auth_headers, decode, error_for, should_refresh, should_wait, user_token_error

MAX_WAIT_S = 120.0
"""A 429 asking for a longer wait than this is raised at once: a kernel should not hang for minutes unasked."""

Body = Callable[[], tuple[Mapping[str, str], Any]]
"""Makes a request body afresh for each try: ``() -> (headers, content)``."""


@dataclass(frozen=True)
class Answer:
    data: Any
    headers: httpx.Headers


class SyncCore:
    """Connection, token and retries of one :class:`~nemo_notebook.client.Client`."""

    def __init__(self, settings: Settings, *, http: httpx.Client, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.http = http
        self.sleep = sleep
        self.client_file = ClientFile(settings.home)
        anonymous = settings.token is None and settings.backend != "local"
        self.tokens = TokenHolder(settings.token, anonymous=anonymous)
        self._base_url = settings.base_url
        self._start_lock = threading.Lock()

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

    def token(self) -> Secret | None:
        base = self.base_url
        if self.tokens.token is None and self.tokens.anonymous:
            with self.tokens.lock:
                if self.tokens.token is None:
                    self.tokens.token = self.client_file.anonymous_token(base) or self._fetch_anonymous()
        return self.tokens.token

    def call(
        self, method: str, path: str, *, json: Any = None, body: Body | None = None, bind_id: str | None = None
    ) -> Answer:
        """Send a request and decode its envelope, trying once more where API.md says to."""
        for attempt in (1, 2):
            token = self.token()
            request = self._request(method, path, token, json=json, body=body)
            with map_httpx_errors(what=self.what):
                response = self.http.send(request)
            try:
                return Answer(decode(response, bind_id=self._bind(bind_id)), response.headers)
            except APIError as error:
                if attempt == 2 or not self._recover(error, token):
                    raise self._final(error) from None
        raise AssertionError("unreachable")

    @contextmanager
    def stream(self, method: str, path: str, *, json: Any, bind_id: str | None = None) -> Iterator[httpx.Response]:
        """An answer to read as it arrives, closed whatever happens; retried only on an error status."""
        headers = {"Accept": "text/event-stream"}
        for attempt in (1, 2):
            token = self.token()
            request = self._request(method, path, token, json=json, headers=headers)
            with map_httpx_errors(what=self.what):
                response = self.http.send(request, stream=True)
            if response.is_success:
                break
            error = self._error_of_stream(response, bind_id)
            if attempt == 2 or not self._recover(error, token):
                raise self._final(error) from None
        try:
            yield response
        finally:
            response.close()

    def _error_of_stream(self, response: httpx.Response, bind_id: str | None) -> APIError:
        try:
            with map_httpx_errors(what=self.what, streaming=True):
                response.read()
        finally:
            response.close()
        return error_for(response, bind_id=self._bind(bind_id))

    def _request(
        self,
        method: str,
        path: str,
        token: Secret | None,
        *,
        json: Any = None,
        body: Body | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Request:
        all_headers = {**auth_headers(token), **(headers or {})}
        content = None
        if body is not None:
            body_headers, content = body()
            all_headers.update(body_headers)
        url = path if path.startswith(("http://", "https://")) else self.base_url + path
        return self.http.build_request(method, url, json=json, content=content, headers=all_headers)

    def _bind(self, bind_id: str | None) -> str | None:
        return bind_id if self.tokens.anonymous else None

    def _recover(self, error: APIError, token: Secret | None) -> bool:
        if should_refresh(error, self.tokens.anonymous):
            self._refresh(token)
            return True
        wait = should_wait(error)
        if wait is not None and wait <= MAX_WAIT_S:
            self.sleep(wait)
            return True
        return False

    def _final(self, error: APIError) -> APIError:
        if error.code == ErrorCode.AUTH and not self.tokens.anonymous:
            return user_token_error(error, self.settings.backend)
        return error

    def _refresh(self, stale: Secret | None) -> None:
        """Single-flight: only the first thread to see ``stale`` fail fetches; the others use what it got."""
        with self.tokens.lock:
            if self.tokens.is_current(stale):
                self.tokens.token = self._fetch_anonymous()

    def _fetch_anonymous(self) -> Secret:
        """A new anonymous token for this client id (a new id after a 400; one wait after a 429)."""
        for attempt in (1, 2):
            client_id = self.client_file.client_id()
            url = self.base_url + paths.ANONYMOUS_TOKEN
            with map_httpx_errors(what=self.what):
                response = self.http.post(url, headers={paths.HEADER_CLIENT_ID: client_id})
            try:
                data = decode(response)
            except (BadRequest, RateLimited) as error:
                if attempt == 2 or not self._recover_anonymous(error):
                    raise
                continue
            token = Secret(str(data["token"]))
            self.client_file.store_anonymous_token(self.base_url, token, data.get("expires_at"))
            return token
        raise AssertionError("unreachable")

    def _recover_anonymous(self, error: APIError) -> bool:
        if error.code == ErrorCode.CLIENT_ID_MISSING:
            self.client_file.new_client_id()
            return True
        wait = should_wait(error)
        if wait is not None and wait <= MAX_WAIT_S:
            self.sleep(wait)
            return True
        return False
