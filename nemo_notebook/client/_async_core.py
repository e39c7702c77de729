"""The async client's HTTP core: :class:`~._core.SyncCore`'s rules on an ``httpx.AsyncClient``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

import anyio
import anyio.to_thread
import httpx

from ..protocol import ErrorCode, paths
from ._auth import ClientFile, TokenHolder
from ._config import Secret, Settings
from ._core import MAX_WAIT_S, Answer, Body
from ._engine import local_engine
from ._errors import APIError, BadRequest, RateLimited, map_httpx_errors
from ._http import auth_headers, decode, error_for, should_refresh, should_wait, user_token_error


class AsyncCore:
    """Connection, token and retries of one :class:`~nemo_notebook.client.AsyncClient`."""

    def __init__(
        self, settings: Settings, *, http: httpx.AsyncClient, sleep: Callable[[float], Awaitable[None]] = anyio.sleep
    ) -> None:
        self.settings = settings
        self.http = http
        self.sleep = sleep
        self.client_file = ClientFile(settings.home)
        anonymous = settings.token is None and settings.backend != "local"
        self.tokens = TokenHolder(settings.token, anonymous=anonymous)
        self._base_url = settings.base_url
        self._lock = anyio.Lock()

    async def base_url(self) -> str:
        if self._base_url is None:
            url, token = await anyio.to_thread.run_sync(local_engine, self.settings.home)
            self.tokens.token = token
            self._base_url = url
        return self._base_url

    @property
    def known_base_url(self) -> str | None:
        return self._base_url

    @property
    def what(self) -> str:
        return "the embedded engine" if self.settings.backend == "local" else f"the server at {self._base_url}"

    async def token(self) -> Secret | None:
        base = await self.base_url()
        if self.tokens.token is None and self.tokens.anonymous:
            async with self._lock:
                if self.tokens.token is None:
                    self.tokens.token = self.client_file.anonymous_token(base) or await self._fetch_anonymous()
        return self.tokens.token

    async def call(
        self, method: str, path: str, *, json: Any = None, body: Body | None = None, bind_id: str | None = None
    ) -> Answer:
        for attempt in (1, 2):
            token = await self.token()
            request = await self._request(method, path, token, json=json, body=body)
            with map_httpx_errors(what=self.what):
                response = await self.http.send(request)
            try:
                return Answer(decode(response, bind_id=self._bind(bind_id)), response.headers)
            except APIError as error:
                if attempt == 2 or not await self._recover(error, token):
                    raise self._final(error) from None
        raise AssertionError("unreachable")

    @asynccontextmanager
    async def stream(
        self, method: str, path: str, *, json: Any, bind_id: str | None = None
    ) -> AsyncIterator[httpx.Response]:
        headers = {"Accept": "text/event-stream"}
        for attempt in (1, 2):
            token = await self.token()
            request = await self._request(method, path, token, json=json, headers=headers)
            with map_httpx_errors(what=self.what):
                response = await self.http.send(request, stream=True)
            if response.is_success:
                break
            error = await self._error_of_stream(response, bind_id)
            if attempt == 2 or not await self._recover(error, token):
                raise self._final(error) from None
        try:
            yield response
        finally:
            await response.aclose()

    async def _error_of_stream(self, response: httpx.Response, bind_id: str | None) -> APIError:
        try:
            with map_httpx_errors(what=self.what, streaming=True):
                await response.aread()
        finally:
            await response.aclose()
        return error_for(response, bind_id=self._bind(bind_id))

    async def _request(
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
        url = path if path.startswith(("http://", "https://")) else await self.base_url() + path
        return self.http.build_request(method, url, json=json, content=content, headers=all_headers)

    def _bind(self, bind_id: str | None) -> str | None:
        return bind_id if self.tokens.anonymous else None

    async def _recover(self, error: APIError, token: Secret | None) -> bool:
        if should_refresh(error, self.tokens.anonymous):
            async with self._lock:
                if self.tokens.is_current(token):
                    self.tokens.token = await self._fetch_anonymous()
            return True
        wait = should_wait(error)
        if wait is not None and wait <= MAX_WAIT_S:
            await self.sleep(wait)
            return True
        return False

    def _final(self, error: APIError) -> APIError:
        if error.code == ErrorCode.AUTH and not self.tokens.anonymous:
            return user_token_error(error, self.settings.backend)
        return error

    async def _fetch_anonymous(self) -> Secret:
        base = await self.base_url()
        for attempt in (1, 2):
            client_id = self.client_file.client_id()
            with map_httpx_errors(what=self.what):
                response = await self.http.post(
                    base + paths.ANONYMOUS_TOKEN, headers={paths.HEADER_CLIENT_ID: client_id}
                )
            try:
                data = decode(response)
            except (BadRequest, RateLimited) as error:
                if attempt == 2 or not await self._recover_anonymous(error):
                    raise
                continue
            token = Secret(str(data["token"]))
            self.client_file.store_anonymous_token(base, token, data.get("expires_at"))
            return token
        raise AssertionError("unreachable")

    async def _recover_anonymous(self, error: APIError) -> bool:
        if error.code == ErrorCode.CLIENT_ID_MISSING:
            self.client_file.new_client_id()
            return True
        wait = should_wait(error)
        if wait is not None and wait <= MAX_WAIT_S:
            await self.sleep(wait)
            return True
        return False
