"""Exports on a real Dask cluster on loopback: ``dask scheduler`` and two single-threaded ``dask worker`` processes.

Drafts are short text-and-media timelines at low quality. Where a worker must be killed while it renders, the test
waits for the task to say it started (the attempts it records on the scheduler) and the render is long enough to be
still running then; a ten-minute render is never waited for: the engine's stop cancels it.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.jobs.cluster import _scatter
from nemo_notebook.engine.jobs.task import PROGRESS_TOPIC, attempts_name
from nemo_notebook.protocol import paths

from .conftest import SKILL_HEADERS, client_for, new_session, running_engine, upload
from .test_render_queue import LONG_MS, export_body, title_draft, wait_for

distributed = pytest.importorskip("distributed")

START_TIMEOUT_S = 120


def _dask(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "distributed.cli.dask_" + args[0], *args[1:]]
    return subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stop(proc: subprocess.Popen[Any]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A scheduler and two worker processes (each under a nanny, which restarts it if it is killed); a test client."""
    folder = tmp_path_factory.mktemp("dask")
    address_file = folder / "scheduler.json"
    scheduler = _dask("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file",
                      str(address_file), cwd=folder)  # fmt: skip
    workers = None
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not address_file.is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(address_file.read_text())["address"]
        workers = _dask("worker", address, "--host", "127.0.0.1", "--nworkers", "2", "--nthreads", "1",
                        "--no-dashboard", "--memory-limit", "0", "--death-timeout", "60", cwd=folder)  # fmt: skip
        with distributed.Client(address, timeout=START_TIMEOUT_S, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=START_TIMEOUT_S)
            yield client
    finally:
        for proc in (workers, scheduler):
            if proc is not None:
                _stop(proc)


def _media(folder: Path) -> tuple[Path, Path]:
    """A 2-second 320×240 clip and a 2-second tone, made here."""
    clip, tone = folder / "clip.mp4", folder / "tone.wav"
    lavfi = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i"]
    subprocess.run([*lavfi, "testsrc2=size=320x240:rate=24:duration=2", "-pix_fmt", "yuv420p", str(clip)], check=True)
    subprocess.run([*lavfi, "sine=frequency=440:duration=2", str(tone)], check=True)
    return clip, tone


def _media_body(sid: str, render_id: str, video_id: str, audio_id: str) -> dict[str, Any]:
    track = {"tt": 0, "sg": [{"s": 0, "d": 1500, "src": video_id, "in": 0, "m": {}}], "m": {}}
    sound = {"tt": 1, "sg": [{"s": 0, "d": 1500, "src": audio_id, "in": 0, "m": {"volume": 0.8}}], "m": {}}
    draft = {"t": [track, sound], "d": 1500, "m": {"aspect": "1:1", "fps": 12}}
    return {"id": render_id, "sessionId": sid, "draft": draft, "output": {"format": "mp4", "quality": "low"}}


