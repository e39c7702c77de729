"""API.md's envelope as Starlette responses, and `Refusal`: the one exception a handler raises to answer an error.

Engine errors that reach the edge (`BadInput`, `MediaError`, `OutOfCredits`) and a full disk become refusals in
`refusal_for`, the one place they are translated. No answer carries an absolute path of the engine's machine
(`error_response` cuts each to its base name), and an unexpected fault is answered by `internal_fault` alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse

from ...protocol import ErrorCode, envelope
from ..errors import BadInput, EngineError, MediaError, OutOfCredits, without_paths
from ..intake import disk_full

MAX_ID_CHARS = 64
DISK_FULL = (
    "the engine's disk is full, so nothing was kept: free some space on it (old exports in the engine's renders "
    "folder can go) and send it again"
)


class Refusal(EngineError):
    """An answer other than success: ``code`` from API.md, a message a person can act on, optional headers."""

    def __init__(self, code: ErrorCode, message: str, *, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


def ok(data: Any, *, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(envelope(data), headers=dict(headers or {}))


def error_response(error: Refusal) -> JSONResponse:
    body = envelope(None, code=int(error.code), message=without_paths(error.message))
    return JSONResponse(body, status_code=error.code.http_status, headers=error.headers)


def internal_fault(reference: str) -> str:
    """What an unexpected fault's answer says: never the exception's words, only where the log holds them."""
    return f"an internal error (reference {reference} in the engine's log); try again, or report it with the reference"


def bad_request(field: str, problem: str) -> Refusal:
    """422/4000 naming the field that is wrong."""
    return Refusal(ErrorCode.BAD_REQUEST, f"{field}: {problem}")


def cut(value: str) -> str:
    """``value`` cut to `MAX_ID_CHARS` (with "…" where it was cut): a message never echoes a megabyte."""
    return value if len(value) <= MAX_ID_CHARS else value[:MAX_ID_CHARS] + "…"


def shown_id(value: str) -> str:
    """An id a request named, quoted for a message and `cut`."""
    return repr(cut(value))


def refusal_for(exc: Exception) -> Refusal | None:
    """The answer to an error a person can act on; None for a fault (answered 5000 by the caller)."""
    if disk_full(exc):
        return Refusal(ErrorCode.INSUFFICIENT_STORAGE, DISK_FULL)
    if isinstance(exc, BadInput):
        return bad_request(exc.field, exc.problem)
    if isinstance(exc, MediaError):
        return Refusal(ErrorCode(exc.code), str(exc))
    if isinstance(exc, OutOfCredits):
        return Refusal(ErrorCode.OUT_OF_CREDITS, str(exc))
    return None
