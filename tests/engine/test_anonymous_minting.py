"""Minting anonymous tokens (issue 24): limited per client address, client ids of a sensible form only, and an
expired client id never reopens the sessions its old token made."""

from __future__ import annotations

import sqlite3
import time
import uuid
from pathlib import Path

import httpx
import pytest

from nemo_notebook.engine import RunningEngine
from nemo_notebook.protocol import paths

from .conftest import assert_error, client_for, new_session, running_engine


def mint(engine: RunningEngine, client_id: str | None) -> httpx.Response:
    headers = {} if client_id is None else {paths.HEADER_CLIENT_ID: client_id}
    return httpx.post(engine.url + paths.ANONYMOUS_TOKEN, headers=headers, timeout=10)


def test_minting_is_limited_per_client_address(tmp_path: Path) -> None:
    with running_engine(tmp_path / "home", anonymous_tokens_per_minute=3) as engine:
        for _ in range(3):
            assert mint(engine, str(uuid.uuid4())).status_code == 200
        refused = mint(engine, str(uuid.uuid4()))
        assert_error(refused, 429, 429, "this address", "3 a minute", "try again in")
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert_error(mint(engine, "a"), 429, 429)  # every try counts, malformed ones too: no enumerating around it
        with client_for(engine) as api:  # the engine's own token is not affected
            assert api.get(paths.CREDITS).status_code == 200


def test_the_default_limit_is_ten_a_minute(engine: RunningEngine) -> None:
    answers = [mint(engine, str(uuid.uuid4())).status_code for _ in range(11)]
    assert answers == [200] * 10 + [429]


@pytest.mark.parametrize(
    "client_id", ["a", "short-id-15char", "x" * 129, "has space in it 123", "dots.are.not.ok.here"]
)
def test_a_client_id_of_another_form_is_refused_saying_the_form(engine: RunningEngine, client_id: str) -> None:
    assert_error(mint(engine, client_id), 400, 400, "X-Client-Id", "16 to 128", "letters, digits", "UUID4")


@pytest.mark.parametrize("client_id", [str(uuid.uuid4()), "a" * 16, "Client_ID-" + "9" * 118])
def test_a_client_id_of_the_form_is_accepted(engine: RunningEngine, client_id: str) -> None:
    assert mint(engine, client_id).status_code == 200


def test_an_expired_client_id_never_reopens_its_old_sessions(tmp_path: Path) -> None:
    # a token lives 3 s: long enough that a busy machine still makes the first session with it before it expires
    with running_engine(tmp_path / "home", anonymous_token_ttl_s=3.0) as engine:
        client_id = str(uuid.uuid4())
        with client_for(engine, mint(engine, client_id).json()["data"]["token"]) as first:
            old_sid = new_session(first)
        time.sleep(3.2)
        renewed = mint(engine, client_id)
        assert renewed.status_code == 200
        with client_for(engine, renewed.json()["data"]["token"]) as second:
            assert_error(second.get(paths.state(old_sid)), 404, 1002)
            assert second.get(paths.state(new_session(second))).status_code == 200
    with sqlite3.connect(engine.settings.db_path) as db:
        owners = {row[0] for row in db.execute("SELECT owner FROM tokens")}
        old_owner = db.execute("SELECT owner FROM sessions WHERE id = ?", (old_sid,)).fetchone()[0]
    assert len(owners) == 2 and old_owner in owners  # two owners; the old one's only token has expired
