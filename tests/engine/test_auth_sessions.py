"""Tokens, sessions, credits, state and the envelope's error rows, over HTTP."""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from nemo_notebook.engine import RunningEngine
from nemo_notebook.protocol import paths

from .conftest import assert_error, chat_body, client_for, new_session, running_engine

ENDPOINTS: list[tuple[str, Callable[[str], str], dict[str, Any]]] = [
    ("POST", lambda sid: paths.CREATE_SESSION, {"json": {"task_name": "p", "language": "en"}}),
    ("POST", lambda sid: paths.RUN_SSE, {"json": chat_body("x", "hello")}),
    ("POST", lambda sid: paths.upload(sid), {"files": [("files", ("a.mp3", b"x"))]}),
    ("GET", lambda sid: paths.CREDITS, {}),
    ("GET", lambda sid: paths.state(sid), {}),
    ("GET", lambda sid: paths.media_file(sid, "med_x"), {}),
    ("POST", lambda sid: paths.RENDER, {"json": {}}),
    ("GET", lambda sid: paths.render_job("render_1"), {}),
    ("GET", lambda sid: paths.render_output("render_1"), {}),
]


@pytest.mark.parametrize("auth", [None, "Bearer wrong-token", "Basic abc", "Bearer"])
def test_every_endpoint_refuses_missing_or_wrong_tokens(engine: RunningEngine, sid: str, auth: str | None) -> None:
    headers = {} if auth is None else {"Authorization": auth}
    with httpx.Client(base_url=engine.url, headers=headers) as anonymous:
        for method, path, kwargs in ENDPOINTS:
            answer = anonymous.request(method, path(sid), **kwargs)
            assert_error(answer, 401, 1001)


def test_anonymous_token_needs_a_client_id(engine: RunningEngine) -> None:
    answer = httpx.post(engine.url + paths.ANONYMOUS_TOKEN)
    assert_error(answer, 400, 400, "X-Client-Id")


def test_anonymous_token_works_and_is_one_per_client_id(engine: RunningEngine) -> None:
    client_id = str(uuid.uuid4())
    first = httpx.post(engine.url + paths.ANONYMOUS_TOKEN, headers={paths.HEADER_CLIENT_ID: client_id})
    assert first.status_code == 200
    data = first.json()["data"]
    assert data["token"] and data["credits"] > 0 and data["expires_at"].endswith("Z")
    with client_for(engine, data["token"]) as anon:
        assert anon.get(paths.CREDITS).json()["code"] == 0
        assert new_session(anon).startswith("ses_")
    again = httpx.post(engine.url + paths.ANONYMOUS_TOKEN, headers={paths.HEADER_CLIENT_ID: client_id})
    assert_error(again, 429, 429)
    assert 6 * 24 * 3600 < int(again.headers["Retry-After"]) <= 7 * 24 * 3600
    other = httpx.post(engine.url + paths.ANONYMOUS_TOKEN, headers={paths.HEADER_CLIENT_ID: str(uuid.uuid4())})
    assert other.status_code == 200


def test_anonymous_token_expires(tmp_path: Path) -> None:
    ttl_s = 2.0
    with running_engine(tmp_path / "home", anonymous_token_ttl_s=ttl_s) as engine:
        client_id = str(uuid.uuid4())
        minted_at = time.monotonic()
        token = httpx.post(engine.url + paths.ANONYMOUS_TOKEN, headers={paths.HEADER_CLIENT_ID: client_id})
        answered_at = time.monotonic()  # the token was made before this, so it has expired by answered_at + ttl_s
        with client_for(engine, token.json()["data"]["token"]) as anon:
            answer = anon.get(paths.CREDITS)
            # on a loaded machine the first call may come after the token's life: then only expiry is checked
            if time.monotonic() - minted_at < ttl_s / 2:
                assert answer.status_code == 200
            time.sleep(max(0.0, answered_at + ttl_s + 0.1 - time.monotonic()))
            assert_error(anon.get(paths.CREDITS), 401, 1001, "expired")
        renewed = httpx.post(engine.url + paths.ANONYMOUS_TOKEN, headers={paths.HEADER_CLIENT_ID: client_id})
        assert renewed.status_code == 200


