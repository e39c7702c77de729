"""Issue 24, fair rendering: a render past the time limit stops saying so, and one owner's long export keeps another
owner's short one waiting a turn at most (the long one is paused, then goes on). Renders are real ffmpeg runs of
text-only drafts at low quality; every wait is bounded."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from nemo_notebook.engine.jobs import CancelFlag, FairLine
from nemo_notebook.engine.jobs.turns import Turn, overdue, running, yielding
from nemo_notebook.protocol import paths

from .conftest import client_for, new_session, running_engine
from .test_render_queue import LONG_MS, _stranger, export_body, wait_for

pytestmark = pytest.mark.timeout(240)


def test_a_render_past_the_time_limit_stops_and_says_so(tmp_path: Path) -> None:
    with running_engine(tmp_path / "home", max_render_s=1.0) as engine, client_for(engine) as api:
        sid = new_session(api)
        assert api.post(paths.RENDER, json=export_body(sid, "endless", LONG_MS)).status_code == 200
        job = wait_for(api, "endless", "failed", "completed", timeout_s=90)
        assert job["status"] == "failed"
        assert "rendering stopped after 1 s" in job["error"] and "export a shorter video" in job["error"]
        assert not list((engine.settings.home / "renders").iterdir())  # nothing half-written is left


def test_a_long_export_keeps_another_owners_short_one_waiting_one_turn_at_most(tmp_path: Path) -> None:
    """One slot: ann's ten-minute export is paused after its one-second turn, bob's half-second export renders,
    then ann's goes on from where it was."""
    settings = {"render_slots": 1, "render_turn_s": 1.0}
    with running_engine(tmp_path / "home", **settings) as engine, client_for(engine) as ann:
        sid = new_session(ann)
        assert ann.post(paths.RENDER, json=export_body(sid, "long", LONG_MS)).status_code == 200
        wait_for(ann, "long", "rendering")
        with client_for(engine, _stranger(engine)) as bob:
            bob_sid = new_session(bob)
            assert bob.post(paths.RENDER, json=export_body(bob_sid, "short", 500)).status_code == 200
            short = wait_for(bob, "short", "completed", "failed", timeout_s=90)  # was: after ann's ten minutes
        assert short["status"] == "completed", short
        paused = _progress(ann, "long")
        assert ann.get(paths.render_job("long")).json()["data"]["status"] == "rendering"
        _wait_until(lambda: _progress(ann, "long") > paused, what="ann's render to go on after bob's")


def _progress(api: httpx.Client, render_id: str) -> float:
    return float(api.get(paths.render_job(render_id)).json()["data"]["progress"])


def _wait_until(check: object, *, what: str, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError(f"waited {timeout_s} s for {what}")


def test_the_render_that_gives_way_is_the_one_that_has_rendered_longest_for_another_owner() -> None:
    renders = {
        ("ann", "a"): Turn("ann", CancelFlag(), started_s=0.0),
        ("bob", "b"): Turn("bob", CancelFlag(), started_s=30.0),
        ("cy", "c"): Turn("cy", CancelFlag(), started_s=0.0, movable=False),  # on a cluster: cannot pause
    }
    assert yielding(renders, waiting=set(), now_s=100.0, turn_s=60.0) is None
    assert yielding(renders, waiting={"dan"}, now_s=50.0, turn_s=60.0) is None  # nobody has had a whole turn
    assert yielding(renders, waiting={"dan"}, now_s=100.0, turn_s=60.0) == ("ann", "a")
    assert yielding(renders, waiting={"ann"}, now_s=100.0, turn_s=60.0) == ("bob", "b")
    renders["ann", "a"].hold(100.0)
    assert running(renders) == 2 and renders["ann", "a"].rendered_s(500.0) == 100.0  # paused time is not counted
    assert overdue(renders, now_s=150.0, limit_s=110.0) == [("bob", "b"), ("cy", "c")]
    renders["ann", "a"].resume(200.0)
    assert renders["ann", "a"].rendered_s(211.0) == 111.0
    assert overdue(renders, now_s=150.0, limit_s=None) == []


def test_a_paused_render_goes_on_before_its_owners_later_exports() -> None:
    line: FairLine[str] = FairLine(max_waiting=None)
    line.put("ann", "a2")
    line.put("bob", "b1")
    line.put("ann", "a1", enforce=False, first=True)
    assert line.owners() == {"ann", "bob"}
    assert [line.poll() for _ in range(4)] == ["a1", "b1", "a2", None]


def test_serve_takes_the_time_limit_and_the_turn_from_its_flags(tmp_path: Path) -> None:
    from nemo_notebook.cli import _parser, _settings

    plain = _settings(_parser().parse_args(["serve", "--home", str(tmp_path)]))
    assert (plain.max_render_s, plain.render_turn_s) == (7200.0, 60.0)
    flags = ["serve", "--home", str(tmp_path), "--max-render-minutes", "30", "--render-turn-s", "20"]
    chosen = _settings(_parser().parse_args(flags))
    assert (chosen.max_render_s, chosen.render_turn_s) == (1800.0, 20.0)