@pytest.fixture
def served(cluster: Any, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """``nemo-notebook serve --dask <the cluster>`` on a free loopback port: its URL and token."""
    token = "dask-test-token"
    command = [sys.executable, "-m", "nemo_notebook.cli", "serve", "--port", "0", "--home", str(tmp_path / "home"),
               "--token", token, "--dask", cluster.scheduler.address]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert "serving http://" in first, first + proc.stdout.read()
        yield first.split("serving ", 1)[1].strip(), token
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_serve_dask_renders_three_exports_at_once_on_the_workers(
    cluster: Any, served: tuple[str, str], tmp_path: Path
) -> None:
    url, token = served
    headers = {"Authorization": f"Bearer {token}", **SKILL_HEADERS}
    with httpx.Client(base_url=url, headers=headers, timeout=60) as api:
        sid = new_session(api)
        clip, tone = _media(tmp_path)
        video, audio = upload(api, sid, ("clip.mp4", clip), ("tone.wav", tone)).json()["data"]["media"]
        for n in range(3):
            body = _media_body(sid, f"dask_{n}", video["id"], audio["id"])
            assert api.post(paths.RENDER, json=body).json()["data"]["status"] == "queued"
        jobs = [wait_for(api, f"dask_{n}", "completed", "failed", timeout_s=300) for n in range(3)]
        assert [j["status"] for j in jobs] == ["completed"] * 3, [j["error"] for j in jobs]
        whole = api.get(jobs[0]["output"]["url"])
        part = api.get(jobs[0]["output"]["url"], headers={"Range": "bytes=0-99"})
    assert whole.content[4:8] == b"ftyp" and len(whole.content) == jobs[0]["output"]["size"]
    assert part.status_code == 206 and part.content == whole.content[:100]
    ran = {m["key"].rsplit("-", 1)[0] for _, m in cluster.get_events(PROGRESS_TOPIC) if m["progress"] == 1.0}
    assert {f"nemo-render-dask_{n}" for n in range(3)} <= ran  # every export ran as a task on the cluster
    renders = tmp_path / "home" / "renders"
    assert sorted(p.name for p in renders.iterdir()) == ["dask_0.mp4", "dask_1.mp4", "dask_2.mp4"]  # no .part left


def test_each_export_ships_its_media_under_keys_of_its_own(cluster: Any) -> None:
    """Two exports of the same media must not share a Dask key: one releasing it made the scheduler forget the other's
    (its task then cancelled for a lost dependency, seen as "lost the Dask scheduler" on a three-export run)."""
    content = {"m1": b"clip bytes", "m2": b"tone bytes"}
    first, second = _scatter(cluster, content), _scatter(cluster, content)
    assert set(first) == set(second) == {"m1", "m2"}
    assert not {f.key for f in first.values()} & {f.key for f in second.values()}
    del first
    assert cluster.gather(second) == content


def _started_on(cluster: Any, job_id: str, attempt: int, timeout_s: float = START_TIMEOUT_S) -> str:
    """The worker that started ``job_id``'s task for the ``attempt``-th time, once it says so."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        keys = [k for keys in cluster.processing().values() for k in keys if k.startswith(f"nemo-render-{job_id}-")]
        if keys:
            record = distributed.Variable(attempts_name(keys[0]), client=cluster).get(timeout=30)
            if len(record["workers"]) >= attempt:
                return str(record["workers"][attempt - 1])
        time.sleep(0.02)
    raise AssertionError(f"{job_id} never started attempt {attempt}")


def _kill_worker(cluster: Any, address: str) -> None:
    pid = cluster.run(os.getpid, workers=[address])[address]
    os.kill(pid, signal.SIGKILL)  # its nanny starts a new worker; the scheduler moves the task


def test_a_worker_killed_mid_render_is_retried_once_then_the_export_fails_saying_so(
    cluster: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="nemo_notebook.engine.jobs")
    with running_engine(tmp_path / "home", dask=cluster) as engine, client_for(engine) as api:
        sid = new_session(api)
        retried = {"id": "retried", "sessionId": sid, "draft": title_draft(20_000).to_wire(), "output": {}}
        assert api.post(paths.RENDER, json={**retried, "output": {"quality": "low"}}).status_code == 200
        _kill_worker(cluster, _started_on(cluster, "retried", 1))
        job = wait_for(api, "retried", "completed", "failed", timeout_s=300)
        assert job["status"] == "completed", job["error"]
        assert any("retrying once" in r.getMessage() for r in caplog.records)

        assert api.post(paths.RENDER, json=export_body(sid, "doomed", LONG_MS)).status_code == 200
        _kill_worker(cluster, _started_on(cluster, "doomed", 1))
        _kill_worker(cluster, _started_on(cluster, "doomed", 2))
        job = wait_for(api, "doomed", "completed", "failed", timeout_s=300)
    assert job["status"] == "failed"
    assert "died twice" in job["error"] and "export again" in job["error"]
    cluster.wait_for_workers(2, timeout=START_TIMEOUT_S)  # the nannies bring the workers back for the next test


def test_an_unreachable_scheduler_fails_the_export_at_once_saying_what_to_do(tmp_path: Path) -> None:
    with running_engine(tmp_path / "home", dask="tcp://127.0.0.1:9") as engine, client_for(engine) as api:
        sid = new_session(api)
        assert api.post(paths.RENDER, json=export_body(sid, "nowhere", 500)).status_code == 200
        job = wait_for(api, "nowhere", "completed", "failed")
    assert job["status"] == "failed"
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in job["error"]
    assert "dask scheduler" in job["error"] and "without --dask" in job["error"]


def test_a_cluster_that_goes_away_fails_the_next_export_clearly(tmp_path: Path) -> None:
    address_file = tmp_path / "scheduler.json"
    scheduler = _dask("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file",
                      str(address_file), cwd=tmp_path)  # fmt: skip
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not address_file.is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(address_file.read_text())["address"]
        with running_engine(tmp_path / "home", dask=address) as engine, client_for(engine) as api:
            sid = new_session(api)
            assert api.post(paths.RENDER, json=export_body(sid, "orphan", LONG_MS)).status_code == 200
            wait_for(api, "orphan", "rendering")  # connected; no worker will ever take it
            _stop(scheduler)
            first = wait_for(api, "orphan", "completed", "failed", timeout_s=300)
            assert api.post(paths.RENDER, json=export_body(sid, "after", 500)).status_code == 200
            after = wait_for(api, "after", "completed", "failed", timeout_s=300)
    finally:
        _stop(scheduler)
    assert first["status"] == "failed" and "Dask scheduler" in first["error"], first
    assert after["status"] == "failed" and "cannot reach the Dask scheduler" in after["error"], after


def test_stopping_the_engine_cancels_its_task_on_the_worker(cluster: Any, tmp_path: Path) -> None:
    with running_engine(tmp_path / "home", dask=cluster) as engine, client_for(engine) as api:
        sid = new_session(api)
        assert api.post(paths.RENDER, json=export_body(sid, "stopped", LONG_MS)).status_code == 200
        _started_on(cluster, "stopped", 1)
    deadline = time.monotonic() + START_TIMEOUT_S
    while any(k.startswith("nemo-render-stopped-") for keys in cluster.processing().values() for k in keys):
        assert time.monotonic() < deadline, "the ten-minute task still runs on its worker"
        time.sleep(0.05)


def test_with_a_shared_home_workers_read_the_media_and_write_the_mp4_in_place(cluster: Any, tmp_path: Path) -> None:
    with running_engine(tmp_path / "home", dask=cluster, shared_home=True) as engine, client_for(engine) as api:
        sid = new_session(api)
        clip, tone = _media(tmp_path)
        video, audio = upload(api, sid, ("clip.mp4", clip), ("tone.wav", tone)).json()["data"]["media"]
        assert api.post(paths.RENDER, json=_media_body(sid, "in_place", video["id"], audio["id"])).status_code == 200
        job = wait_for(api, "in_place", "completed", "failed", timeout_s=300)
        assert job["status"] == "completed", job["error"]
        assert api.get(job["output"]["url"]).content[4:8] == b"ftyp"
    assert [p.name for p in (tmp_path / "home" / "renders").iterdir()] == ["in_place.mp4"]
