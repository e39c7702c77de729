"""API.md's envelope as Starlette responses, and the one exception every handler raises to answer with an error."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse

from ..protocol import ErrorCode, envelope


class ApiError(Exception):
    """An answer other than success: ``code`` from API.md, a message a person can act on, optional headers."""

    def __init__(self, code: ErrorCode, message: str, *, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


def ok(data: Any, *, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(envelope(data), headers=dict(headers or {}))


def error_response(error: ApiError) -> JSONResponse:
    body = envelope(None, code=int(error.code), message=error.message)
    return JSONResponse(body, status_code=error.code.http_status, headers=error.headers)


def bad_request(field: str, problem: str) -> ApiError:
    """422/4000 naming the field that is wrong."""
    return ApiError(ErrorCode.BAD_REQUEST, f"{field}: {problem}")
