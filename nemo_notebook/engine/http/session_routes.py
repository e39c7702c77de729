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
    address = request.client.host if request.client else None
    issued = engine.auth.issue_anonymous(request.headers.get(paths.HEADER_CLIENT_ID), now=time.time(), address=address)
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
    media_type, inline = served_type(record.info.kind.value, record.info.format)
    return FileResponse(
        record.path,
        media_type=media_type,
        filename=record.info.name,
        content_disposition_type="inline" if inline else "attachment",
        headers={"X-Content-Type-Options": "nosniff"},
    )


_SERVED_KINDS = {"audio": "audio/mpeg", "video": "video/mp4", "image": "image/jpeg"}


def served_type(kind: str, fmt: str) -> tuple[str, bool]:
    """The type a session file is served as: from what probing found it to be (its kind and format), never from
    the name the user gave it (a picture named ``x.html`` is still a picture); and whether a browser may show it
    inline (audio, video and pictures only; anything else downloads).

    >>> served_type("image", "png"), served_type("audio", "mp3"), served_type("other", "html")
    (('image/png', True), ('audio/mpeg', True), ('application/octet-stream', False))
    """
    import mimetypes

    if kind not in _SERVED_KINDS:
        return "application/octet-stream", False
    guessed = mimetypes.guess_type(f"file.{fmt}")[0] or ""
    return (guessed if guessed.split("/")[0] == kind else _SERVED_KINDS[kind]), True
