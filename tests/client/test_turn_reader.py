"""The chat turn reader on its own: ADK events in, typed events out, deltas that add up to messages."""

from __future__ import annotations

import json
from typing import Any

from nemo_notebook.client import Heartbeat, Message, StateChanged, TextDelta, ToolCall, ToolResult, TurnComplete
from nemo_notebook.client._chat import ChatLimits, TurnReader


def _wire(*events: dict[str, Any]) -> bytes:
    return b"".join(b"data: " + json.dumps(e).encode() + b"\n\n" for e in events)


def _text(text: str, partial: bool) -> dict[str, Any]:
    return {"partial": partial, "content": {"parts": [{"text": text}]}}


def test_a_final_message_longer_than_its_pieces_still_adds_up() -> None:
    reader = TurnReader(ChatLimits())
    events = reader.feed(_wire(_text("Click ", True), _text("Exp", True), _text("Click Export, then enjoy.", False)))
    deltas = "".join(e.text for e in events if isinstance(e, TextDelta))
    assert deltas == "Run `session.export()` (or `%nemo export`), then enjoy."
    assert [e.text for e in events if isinstance(e, Message)] == [deltas]


def test_every_kind_of_adk_event_has_its_type() -> None:
    clock = iter([0.0, 1.0, 5.0, 5.0])  # start, first heartbeat, last heartbeat, the clocks check
    reader = TurnReader(ChatLimits(still_working_after_s=2.0), clock=lambda: next(clock))
    call = {"content": {"parts": [{"functionCall": {"id": "1", "name": "analyse", "args": {"bpm": True}}}]}}
    result = {"content": {"parts": [{"functionResponse": {"id": "1", "name": "analyse", "response": {"bpm": 120}}}]}}
    delta = {"actions": {"stateDelta": {"version": 7}}}
    events = reader.feed(b": ping\n\n" + _wire(call, result, delta, {"turnComplete": True}) + b"data:\n\n")
    assert [type(e) for e in events] == [Heartbeat, ToolCall, ToolResult, StateChanged, TurnComplete, Heartbeat]
    assert events[1] == ToolCall("1", "analyse", {"bpm": True}) and events[2] == ToolResult(
        "1", "analyse", {"bpm": 120}
    )
    assert isinstance(events[3], StateChanged) and events[3].version == 7 and reader.complete
    first, last = events[0], events[-1]
    assert isinstance(first, Heartbeat) and isinstance(last, Heartbeat)
    assert not first.still_working and last.still_working and last.silent_for_s > first.silent_for_s


def test_pieces_without_a_final_message_are_closed_at_the_end() -> None:
    reader = TurnReader(ChatLimits())
    events = reader.feed(_wire(_text("half a ", True), _text("thought", True))) + reader.finish()
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == "half a thought"
    assert [e for e in events if isinstance(e, Message)] == [Message("half a thought")]