def test_tokens_are_stored_only_as_hashes_and_never_in_reprs(engine: RunningEngine) -> None:
    answer = httpx.post(engine.url + paths.ANONYMOUS_TOKEN, headers={paths.HEADER_CLIENT_ID: str(uuid.uuid4())})
    token = answer.json()["data"]["token"]
    assert engine.token not in repr(engine) and engine.token not in str(engine)
    with sqlite3.connect(engine.settings.home / "engine.sqlite3") as db:
        dump = "\n".join(db.iterdump())
    assert token not in dump and engine.token not in dump


def test_a_given_token_is_accepted(tmp_path: Path) -> None:
    with running_engine(tmp_path / "home", token="team-secret-token") as engine:
        assert engine.token == "team-secret-token"
        with client_for(engine) as api:
            assert api.get(paths.CREDITS).json()["code"] == 0


def test_session_has_ids_and_an_empty_state(api: httpx.Client) -> None:
    data = api.post(paths.CREATE_SESSION, json={"task_name": "project", "language": "zh"}).json()["data"]
    assert {"task_id", "session_id", "bind_id"} <= set(data)
    state = api.get(paths.state(data["session_id"])).json()["data"]
    assert state["bind_id"] == data["bind_id"]
    assert state["state"]["version"] == 0
    assert state["state"]["draft"]["t"] == []
    assert state["state"]["video_infos"] == [] and state["state"]["generated_media"] == []


def test_unknown_session_is_1002_on_every_endpoint_that_takes_one(api: httpx.Client) -> None:
    ghost = "ses_doesnotexist"
    assert_error(api.get(paths.state(ghost)), 404, 1002, "start a new session")
    assert_error(api.post(paths.upload(ghost), files=[("files", ("a.mp3", b"x"))]), 404, 1002)
    assert_error(api.post(paths.upload(ghost), json={"urls": ["https://example.com/a.mp3"]}), 404, 1002)
    assert_error(api.post(paths.RUN_SSE, json=chat_body(ghost, "hi")), 404, 1002)
    assert_error(api.get(paths.media_file(ghost, "med_1")), 404, 1002)
    draft = {"t": [{"tt": 7, "sg": [{"s": 0, "d": 1000, "m": {"text": "x"}}]}], "d": 1000, "m": {}}
    assert_error(api.post(paths.RENDER, json={"id": "render_1", "sessionId": ghost, "draft": draft}), 404, 1002)


def test_another_owners_session_is_not_found(engine: RunningEngine, api: httpx.Client, sid: str) -> None:
    token = httpx.post(engine.url + paths.ANONYMOUS_TOKEN, headers={paths.HEADER_CLIENT_ID: str(uuid.uuid4())})
    with client_for(engine, token.json()["data"]["token"]) as stranger:
        assert_error(stranger.get(paths.state(sid)), 404, 1002)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"{not json", "body"),
        (b"[1, 2]", "body"),
        (b'{"task_name": 5}', "task_name"),
        (b'{"language": ""}', "language"),
    ],
)
def test_malformed_session_bodies_name_the_field(api: httpx.Client, body: bytes, field: str) -> None:
    answer = api.post(paths.CREATE_SESSION, content=body, headers={"Content-Type": "application/json"})
    assert_error(answer, 422, 4000, field)


def test_credits_are_unlimited_by_default(api: httpx.Client) -> None:
    data = api.get(paths.CREDITS).json()["data"]
    assert data["available"] == data["total"] > 0 and data["frozen"] == 0 and data["unlimited"] is True


def test_unknown_paths_and_methods_answer_json(api: httpx.Client) -> None:
    assert_error(api.get("/api/nothing/here"), 404, 4004, "/api/nothing/here")
    answer = api.delete(paths.CREDITS)
    assert answer.status_code == 405 and answer.json()["code"] == 405


def test_cors_is_closed_by_default_and_opens_for_listed_origins(engine: RunningEngine, tmp_path: Path) -> None:
    preflight = {"Origin": "http://evil.example", "Access-Control-Request-Method": "GET"}
    closed = httpx.options(engine.url + paths.CREDITS, headers=preflight)
    assert "access-control-allow-origin" not in closed.headers
    with running_engine(tmp_path / "cors", cors_origins=("http://localhost:8888",)) as open_engine:
        allowed = {"Origin": "http://localhost:8888", "Access-Control-Request-Method": "GET"}
        answer = httpx.options(open_engine.url + paths.CREDITS, headers=allowed)
        assert answer.headers["access-control-allow-origin"] == "http://localhost:8888"
