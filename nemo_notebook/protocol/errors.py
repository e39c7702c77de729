"""The error codes of API.md, with the HTTP status each travels with, the JSON envelope, and the protocol's errors.

Every JSON answer is ``{"code": int, "message": str, "data": any}``; code 0 is success.

::

    ProtocolError         a value that does not have the shape API.md gives it
    └── DraftFormatError  a wire draft (``draft.<field>: <problem>``), raised by ``Draft.from_wire``
"""

from __future__ import annotations

import enum
from typing import Any


class ProtocolError(Exception):
    """Base of the protocol's errors: something on the wire breaks the contract."""


class ErrorCode(enum.IntEnum):
    OK = 0
    AUTH = 1001
    SESSION_NOT_FOUND = 1002
    OUT_OF_CREDITS = 2001
    UNSUPPORTED_MEDIA = 4001
    MEDIA_TOO_LARGE = 4002
    CLIENT_ID_MISSING = 400
    PLAN_BLOCKED = 402
    RATE_LIMITED = 429
    BAD_REQUEST = 4000
    NOT_FOUND = 4004
    CONFLICT = 4009
    INTERNAL = 5000
    BUSY = 5003
    INSUFFICIENT_STORAGE = 5007

    @property
    def http_status(self) -> int:
        return HTTP_STATUS[self]


HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.OK: 200,
    ErrorCode.AUTH: 401,
    ErrorCode.SESSION_NOT_FOUND: 404,
    ErrorCode.OUT_OF_CREDITS: 402,
    ErrorCode.UNSUPPORTED_MEDIA: 415,
    ErrorCode.MEDIA_TOO_LARGE: 413,
    ErrorCode.CLIENT_ID_MISSING: 400,
    ErrorCode.PLAN_BLOCKED: 402,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.BAD_REQUEST: 422,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.INTERNAL: 500,
    ErrorCode.BUSY: 503,
    ErrorCode.INSUFFICIENT_STORAGE: 507,
}
"""`NOT_FOUND` (4004, an unknown render id or file) and `CONFLICT` (4009, a stale draft version) are the engine's own
additions, in the spirit of API.md's 4000 and 5000; so are `BUSY` (5003, HTTP 503 with ``Retry-After``: the engine
serves as many connections as it may and this one was not let in) and `INSUFFICIENT_STORAGE` (5007, HTTP 507: the
engine's disk is full, nothing was kept)."""

DEFAULT_RATE_LIMIT_WAIT_S = 30.0


def envelope(data: Any = None, *, code: int = 0, message: str = "ok") -> dict[str, Any]:
    return {"code": int(code), "message": message, "data": data}
