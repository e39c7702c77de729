"""``POST /run_sse``: validate the chat body, begin the turn (its cost reserved), then stream it (see ``turn``)."""

from __future__ import annotations

from typing import Any

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ...protocol import ErrorCode
from ..store import SessionRecord
from ..turn import SessionContext, Turn, begin_turn, stream_turn
from .handlers import endpoint, engine_of, json_body, text_field, text_problem
from .refusals import Refusal, bad_request
from .services import Engine

MAX_MESSAGE_CHARS = 20_000


def message_text(body: dict[str, Any]) -> str:
    """The user's words from ``new_message.parts[*].text``; 4000 naming the field when they are missing."""
    message = body.get("new_message")
    if not isinstance(message, dict):
        raise bad_request("new_message", "must be an object with 'parts'")
    parts = message.get("parts")
    if not isinstance(parts, list) or not parts:
        raise bad_request("new_message.parts", "must be a non-empty list of {'text': …}")
    texts = []
    for i, part in enumerate(parts):
        if not isinstance(part, dict) or not isinstance(part.get("text"), str):
            raise bad_request(f"new_message.parts[{i}].text", "must be a string")
        problem = text_problem(part["text"])
        if problem:
            raise bad_request(f"new_message.parts[{i}].text", problem)
        texts.append(part["text"])
    text = "\n".join(texts)
    if len(text) > MAX_MESSAGE_CHARS:
        raise bad_request(
            "new_message.parts",
            f"the message is longer than {MAX_MESSAGE_CHARS} characters: shorten it or send it in parts",
        )
    return text


@endpoint("starting the chat turn")
async def run_sse(request: Request) -> Response:
    engine = engine_of(request)
    owner = engine.owner(request)
    body = await json_body(request)
    session = engine.session(text_field(body, "session_id"), owner)
    text = message_text(body)
    if not engine.turns.acquire(session.id):
        raise Refusal(ErrorCode.CONFLICT, "another message is being worked on in this session; retry when it finishes")
    try:
        turn = await _accept_turn(engine, session, owner, text)
    except BaseException:
        engine.turns.release(session.id)
        raise
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(
        stream_turn(turn), media_type="text/event-stream", headers=headers, background=BackgroundTask(turn.close)
    )


async def _accept_turn(engine: Engine, session: SessionRecord, owner: str, text: str) -> Turn:
    ctx = SessionContext(
        store=engine.store, settings=engine.settings, session=session, owner=owner, credits=engine.credits
    )
    return await begin_turn(
        text,
        ctx,
        agent=engine.the_agent(),
        credits=engine.credits,
        owner=owner,
        release=lambda: engine.turns.release(session.id),
        heartbeat_interval_s=engine.settings.heartbeat_interval_s,
    )
