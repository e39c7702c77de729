"""What both clients share about HTTP: headers, the envelope, and which errors earn a second try."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from .._version import __version__
from ..protocol import DEFAULT_RATE_LIMIT_WAIT_S, ErrorCode, paths
from ._config import Secret
from ._errors import APIError, AuthError, RateLimited, api_error

DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=60.0, pool=30.0)
"""Reads wait 60 s: servers send a heartbeat every 15 s while they work, so a silent minute is a dead connection."""

BIND_URL = "https://nemovideo.ai/register?bind={bind_id}"


def attribution_headers(platform: str) -> dict[str, str]:
    return {
        paths.HEADER_SOURCE: paths.SKILL_SOURCE,
        paths.HEADER_VERSION: __version__,
        paths.HEADER_PLATFORM: platform,
    }


def auth_headers(token: Secret | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token.reveal()}"} if token is not None else {}


def retry_after_s(headers: httpx.Headers, default: float = DEFAULT_RATE_LIMIT_WAIT_S) -> float:
    """``Retry-After`` in seconds; ``default`` when absent (a date is rare enough to treat as absent)."""
    value = headers.get("Retry-After", "").strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        return default


def decode(response: httpx.Response, *, bind_id: str | None = None) -> Any:
    """The envelope's ``data`` on success; the matching :class:`APIError` otherwise."""
    body = _json(response)
    code = body.get("code") if isinstance(body, dict) else None
    if response.is_success and code in (0, None) and isinstance(body, dict):
        return body.get("data")
    raise error_for(response, body, bind_id=bind_id)


def error_for(response: httpx.Response, body: Any = None, *, bind_id: str | None = None) -> APIError:
    """The error an answer stands for (read a streamed answer's body first)."""
    body = body if isinstance(body, dict) else _json(response)
    if not isinstance(body, dict):
        return _not_api(response)
    code = body.get("code")
    code = int(code) if isinstance(code, int) and code else response.status_code
    message = str(body.get("message") or response.reason_phrase or f"HTTP {response.status_code}")
    bind_url = BIND_URL.format(bind_id=bind_id) if bind_id and code == ErrorCode.OUT_OF_CREDITS else None
    return api_error(
        code,
        response.status_code,
        message,
        request_id=response.headers.get("X-Request-Id"),
        retry_after_s=retry_after_s(response.headers),
        bind_url=bind_url,
    )


def _not_api(response: httpx.Response) -> APIError:
    kind = response.headers.get("Content-Type", "no content type").split(";")[0]
    return api_error(
        response.status_code,
        response.status_code,
        f"the server answered HTTP {response.status_code} with {kind}, not nemo-notebook's JSON",
        request_id=response.headers.get("X-Request-Id"),
        retry_after_s=retry_after_s(response.headers),
        hint="check the base URL: it must point at the hosted service or a `nemo-notebook serve`",
    )


def _json(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except (ValueError, httpx.ResponseNotRead):
        return None


def should_refresh(error: APIError, anonymous: bool) -> bool:
    """1001 on an anonymous token: fetch a new one and try once more."""
    return isinstance(error, AuthError) and anonymous


def user_token_error(error: APIError, backend: str) -> AuthError:
    where = "the hosted service" if backend == "cloud" else "this server"
    return AuthError(
        f"{where} did not accept the token: {error.message}",
        code=error.code,
        status=error.status,
        request_id=error.request_id,
        hint="check NEMO_TOKEN (or the token= you passed), get a new one from your NemoVideo account, "
        "or unset it to use the embedded engine",
    )


def should_wait(error: APIError) -> float | None:
    return error.retry_after_s if isinstance(error, RateLimited) else None


def same_origin(url: str, base_url: str) -> bool:
    a, b = urlsplit(url), urlsplit(base_url)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def absolute(url: str, base_url: str) -> str:
    return urljoin(base_url.rstrip("/") + "/", url.lstrip("/")) if not urlsplit(url).scheme else url
