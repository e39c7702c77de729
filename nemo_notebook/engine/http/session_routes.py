"""Sessions and what hangs on them: anonymous tokens, new sessions, credits, the session's state and media files."""

from __future__ import annotations

import secrets
import time

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from ...protocol import Draft, ErrorCode, paths
from ..store import SessionRecord
from .handlers import endpoint, engine_of, json_body, text_field
from .refusals import Refusal, ok, shown_id


@endpoint("issuing an anonymous token")
async def anonymous_token(request: Request) -> Response:
    engine = engine_of(request)
    issued = engine.auth.issue_anonymous(request.headers.get(paths.HEADER_CLIENT_ID), now=time.time())
    expires = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(issued.expires_at))
    return ok({"token": issued.token, "credits": engine.credits.starting_credits, "expires_at": expires})


@endpoint("creating a session")
async def create_session(request: Request) -> Response:
    engine = engine_of(request)
    owner = engine.owner(request)
    body = await json_body(request, required=False)
    record = SessionRecord(
        id="ses_" + secrets.token_hex(12),
        task_id="task_" + secrets.token_hex(12),
        bind_id="bind_" + secrets.token_hex(12),
        owner=owner,
        task_name=text_field(body, "task_name", default="project"),
        language=text_field(body, "language", default="en", max_len=16),
        created_at=time.time(),
    )
    engine.store.add_session(record, Draft.empty().to_wire())
    return ok({"task_id": record.task_id, "session_id": record.id, "bind_id": record.bind_id})


@endpoint("reading credits")
async def credits(request: Request) -> Response:
    engine = engine_of(request)
    return ok(engine.credits.balance(engine.owner(request)).to_wire())


@endpoint("reading the session state")
async def state(request: Request) -> Response:
    engine = engine_of(request)
    session = engine.session(request.path_params["sid"], engine.owner(request))
    history = engine.store.history(session.id)
    uploads = engine.store.media(session.id, generated=False)
    generated = engine.store.media(session.id, generated=True)
    data = {
        "draft": engine.store.draft_at(session.id, history.version),
        "video_infos": [r.info.to_wire() for r in uploads],
        "generated_media": [r.info.to_wire() for r in generated],
        "version": history.version,
    }
    return ok({"state": data, "bind_id": session.bind_id})


@endpoint("serving a media file")
async def media_file(request: Request) -> Response:
    engine = engine_of(request)
    session = engine.session(request.path_params["sid"], engine.owner(request))
    record = engine.store.media_record(session.id, request.path_params["media_id"])
    if record is None or not record.path.is_file():
        raise Refusal(ErrorCode.NOT_FOUND, f"no media {shown_id(request.path_params['media_id'])} in this session")
    return FileResponse(record.path, filename=record.info.name, content_disposition_type="inline")
