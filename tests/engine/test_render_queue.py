"""The render queue: slots rendering at once, owners served in turn, and a cap on the exports one token keeps waiting.

Renders are real (ffmpeg, short text-only drafts at low quality). Where a render must still be running while the test
acts, it is ten minutes long and the engine's stop cancels it: nothing waits for it to end.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from nemo_notebook.engine import EngineSettings
from nemo_notebook.engine.jobs import FairLine, LineFull, RenderQueue, default_slots
from nemo_notebook.engine.jobs.queue import threads_per_render
from nemo_notebook.engine.render import build_graph, canvas_for
from nemo_notebook.engine.render import ffmpeg_command as render_command
from nemo_notebook.engine.render.presets import quality_for
from nemo_notebook.engine.store import JobRecord, Store
from nemo_notebook.protocol import Draft, RenderState, Segment, Track, TrackType, paths

from .conftest import assert_error, client_for, new_session, running_engine

LONG_MS = 600_000  # a render that cannot end while a test looks at it; the engine's stop cancels it


def title_draft(duration_ms: int, text: str = "Hi") -> Draft:
    title = Track(TrackType.TEXT, (Segment(0, duration_ms, meta={"text": text, "role": "title"}),))
    return Draft((title,), duration_ms, {"aspect": "1:1", "fps": 12})


def export_body(sid: str, render_id: str, duration_ms: int) -> dict[str, Any]:
    draft = title_draft(duration_ms).to_wire()
    return {"id": render_id, "sessionId": sid, "draft": draft, "output": {"format": "mp4", "quality": "low"}}


def wait_for(api: httpx.Client, render_id: str, *statuses: str, timeout_s: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        data: dict[str, Any] = api.get(paths.render_job(render_id)).json()["data"]
        if data["status"] in statuses:
            return data
        time.sleep(0.05)
    raise AssertionError(f"render {render_id} never became {statuses}: {data}")


def test_owners_are_served_in_turn_each_in_the_order_they_asked() -> None:
    line = FairLine(max_waiting=None)
    for owner, job in [("ann", "a1"), ("ann", "a2"), ("ann", "a3"), ("bob", "b1"), ("cy", "c1"), ("bob", "b2")]:
        line.put(owner, job)
    assert [line.take() for _ in range(6)] == ["a1", "b1", "c1", "a2", "b2", "a3"]
    line.close()
    assert line.take() is None


def test_an_owner_at_the_cap_is_refused_and_others_are_not() -> None:
    line = FairLine(max_waiting=2)
    line.put("ann", "a1")
    line.put("ann", "a2")
    with pytest.raises(LineFull, match="2 exports waiting") as refused:
        line.put("ann", "a3")
    assert "then export again" in str(refused.value)
    line.put("bob", "b1")
    assert line.take() == "a1"
    line.put("ann", "a3")  # one of ann's started: there is room again


def test_slots_default_to_one_per_four_cores_and_share_the_cores() -> None:
    assert [default_slots(n) for n in (1, 2, 4, 7, 8, 32)] == [1, 1, 1, 1, 2, 8]
    assert threads_per_render(1, cores=8) is None  # one render has the machine
    assert threads_per_render(2, cores=8) == 4 and threads_per_render(3, cores=16) == 5
    assert threads_per_render(2, cores=2) == 2  # never one: ffmpeg would run its stages in turn


def test_each_ffmpeg_gets_its_share_of_threads(tmp_path: Path) -> None:
    draft = title_draft(1000)
    canvas = canvas_for(draft)
    graph = build_graph(draft, {}, canvas)
    cmd = render_command(graph, tmp_path / "g.txt", canvas, quality_for("low"), tmp_path / "o.mp4", threads=3)
    assert cmd[cmd.index("-filter_complex_threads") + 1] == "3"
    assert cmd[cmd.index("-threads") + 1] == "3" and cmd.index("-threads") < len(cmd) - 1


def test_a_render_on_many_cores_leaves_threads_to_ffmpeg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    draft = title_draft(1000)
    canvas = canvas_for(draft)
    unlimited = render_command(
        build_graph(draft, {}, canvas), tmp_path / "g.txt", canvas, quality_for("low"), tmp_path / "o.mp4"
    )
    assert "-threads" not in unlimited and "-filter_complex_threads" not in unlimited


@pytest.mark.parametrize("threads", [None, 2])
def test_two_cores_run_the_filters_on_one_thread_and_x264_on_two(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threads: int | None
) -> None:
    """On two cores (the machine's, or a share of two) slicing each filter across both and a third x264 thread only
    added hand-offs: the benchmark's render took 1-6 % less CPU without them (``run.thread_args``)."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    draft = title_draft(1000)
    canvas = canvas_for(draft)
    graph = build_graph(draft, {}, canvas)
    cmd = render_command(graph, tmp_path / "g.txt", canvas, quality_for("low"), tmp_path / "o.mp4", threads=threads)
    assert "-filter_complex_threads" in cmd, "the filter graph is sliced across both cores (ffmpeg's default)"
    assert cmd[cmd.index("-filter_complex_threads") + 1] == "1", "the filter graph is sliced across both cores"
    assert "-threads" in cmd, "x264 takes its own default of three threads on two cores"
    assert cmd[cmd.index("-threads") + 1] == "2" and cmd.index("-threads") > cmd.index("-filter_complex_threads")


def _job(job_id: str, owner: str, draft: Draft) -> JobRecord:
    now = time.time()
    return JobRecord(job_id, "s1", owner, RenderState.QUEUED, 0.0, "low", draft.to_wire(), None, None, None, now, now)


def test_one_slot_renders_owners_in_turn(tmp_path: Path) -> None:
    settings = EngineSettings(home=tmp_path / "home", render_slots=1, max_waiting_renders=None)
    settings.make_dirs()
    store = Store(settings.db_path)
    renders = RenderQueue(store, settings)
    order = [("ann", "a1"), ("ann", "a2"), ("ann", "a3"), ("bob", "b1"), ("bob", "b2")]
    try:
        for owner, job_id in order:  # all wait before the slot starts: the order is the line's alone
            renders.submit(_job(job_id, owner, title_draft(500, job_id)))
        renders.start()
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            jobs = [store.job(owner, job_id) for owner, job_id in order]
            if all(j is not None and j.status in (RenderState.COMPLETED, RenderState.FAILED) for j in jobs):
                break
            time.sleep(0.05)
    finally:
        renders.stop()
    finished = sorted((j for j in jobs if j is not None), key=lambda j: j.updated_at)
    assert [j.status for j in finished] == [RenderState.COMPLETED] * 5, [j.error for j in finished]
    assert [j.id for j in finished] == ["a1", "b1", "a2", "b2", "a3"]
    assert all(renders.output_path(j.owner, j.id).stat().st_size == j.size for j in finished)
    store.close()


def test_two_slots_render_two_exports_at_once(tmp_path: Path) -> None:
    with running_engine(tmp_path / "home", render_slots=2) as engine, client_for(engine) as api:
        sid = new_session(api)
        for render_id in ("long_1", "long_2", "long_3"):
            assert api.post(paths.RENDER, json=export_body(sid, render_id, LONG_MS)).status_code == 200
        wait_for(api, "long_1", "rendering")
        wait_for(api, "long_2", "rendering")
        assert api.get(paths.render_job("long_3")).json()["data"]["status"] == "queued"


def test_a_token_with_too_many_exports_waiting_is_told_to_wait(tmp_path: Path) -> None:
    settings: dict[str, Any] = {"render_slots": 1, "max_waiting_renders": 2, "credit_quota": 100}
    with running_engine(tmp_path / "home", **settings) as engine, client_for(engine) as api:
        sid = new_session(api)
        assert api.post(paths.RENDER, json=export_body(sid, "busy", LONG_MS)).status_code == 200
        wait_for(api, "busy", "rendering")  # the slot is taken for the rest of the test
        for render_id in ("wait_1", "wait_2"):
            assert api.post(paths.RENDER, json=export_body(sid, render_id, 500)).json()["data"]["status"] == "queued"
        balance = api.get(paths.CREDITS).json()["data"]
        refused = api.post(paths.RENDER, json=export_body(sid, "wait_3", 500))
        assert_error(refused, 429, 429, "2 exports waiting", "export again")
        assert int(refused.headers["Retry-After"]) >= 1
        assert api.get(paths.CREDITS).json()["data"] == balance  # a refused export costs nothing
        assert_error(api.get(paths.render_job("wait_3")), 404, 4004)
        other = _stranger(engine)
        with client_for(engine, other) as stranger:  # another token still gets in, and is served next
            sid_b = new_session(stranger)
            assert stranger.post(paths.RENDER, json=export_body(sid_b, "theirs", 500)).status_code == 200


def _stranger(engine: Any) -> str:
    answer = httpx.post(engine.url + paths.ANONYMOUS_TOKEN, headers={paths.HEADER_CLIENT_ID: "queue-test-client-1"})
    token: str = answer.json()["data"]["token"]
    return token


def test_settings_default_to_no_cluster_and_a_cap(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NEMO_DASK_SCHEDULER", raising=False)
    settings = EngineSettings(home=tmp_path)
    assert settings.dask is None and settings.max_waiting_renders == 8 and settings.render_slots is None
    monkeypatch.setenv("NEMO_DASK_SCHEDULER", "tcp://127.0.0.1:1")
    assert replace(EngineSettings(home=tmp_path)).dask == "tcp://127.0.0.1:1"


def test_an_engine_without_a_cluster_never_loads_dask(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from nemo_notebook.engine import start_in_background\n"
        f"with start_in_background(home={str(tmp_path / 'home')!r}):\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "NEMO_DASK_SCHEDULER"}
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env, timeout=120
    )
    assert out.stdout.strip() == "[]"
