"""The server's `AgentContext`: staged versions, undo and redo, generated files, credits."""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nemo_notebook.engine.credits import CreditBook
from nemo_notebook.engine.errors import TurnCancelled, UnknownMedia
from nemo_notebook.engine.settings import EngineSettings
from nemo_notebook.engine.store import SessionRecord, Store
from nemo_notebook.engine.turn import SessionContext
from nemo_notebook.protocol import Draft, Segment, Track, TrackType
from tests.conftest import shared_media

World = tuple[Store, EngineSettings, SessionRecord, CreditBook]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    settings = EngineSettings(home=tmp_path / "home", credit_quota=10)
    settings.make_dirs()
    store = Store(settings.db_path)
    session = SessionRecord("ses_1", "task_1", "bind_1", "local", "project", "en", time.time())
    store.add_session(session, Draft.empty().to_wire())
    yield store, settings, session, CreditBook(store, settings.credit_quota)
    store.close()


def _ctx(world: World) -> SessionContext:
    store, settings, session, credits = world
    return SessionContext(store=store, settings=settings, session=session, owner="local", credits=credits)


def _titled(text: str) -> Draft:
    return Draft.empty().with_tracks([Track(TrackType.TEXT, (Segment(0, 1000, meta={"text": text}),))])


def test_a_turn_writes_its_versions_and_charge_only_when_finished(world: World) -> None:
    store, *_ = world
    ctx = _ctx(world)
    assert ctx.commit(_titled("A"), note="a") == 1 and ctx.commit(_titled("B"), note="b") == 2
    assert store.history("ses_1").version == 0 and ctx.draft() == _titled("B")
    ctx.finish(charge=3)
    assert store.history("ses_1").version == 2 and _ctx(world).draft() == _titled("B")
    assert _ctx(world).credits_available() == 7


def test_a_cancelled_turn_commits_nothing(world: World) -> None:
    store, *_ = world
    ctx = _ctx(world)
    ctx.commit(_titled("A"), note="a")
    ctx.cancel()
    with pytest.raises(TurnCancelled):
        ctx.commit(_titled("B"), note="b")
    with pytest.raises(TurnCancelled):
        ctx.finish(charge=1)
    assert store.history("ses_1").version == 0 and store.spent("local") == 0


def test_undo_makes_a_new_version_and_a_new_edit_clears_redo(world: World) -> None:
    ctx = _ctx(world)
    ctx.commit(_titled("A"), note="a")
    ctx.commit(_titled("B"), note="b")
    assert ctx.undo() == _titled("A") and ctx.version() == 3
    assert ctx.undo() == Draft.empty() and ctx.version() == 4
    assert ctx.undo() is None
    assert ctx.redo() == _titled("A") and ctx.version() == 5
    ctx.commit(_titled("C"), note="c")
    assert ctx.redo() is None
    assert ctx.undo() == _titled("A")
    ctx.finish(charge=0)
    again = _ctx(world)
    assert again.version() == 7 and again.draft() == _titled("A") and again.redo() == _titled("C")


def test_generated_files_are_probed_and_kept(world: World) -> None:
    settings = world[1]
    ctx = _ctx(world)
    target = ctx.new_file(".ogg")
    assert target.parent == settings.home / "tmp" and target.suffix == ".ogg"  # emptied on start if left half-made
    shutil.copy(shared_media("choice-drum-bass.ogg"), target)
    info = ctx.add_generated(target, "Upbeat score")
    assert info.kind.value == "audio" and info.name == "Upbeat score"
    assert [m.id for m in ctx.generated()] == [info.id] and ctx.media() == []
    assert ctx.media_path(info.id).is_file() and not target.exists()
    with pytest.raises(UnknownMedia):
        ctx.media_path("med_nothing")


def test_the_store_runs_in_wal_mode(world: World) -> None:
    _, settings, *_ = world
    with sqlite3.connect(settings.db_path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
