"""The client's one error tree. Every failure a caller can meet is one of these::

    NemoError                      anything this library raises on purpose
    ├── APIError                   the server answered with an error envelope (code, status, message, request_id)
    │   ├── AuthError              1001: the token is missing, bad or expired
    │   ├── SessionNotFound        1002: the session does not exist (any more)
    │   ├── OutOfCredits           2001: no credits left (anonymous users get a registration link)
    │   ├── UnsupportedMedia       4001: not a file type the service accepts (lists the formats)
    │   ├── MediaTooLarge          4002: over the size limit (names it)
    │   ├── PlanBlocked            402: the plan does not allow export (not a credit problem)
    │   ├── RateLimited            429: too many requests; ``retry_after_s`` says how long to wait
    │   ├── BadRequest             4000 / 400: a malformed request (the message names the field)
    │   ├── NotFound               4004: an unknown render id or file
    │   └── Conflict               4009: another message is in progress, or the draft version is stale
    ├── RenderFailed               an export ended ``failed``; carries the server's message
    └── TransportError             the connection failed: no answer, or a broken one
        ├── StreamError            a stream broke or misbehaved after it started
        └── Timeout                a deadline passed (connect, read, a silent agent, a render that never ends)

Each error carries ``message`` (what happened) and ``hint`` (what to do). Only the notebook layer turns them into
one-line messages; ``str(error)`` is ``"message (hint)"``. httpx's own errors are translated in one place,
:func:`map_httpx_errors`, with ``raise … from exc``. No error ever holds a token.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from ..protocol import MAX_UPLOAD_BYTES, ErrorCode, supported_formats_text


class NemoError(Exception):
    """Base of every error this library raises on purpose."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class APIError(NemoError):
    """The server answered with an error envelope.

    Attributes
    ----------
    code
        API.md's code (1001, 4001, …).
    status
        The HTTP status it came with.
    request_id
        The server's request id (``X-Request-Id``) when it sent one, for bug reports.
    """

    default_hint = ""

    def __init__(
        self, message: str, *, code: int, status: int, request_id: str | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, hint=self.default_hint if hint is None else hint)
        self.code = code
        self.status = status
        self.request_id = request_id

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code}, status={self.status}, message={self.message!r})"


class AuthError(APIError):
    default_hint = "check the token, or unset NEMO_TOKEN to work with the embedded engine"


class SessionNotFound(APIError):
    default_hint = "start a new session with client.sessions.create()"


class OutOfCredits(APIError):
    default_hint = "top up your credits"

    def __init__(self, message: str, *, bind_url: str | None = None, **kwargs: Any) -> None:
        if bind_url:
            kwargs["hint"] = f"register to get more credits: {bind_url}"
        super().__init__(message, **kwargs)
        self.bind_url = bind_url


class UnsupportedMedia(APIError):
    """The file was refused. The engine's refusal (``engine.intake.probe``) ends with the supported formats, and
    reaches the hosted service's users as it is: the hint lists them only where the message does not, so that a
    refusal says them once (s54: every refusal through the client listed them twice)."""

    default_hint = f"supported formats are {supported_formats_text()}"

    def __init__(self, message: str, *, hint: str | None = None, **kwargs: Any) -> None:
        if hint is None and "supported formats" in message.lower():
            hint = ""
        super().__init__(message, hint=hint, **kwargs)


class MediaTooLarge(APIError):
    # The server's message names its own limit (the engine's is a setting); the hint must not contradict it.
    default_hint = (
        "compress or trim the file (a shorter clip, a lower bitrate) and upload it again; "
        f"the hosted service accepts files up to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"
    )


class PlanBlocked(APIError):
    default_hint = "this is the plan, not your credits: register or upgrade your plan to unlock export"


class RateLimited(APIError):
    def __init__(self, message: str, *, retry_after_s: float, **kwargs: Any) -> None:
        kwargs.setdefault("hint", f"wait {retry_after_s:.0f} s and try again")
        super().__init__(message, **kwargs)
        self.retry_after_s = retry_after_s


