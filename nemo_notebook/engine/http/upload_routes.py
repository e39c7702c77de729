"""``POST /api/upload-video/…/<sid>``: multipart files or JSON URLs, probed and stored all or nothing."""

from __future__ import annotations

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response

from ...protocol import MediaInfo
from ..intake import ReceivedFile, discard, fetch_urls, ingest_all
from .handlers import endpoint, engine_of, json_body
from .multipart import drain, receive_multipart
from .refusals import Refusal, bad_request, ok
from .services import Engine
from .upload_caps import UploadCaps, owner_lock


@endpoint("the upload")
async def upload(request: Request) -> Response:
    engine = engine_of(request)
    try:
        owner = engine.owner(request)
        session = engine.session(request.path_params["sid"], owner)
    except Refusal:
        await drain(request)  # so that the client reads the refusal instead of a reset connection
        raise
    caps = UploadCaps.of(engine.settings, engine.store.owner_upload_bytes(owner))
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        received = await receive_multipart(request, engine.settings, caps)
    elif content_type == "application/json":
        body = await json_body(request)
        source_type = body.get("source_type", "url")
        if source_type != "url":
            raise bad_request("source_type", "must be 'url'")
        received = await fetch_urls(body.get("urls"), engine.settings)
    else:
        raise bad_request("body", "send files as multipart/form-data fields named 'files', or JSON {'urls': [...]}")
    try:
        caps.check(received)
        infos = await anyio.to_thread.run_sync(_ingest, received, session.id, owner, engine)
    finally:
        discard(received)  # whatever was not moved into the session
    return ok({"media": [info.to_wire() for info in infos]})


def _ingest(received: list[ReceivedFile], session_id: str, owner: str, engine: Engine) -> list[MediaInfo]:
    """Store the upload; one owner's uploads are stored one at a time, each held to the owner's cap against what the
    owner keeps at that moment (two uploads that each fit, sent at once, may not both pass the cap checked when they
    began)."""
    with owner_lock(owner):
        UploadCaps.of(engine.settings, engine.store.owner_upload_bytes(owner)).check(received)
        return ingest_all(
            [(r.path, r.name) for r in received], session_id=session_id, store=engine.store, settings=engine.settings
        )
