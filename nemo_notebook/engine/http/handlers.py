"""What every handler shares: the envelope around it (`endpoint`), the engine it serves, and its JSON body."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from ...protocol import ErrorCode
from ..errors import EngineError
from .refusals import Refusal, bad_request, error_response, refusal_for
from .services import Engine

log = logging.getLogger("nemo_notebook.engine")

MAX_JSON_BYTES = 16 * 1024 * 1024
Handler = Callable[[Request], Awaitable[Response]]


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def endpoint(what: str) -> Callable[[Handler], Handler]:
    """Answer `Refusal`, engine errors and unexpected faults with the envelope; ``what`` names the operation."""

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except Refusal as exc:
                return error_response(exc)
            except ClientDisconnect:
                return Response(status_code=400)
            except Exception as exc:
                refusal = refusal_for(exc) if isinstance(exc, EngineError) else None
                if refusal is not None:
                    return error_response(refusal)
                log.exception("%s failed", what)
                return error_response(Refusal(ErrorCode.INTERNAL, f"{what} failed: {type(exc).__name__}: {exc}"))

        return run

    return wrap


async def json_body(request: Request, *, required: bool = True) -> dict[str, Any]:
    """The request's JSON object; 4000 naming ``body`` when it is missing, too big or not an object."""
    raw = bytearray()
    async for chunk in request.stream():  # read with a cap: a body without Content-Length could be endless
        raw += chunk
        if len(raw) > MAX_JSON_BYTES:
            limit_mb = MAX_JSON_BYTES // (1024 * 1024)
            raise bad_request(
                "body",
                f"larger than {limit_mb} MB: JSON carries words and drafts; send media files as multipart uploads",
            )
    if not raw.strip():
        if required:
            raise bad_request("body", "missing: send a JSON object")
        return {}
    try:
        body = json.loads(bytes(raw))
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad_request("body", f"not valid JSON ({exc})") from exc
    except RecursionError as exc:  # json's decoder recurses once per nesting level
        raise bad_request("body", "nested too deeply: send a flat JSON object as API.md shows") from exc
    if not isinstance(body, dict):
        raise bad_request("body", "must be a JSON object")
    return body


def text_field(body: dict[str, Any], name: str, *, default: str | None = None, max_len: int = 200) -> str:
    value = body.get(name, default)
    if not isinstance(value, str) or not value.strip():
        raise bad_request(name, "must be a non-empty string")
    if len(value) > max_len:
        raise bad_request(name, f"must be at most {max_len} characters")
    return value
