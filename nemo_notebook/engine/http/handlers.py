"""What every handler shares: the envelope around it (`endpoint`), the engine it serves, and its JSON body.

A JSON body's strings are judged before any handler sees them: a lone UTF-16 surrogate (``"\\ud800"`` is valid JSON but
no text) or a NUL (which no file name, title or message needs, and which ffmpeg and SQLite treat as an end) is 4000
naming the field, so that it can never reach the store, a stream or ffmpeg.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from ...protocol import ErrorCode
from ..errors import fault_reference
from .refusals import Refusal, bad_request, error_response, internal_fault, refusal_for
from .services import Engine

log = logging.getLogger("nemo_notebook.engine")

MAX_JSON_BYTES = 16 * 1024 * 1024
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
Handler = Callable[[Request], Awaitable[Response]]


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def endpoint(what: str) -> Callable[[Handler], Handler]:
    """Answer `Refusal`, engine errors and unexpected faults with the envelope; ``what`` names the operation.

    An unexpected fault's words and traceback stay in the log, under a reference that the 5000 answer names."""

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
                refusal = refusal_for(exc)
                if refusal is not None:
                    return error_response(refusal)
                reference = fault_reference()
                log.exception("%s failed (reference %s)", what, reference)
                return error_response(Refusal(ErrorCode.INTERNAL, f"{what} failed: {internal_fault(reference)}"))

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
    _check_strings(body)
    return body


def text_problem(value: str, *, controls: bool = True) -> str:
    """Why ``value`` is not text a person wrote ("" when it is): a lone surrogate, a NUL, or (``controls``) another
    control character than tab and line breaks."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "holds a lone UTF-16 surrogate (like \\ud800), which is not text: send valid Unicode"
    if "\x00" in value:
        return "holds a NUL character: remove it"
    if controls and _CONTROL.search(value):
        return "holds a control character: only text, tabs and line breaks"
    return ""


def _check_strings(body: dict[str, Any]) -> None:
    """4000 naming the first string (key or value) that is not text; iterative, as bodies may nest deeply."""
    pending: list[tuple[str, Any]] = [("", body)]
    while pending:
        where, value = pending.pop()
        if isinstance(value, str):
            problem = text_problem(value, controls=False)
            if problem:
                raise bad_request(where or "body", problem)
        elif isinstance(value, dict):
            for key, item in value.items():
                name = key.encode("utf-8", "backslashreplace").decode("utf-8")[:64]
                if text_problem(key, controls=False):
                    raise bad_request(f"{where}.{name}".lstrip("."), "the key is not text: send valid Unicode")
                pending.append((f"{where}.{key}".lstrip("."), item))
        elif isinstance(value, list):
            pending.extend((f"{where}[{i}]", item) for i, item in enumerate(value))


def text_field(body: dict[str, Any], name: str, *, default: str | None = None, max_len: int = 200) -> str:
    value = body.get(name, default)
    if not isinstance(value, str) or not value.strip():
        raise bad_request(name, "must be a non-empty string")
    if len(value) > max_len:
        raise bad_request(name, f"must be at most {max_len} characters")
    problem = text_problem(value)
    if problem:
        raise bad_request(name, problem)
    return value
