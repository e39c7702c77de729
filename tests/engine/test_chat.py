"""``/run_sse``: ADK events, heartbeats, one turn at a time, credits, failures and disconnects."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from nemo_notebook.engine import RunningEngine
from nemo_notebook.protocol import paths

from .conftest import ScriptedAgent, assert_error, chat_body, client_for, new_session, running_engine, sse_events


@pytest.fixture
def agent() -> ScriptedAgent:
    return ScriptedAgent(pause_s=0.5)


@pytest.fixture
def scripted(tmp_path: Path, agent: ScriptedAgent) -> Iterator[RunningEngine]:
    with running_engine(tmp_path / "home", agent=agent, heartbeat_interval_s=0.1, credit_quota=12) as engine:
        yield engine


def _version(api: httpx.Client, sid: str) -> int:
    version: int = api.get(paths.state(sid)).json()["data"]["state"]["version"]
    return version


def test_real_agent_streams_adk_events_and_commits(api: httpx.Client, sid: str) -> None:
    with api.stream(
        "POST", paths.RUN_SSE, json=chat_body(sid, "add a title 'Urban Dreams' for the first 3 seconds")
    ) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        found, _ = sse_events(r)
    assert found[-1]["turnComplete"] is True
    assert all(e["author"] == "nemo_agent" and e["invocationId"] == found[0]["invocationId"] for e in found)
    texts = [e for e in found if "content" in e and "text" in e["content"]["parts"][0]]
    partial = "".join(e["content"]["parts"][0]["text"] for e in texts if e["partial"])
    final = [e["content"]["parts"][0]["text"] for e in texts if not e["partial"]]
    assert partial and final == [partial] and "Urban Dreams" in partial
    deltas = [e["actions"]["stateDelta"] for e in found if "actions" in e]
    assert deltas and deltas[-1]["version"] == _version(api, sid) == 1
    draft = api.get(paths.state(sid)).json()["data"]["state"]["draft"]
    assert deltas[-1]["draft"] == draft and draft["t"][0]["tt"] == 7


def test_tool_calls_become_function_call_and_response_events(scripted: RunningEngine) -> None:
    with client_for(scripted) as api:
        sid = new_session(api)
        with api.stream("POST", paths.RUN_SSE, json=chat_body(sid, "costly title")) as r:
            found, _ = sse_events(r)
    call = found[0]["content"]["parts"][0]["functionCall"]
    response = found[1]["content"]["parts"][0]["functionResponse"]
    assert call == {"id": "call_1", "name": "add_text", "args": {"text": "Hi"}}
    assert response == {"id": "call_1", "name": "add_text", "response": {"ok": True}}
    assert found[2]["actions"]["stateDelta"]["version"] == 1
    assert [e["partial"] for e in found[3:6]] == [True, True, False]
    assert found[5]["content"]["parts"][0]["text"] == "Added a title."


def test_heartbeats_flow_while_a_step_takes_long(scripted: RunningEngine) -> None:
    with client_for(scripted) as api:
        sid = new_session(api)
        with api.stream("POST", paths.RUN_SSE, json=chat_body(sid, "pause")) as r:
            found, pings = sse_events(r)
    assert pings >= 3
    assert found[-1]["turnComplete"] is True


def test_credits_are_charged_and_refused_when_short(scripted: RunningEngine) -> None:
    with client_for(scripted) as api:
        sid = new_session(api)
        for _ in range(2):
            with api.stream("POST", paths.RUN_SSE, json=chat_body(sid, "costly")) as r:
                sse_events(r)
        assert api.get(paths.CREDITS).json()["data"] == {"available": 2, "frozen": 0, "total": 12, "unlimited": False}
        refused = api.post(paths.RUN_SSE, json=chat_body(sid, "costly"))
        assert_error(refused, 402, 2001, "5 credits", "2 are left")
        assert _version(api, sid) == 2


def test_a_second_turn_on_a_busy_session_is_4009(scripted: RunningEngine, agent: ScriptedAgent) -> None:
    with client_for(scripted) as api:
        sid = new_session(api)
        with api.stream("POST", paths.RUN_SSE, json=chat_body(sid, "slow")) as first:
            lines = first.iter_lines()
            assert next(line for line in lines if line.startswith("data:"))
            busy = api.post(paths.RUN_SSE, json=chat_body(sid, "costly"))
            assert_error(busy, 409, 4009, "another message is being worked on")
            other = new_session(api)
            with api.stream("POST", paths.RUN_SSE, json=chat_body(other, "costly")) as parallel:
                assert parallel.status_code == 200
                sse_events(parallel)


def test_a_disconnect_cancels_the_turn_and_commits_nothing(scripted: RunningEngine, agent: ScriptedAgent) -> None:
    with client_for(scripted) as api:
        sid = new_session(api)
        with api.stream("POST", paths.RUN_SSE, json=chat_body(sid, "slow")) as r:
            for line in r.iter_lines():
                if "stateDelta" in line:
                    break  # the agent has staged a version; now hang up
        assert agent.saw_cancel.wait(10), "the agent never saw the cancellation"
        assert agent.finished.wait(10)
        assert _version(api, sid) == 0
        _wait_until_free(api, sid)
        assert api.get(paths.CREDITS).json()["data"]["frozen"] == 0


def _wait_until_free(api: httpx.Client, sid: str) -> None:
    deadline = time.monotonic() + 10
    while True:
        answer = api.post(paths.RUN_SSE, json=chat_body(sid, "pause"))
        if answer.status_code == 200:
            return
        assert answer.json()["code"] == 4009 and time.monotonic() < deadline
        time.sleep(0.05)


def test_an_agent_failure_is_told_in_words_and_changes_nothing(scripted: RunningEngine) -> None:
    with client_for(scripted) as api:
        sid = new_session(api)
        with api.stream("POST", paths.RUN_SSE, json=chat_body(sid, "boom")) as r:
            found, _ = sse_events(r)
        words = [e["content"]["parts"][0]["text"] for e in found if "content" in e and not e["partial"]]
        assert words[0] == "Let me try"
        assert "could not finish" in words[1] and "Nothing was changed" in words[1] and "Traceback" not in words[1]
        assert found[-1]["turnComplete"] is True
        assert _version(api, sid) == 0
        assert api.get(paths.CREDITS).json()["data"]["available"] == 12


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"app_name": "nemo_agent"}, "session_id"),
        ({"session_id": "SID"}, "new_message"),
        ({"session_id": "SID", "new_message": {"parts": []}}, "new_message.parts"),
        ({"session_id": "SID", "new_message": {"parts": [{"image": "x"}]}}, "new_message.parts[0].text"),
    ],
)
def test_malformed_chat_bodies_name_the_field(api: httpx.Client, sid: str, body: dict[str, object], field: str) -> None:
    if body.get("session_id") == "SID":
        body = {**body, "session_id": sid}
    assert_error(api.post(paths.RUN_SSE, json=body), 422, 4000, field)


def test_undo_and_redo_walk_the_history(api: httpx.Client, sid: str) -> None:
    def say(text: str) -> None:
        with api.stream("POST", paths.RUN_SSE, json=chat_body(sid, text)) as r:
            sse_events(r)

    say("add a title 'One' for the first 2 seconds")
    first = api.get(paths.state(sid)).json()["data"]["state"]["draft"]
    say("add a title 'Two' for the first 2 seconds")
    second = api.get(paths.state(sid)).json()["data"]["state"]["draft"]
    say("undo")
    state = api.get(paths.state(sid)).json()["data"]["state"]
    assert state["version"] == 3 and state["draft"] == first
    say("redo")
    state = api.get(paths.state(sid)).json()["data"]["state"]
    assert state["version"] == 4 and state["draft"] == second


def test_turns_run_in_parallel_threads_without_blocking_the_server(scripted: RunningEngine) -> None:
    with client_for(scripted) as api:
        sid = new_session(api)
        started = threading.Event()

        def chat() -> None:
            with api.stream("POST", paths.RUN_SSE, json=chat_body(sid, "pause")) as r:
                started.set()
                sse_events(r)

        worker = threading.Thread(target=chat)
        worker.start()
        assert started.wait(5)
        began = time.monotonic()
        assert api.get(paths.CREDITS).status_code == 200
        assert time.monotonic() - began < 0.4
        worker.join(10)
