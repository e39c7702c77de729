"""What both clients share about HTTP: headers, the envelope, and which errors earn a second try."""

from __future__ import annotations

import email.utils
import json
import math
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from .._version import __version__
from ..protocol import DEFAULT_RATE_LIMIT_WAIT_S, ErrorCode, paths
from ._config import Secret
from ._errors import APIError, AuthError, OutOfCredits, RateLimited, api_error

DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=60.0, pool=30.0)
"""Reads wait 60 s: servers send a heartbeat every 15 s while they work, so a silent minute is a dead connection."""

UPLOAD_ANSWER_WITHIN_S = 15 * 60.0
"""An upload's answer is awaited this long once it is sent: the server fetches (a URL) and checks each file in a media
worker before it answers, sending nothing meanwhile, and on a starved machine that passed the 60 s read (a 240 s song
and a poster, the engine's media worker given 10 % of a CPU: ``ReadTimeout`` after 65 s)."""

KEEPALIVE_EXPIRY_S = 4.0
"""An idle connection leaves the pool after 4 s, before the server closes it: uvicorn's default is 5 s, the embedded
engine's 15 s. With equal clocks (httpx's default is 5 s too) the server's starts first, so the client could write a
request into a connection the server was closing: "connection reset by peer"."""
LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=KEEPALIVE_EXPIRY_S)

BIND_URL = "https://nemovideo.ai/register?bind={bind_id}"


def attribution_headers(platform: str) -> dict[str, str]:
    return {
        paths.HEADER_SOURCE: paths.SKILL_SOURCE,
        paths.HEADER_VERSION: __version__,
        paths.HEADER_PLATFORM: platform,
    }


def auth_headers(token: Secret | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token.reveal()}"} if token is not None else {}


MIN_POLL_S = 0.5
MAX_POLL_S = 30.0
"""A render is polled at the pace the server asks for, within these bounds (the hosted service asks for 30 s)."""


def retry_after_s(headers: httpx.Headers, default: float = DEFAULT_RATE_LIMIT_WAIT_S) -> float:
    """``Retry-After`` in seconds (a number or an HTTP-date), never negative; ``default`` when absent or unreadable
    (``nan``, ``inf``, words)."""
    value = parse_retry_after(headers.get("Retry-After"))
    return default if value is None else value


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """``"5"`` → 5.0, ``"-5"`` → 0.0, an HTTP-date → the seconds until it (0 when past), anything else → None.

    >>> parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0)
    10.0
    """
    text = (value or "").strip()
    if not text:
        return None
    seconds: float | None
    try:
        seconds = float(text)
    except ValueError:
        seconds = _seconds_until(text, time.time() if now is None else now)
    if seconds is None or not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def _seconds_until(http_date: str, now: float) -> float | None:
    try:
        when = email.utils.parsedate_to_datetime(http_date)
    except (TypeError, ValueError, IndexError):
        return None
    return when.timestamp() - now if when.tzinfo is not None else None


def poll_interval_s(headers: httpx.Headers, current: float) -> float:
    """The wait before the next poll of a render: the server's ``Retry-After`` within ``MIN_POLL_S``–``MAX_POLL_S``
    (``current`` when it sends none or nothing readable)."""
    return min(MAX_POLL_S, max(MIN_POLL_S, retry_after_s(headers, current)))


def decode(response: httpx.Response, *, bind_id: str | None = None) -> Any:
    """The envelope's ``data`` on success; the matching :class:`APIError` otherwise."""
    body = _json(response)
    code = envelope_code(body)
    if response.is_success and code in (0, None) and isinstance(body, dict):
        return body.get("data")
    raise error_for(response, body, bind_id=bind_id)


def envelope_code(body: Any) -> int | None:
    """The envelope's ``code`` as a number (``"1001"`` counts), or None when the body has none."""
    code = body.get("code") if isinstance(body, dict) else None
    if isinstance(code, str) and code.strip().lstrip("-").isdigit():
        return int(code)
    return code if isinstance(code, int) and not isinstance(code, bool) else None


def is_json(response: httpx.Response) -> bool:
    kind = str(response.headers.get("Content-Type", "")).split(";")[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json")


def error_for(response: httpx.Response, body: Any = None, *, bind_id: str | None = None) -> APIError:
    """The error an answer stands for (read a streamed answer's body first)."""
    body = body if isinstance(body, dict) else _json(response)
    if not isinstance(body, dict):
        return _not_api(response)
    code = envelope_code(body) or response.status_code
    message = str(body.get("message") or body.get("msg") or response.reason_phrase or f"HTTP {response.status_code}")
    bind_url = BIND_URL.format(bind_id=bind_id) if bind_id and code == ErrorCode.OUT_OF_CREDITS else None
    return api_error(
        code,
        response.status_code,
        message,
        request_id=response.headers.get("X-Request-Id"),
        retry_after_s=retry_after_s(response.headers),
        bind_url=bind_url,
    )


def with_bind_link(error: OutOfCredits, bind_id: str) -> OutOfCredits:
    """The same 2001, with the registration link for an anonymous user whose bind id was found later."""
    linked = OutOfCredits(
        error.message,
        bind_url=BIND_URL.format(bind_id=bind_id),
        code=error.code,
        status=error.status,
        request_id=error.request_id,
    )
    linked.__cause__ = error.__cause__
    return linked


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


def json_body(response: httpx.Response) -> Any:
    """The answer's JSON (read it first), or None when it is not JSON."""
    return _json(response)


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
