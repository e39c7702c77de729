"""Render ids are their owner's (issue 24): the same id from two owners is two renders, another owner's id answers as
one that does not exist, and both owners' renders survive a restart, and the upgrade of an older home."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from nemo_notebook.engine import RunningEngine
from nemo_notebook.protocol import paths

from .conftest import client_for, new_session, running_engine
from .test_render_queue import LONG_MS, export_body, wait_for

SAME_ID = "render_1700000000000"


def anonymous_token(engine: RunningEngine, client_id: str = "render-ids-client-b") -> str:
    answer = httpx.post(engine.url + paths.ANONYMOUS_TOKEN, headers={paths.HEADER_CLIENT_ID: client_id})
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["data"]["token"]
    return token


@contextmanager
def two_owners(engine: RunningEngine, bob_token: str | None = None) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    """The engine's own token (owner ``local``) and an anonymous token (another owner)."""
    with client_for(engine) as ann, client_for(engine, bob_token or anonymous_token(engine)) as bob:
        yield ann, bob


def _export(api: httpx.Client, render_id: str, duration_ms: int) -> str:
    sid = new_session(api)
    answer = api.post(paths.RENDER, json=export_body(sid, render_id, duration_ms))
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"] == {"id": render_id, "status": "queued"}
    return sid


def _finished(api: httpx.Client, render_id: str) -> tuple[dict[str, Any], bytes]:
    job = wait_for(api, render_id, "completed", "failed")
    assert job["status"] == "completed", job
    video = api.get(paths.render_output(render_id))
    assert video.status_code == 200
    return job, video.content


def test_one_id_used_by_two_owners_is_two_renders_each_its_owners(tmp_path: Path) -> None:
    with running_engine(tmp_path / "home") as engine, two_owners(engine) as (ann, bob):
        _export(ann, SAME_ID, 500)
        _export(bob, SAME_ID, 1500)  # was 409 "taken": bob could not use an id ann had claimed
        ann_job, ann_video = _finished(ann, SAME_ID)
        bob_job, bob_video = _finished(bob, SAME_ID)
        assert ann_job["output"]["duration_ms"] < 1000 < bob_job["output"]["duration_ms"]
        assert ann_job["output"]["size"] == len(ann_video) and bob_job["output"]["size"] == len(bob_video)
        assert ann_video != bob_video
        assert ann_job["output"]["url"] == bob_job["output"]["url"]  # ids on the wire are as API.md has them
        assert len(list((engine.settings.home / "renders").iterdir())) == 2


def _answer(api: httpx.Client, method: str, path: str) -> tuple[int, dict[str, Any]]:
    answer = api.request(method, path)
    return answer.status_code, answer.json()


def test_another_owners_render_id_is_answered_as_one_that_does_not_exist(tmp_path: Path) -> None:
    render_id, unknown = "render_1700000000001", "render_1700000000999"
    with running_engine(tmp_path / "home", render_slots=1) as engine, two_owners(engine) as (ann, bob):
        _export(ann, render_id, LONG_MS)
        wait_for(ann, render_id, "rendering")
        for method, path in [
            ("GET", paths.render_job(render_id)),
            ("DELETE", paths.render_job(render_id)),
            ("GET", paths.render_output(render_id)),
        ]:
            status, body = _answer(bob, method, path)
            status_unknown, body_unknown = _answer(bob, method, path.replace(render_id, unknown))
            assert status == status_unknown == 404
            assert body == {**body_unknown, "message": body_unknown["message"].replace(unknown, render_id)}
        assert ann.get(paths.render_job(render_id)).json()["data"]["status"] == "rendering"  # not cancelled by bob
        sid = new_session(bob)
        claimed = bob.post(paths.RENDER, json=export_body(sid, render_id, 500))
        assert claimed.status_code == 200, claimed.text  # no 409 telling bob that ann has this id
        assert ann.get(paths.render_job(render_id)).json()["data"]["status"] == "rendering"
        assert bob.delete(paths.render_job(render_id)).json()["data"]["cancelled"] is True
        assert ann.get(paths.render_job(render_id)).json()["data"]["status"] == "rendering"


def test_an_owners_own_id_sent_for_another_session_is_409(tmp_path: Path) -> None:
    render_id = "render_1700000000002"
    with running_engine(tmp_path / "home", render_slots=1) as engine, two_owners(engine) as (ann, bob):
        sid = _export(ann, render_id, LONG_MS)
        assert ann.post(paths.RENDER, json=export_body(sid, render_id, LONG_MS)).json()["data"]["id"] == render_id
        again = ann.post(paths.RENDER, json=export_body(new_session(ann), render_id, 500))
        assert again.status_code == 409 and render_id in again.json()["message"]
        assert bob.post(paths.RENDER, json=export_body(new_session(bob), render_id, 500)).status_code == 200


def test_both_owners_renders_survive_a_restart_and_the_upgrade_of_an_older_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with running_engine(home) as engine:
        bob_token = anonymous_token(engine)
        with two_owners(engine, bob_token) as (ann, bob):
            _export(ann, SAME_ID, 500)
            _export(bob, SAME_ID, 1500)
            ann_video, bob_video = _kept(ann, SAME_ID), _kept(bob, SAME_ID)
    with running_engine(home) as engine, two_owners(engine, bob_token) as (ann, bob):
        assert _kept(ann, SAME_ID) == ann_video and _kept(bob, SAME_ID) == bob_video
    _as_an_older_engine_left_it(home)
    with running_engine(home) as engine, two_owners(engine, bob_token) as (ann, bob):
        assert _kept(ann, SAME_ID) == ann_video and _kept(bob, "render_old") == bob_video
        assert bob.get(paths.render_job(SAME_ID)).status_code == 404


def _kept(api: httpx.Client, render_id: str) -> tuple[int, int, bytes]:
    job, video = _finished(api, render_id)
    return job["output"]["size"], job["output"]["duration_ms"], video


def _as_an_older_engine_left_it(home: Path) -> None:
    """The jobs table keyed by id alone and every render named ``<id>.mp4``: bob's render (which an older engine
    could not have had under ann's id) is ``render_old``."""
    with sqlite3.connect(home / "engine.sqlite3") as db:
        db.execute("UPDATE jobs SET id = 'render_old' WHERE owner != 'local'")
        db.execute("ALTER TABLE jobs RENAME TO jobs_new")
        db.execute(
            "CREATE TABLE jobs (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, owner TEXT NOT NULL, status TEXT NOT "
            "NULL, progress REAL NOT NULL, quality TEXT NOT NULL, draft TEXT NOT NULL, size INTEGER, duration_ms "
            "INTEGER, error TEXT, created_at REAL NOT NULL, updated_at REAL NOT NULL)"
        )
        db.execute("INSERT INTO jobs SELECT * FROM jobs_new")
        db.execute("DROP TABLE jobs_new")
    [bob_file] = [p for p in (home / "renders").iterdir() if "+" in p.name]
    bob_file.rename(home / "renders" / "render_old.mp4")
