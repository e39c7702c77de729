"""ADK `/run_sse` event shapes (API.md, "Chat").

Each SSE ``data:`` line holds one event::

    {"id": "...", "invocationId": "...", "author": "nemo_agent", "timestamp": 1763700000.0, "partial": true,
     "content": {"role": "model", "parts": [{"text": "Analysing the track…"}]}}

Parts carry ``text``, ``functionCall`` ({"id", "name", "args"}) or ``functionResponse`` ({"id", "name",
"response"}); ``actions.stateDelta`` says what changed in the session state; the last event has ``turnComplete``.
The builders here write that shape; the client's parser reads it.
"""

from __future__ import annotations

from typing import Any

AUTHOR = "nemo_agent"
HEARTBEAT_COMMENT = b": ping\n\n"
HEARTBEAT_INTERVAL_S = 15.0
STREAM_MAX_S = 15 * 60.0

Event = dict[str, Any]


def _event(event_id: str, invocation_id: str, timestamp: float, **body: Any) -> Event:
    return {"id": event_id, "invocationId": invocation_id, "author": AUTHOR, "timestamp": timestamp, **body}


def text_event(event_id: str, invocation_id: str, timestamp: float, text: str, *, partial: bool) -> Event:
    content = {"role": "model", "parts": [{"text": text}]}
    return _event(event_id, invocation_id, timestamp, partial=partial, content=content)


def function_call_event(
    event_id: str, invocation_id: str, timestamp: float, call_id: str, name: str, args: dict[str, Any]
) -> Event:
    part = {"functionCall": {"id": call_id, "name": name, "args": args}}
    return _event(event_id, invocation_id, timestamp, partial=False, content={"role": "model", "parts": [part]})


def function_response_event(
    event_id: str, invocation_id: str, timestamp: float, call_id: str, name: str, response: dict[str, Any]
) -> Event:
    part = {"functionResponse": {"id": call_id, "name": name, "response": response}}
    return _event(event_id, invocation_id, timestamp, partial=False, content={"role": "user", "parts": [part]})


def state_delta_event(event_id: str, invocation_id: str, timestamp: float, delta: dict[str, Any]) -> Event:
    return _event(event_id, invocation_id, timestamp, partial=False, actions={"stateDelta": delta})


def turn_complete_event(event_id: str, invocation_id: str, timestamp: float) -> Event:
    return _event(event_id, invocation_id, timestamp, partial=False, turnComplete=True)


def chat_request(session_id: str, text: str) -> dict[str, Any]:
    """The body of ``POST /run_sse``."""
    return {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": session_id,
        "new_message": {"role": "user", "parts": [{"text": text}]},
    }