class BadRequest(APIError):
    default_hint = "the request was malformed; the message names the field"


class NotFound(APIError):
    default_hint = "check the id; renders and files are kept for a limited time"


class Conflict(APIError):
    default_hint = "wait for the current message to finish, then try again"


class RenderFailed(NemoError):
    """An export ended with status ``failed``. ``render_id`` names it; ``message`` is the server's reason."""

    def __init__(self, message: str, *, render_id: str) -> None:
        super().__init__(message, hint="change the timeline or try a lower quality, then export again")
        self.render_id = render_id


class TransportError(NemoError):
    """The connection failed before or while an answer came."""


class StreamError(TransportError):
    """A stream (chat or download) broke or sent something unreadable after it started."""


class Timeout(TransportError):
    """A deadline passed."""


_BY_CODE: dict[int, type[APIError]] = {
    ErrorCode.AUTH: AuthError,
    ErrorCode.SESSION_NOT_FOUND: SessionNotFound,
    ErrorCode.OUT_OF_CREDITS: OutOfCredits,
    ErrorCode.UNSUPPORTED_MEDIA: UnsupportedMedia,
    ErrorCode.MEDIA_TOO_LARGE: MediaTooLarge,
    ErrorCode.PLAN_BLOCKED: PlanBlocked,
    ErrorCode.BAD_REQUEST: BadRequest,
    ErrorCode.CLIENT_ID_MISSING: BadRequest,
    ErrorCode.NOT_FOUND: NotFound,
    ErrorCode.CONFLICT: Conflict,
}


def api_error(
    code: int,
    status: int,
    message: str,
    *,
    request_id: str | None = None,
    retry_after_s: float | None = None,
    bind_url: str | None = None,
    hint: str | None = None,
) -> APIError:
    """The error class for ``code`` (``APIError`` itself for codes this version does not know)."""
    common: dict[str, Any] = {"code": code, "status": status, "request_id": request_id}
    if hint is not None:
        common["hint"] = hint
    if code == ErrorCode.RATE_LIMITED or status == 429:
        return RateLimited(message, retry_after_s=retry_after_s or 30.0, **common)
    if code == ErrorCode.OUT_OF_CREDITS:
        return OutOfCredits(message, bind_url=bind_url, **common)
    return _BY_CODE.get(code, APIError)(message, **common)


@contextmanager
def map_httpx_errors(*, streaming: bool = False, what: str = "the server") -> Iterator[None]:
    """Translate httpx's errors into this library's, once, at the boundary.

    ``streaming`` says the answer had already started: a broken connection is then a :class:`StreamError`.
    """
    try:
        yield
    except httpx.TimeoutException as exc:
        raise Timeout(f"{what} did not answer in time ({type(exc).__name__})", hint=_RETRY_HINT) from exc
    except (httpx.TransportError, httpx.StreamError) as exc:
        if streaming:
            raise StreamError(f"the answer from {what} broke off: {_reason(exc)}", hint=_RETRY_HINT) from exc
        if isinstance(exc, _BROKEN) and not isinstance(exc, httpx.ConnectError):
            raise TransportError(
                f"the connection to {what} broke before the answer came in: {_reason(exc)}", hint=_RETRY_HINT
            ) from exc
        raise TransportError(f"could not reach {what}: {_reason(exc)}", hint=_RETRY_HINT) from exc


_BROKEN = (httpx.NetworkError, httpx.RemoteProtocolError)


def broken_connection(error: TransportError) -> bool:
    """The connection broke (reset, closed by the server, refused) rather than a deadline passing."""
    return not isinstance(error, Timeout) and isinstance(error.__cause__, _BROKEN)


_RETRY_HINT = "check the connection and try again; the session's state is kept on the server"


def _reason(exc: BaseException) -> str:
    """The first words along the chain of causes (anyio's errors have none; the socket's have)."""
    seen: BaseException | None = exc
    for _ in range(8):  # a chain is short; never follow a loop in one
        if seen is None:
            break
        if str(seen):
            return str(seen)
        seen = seen.__cause__ or seen.__context__
    return type(exc).__name__
