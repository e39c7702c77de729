"""Crashes: the engine killed with SIGKILL during an upload, a chat stream and a render, then started again on the same
home; a chat stream cut by the network; two clients editing one session at once.

After a restart nothing half-made may remain (no ``*.part``, nothing in ``home/tmp`` or the process's temporary
folder, no file in the media folders that the database does not know), the interrupted render is ``failed``, the
session and its draft are as they were, and the same session exports a valid MP4.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from nemo_notebook.protocol import paths

from . import media
from .harness import (
    CuttingProxy,
    EngineProcess,
    authorised,
    files_under,
    new_session,
    processes_mentioning,
    spawn_engine,
    state_of,
    upload_bytes,
    wait_for_render,
)

pytestmark = pytest.mark.timeout(240)


@dataclass
class Site:
    """A home for the engine, a watched TMPDIR, the logs, and media made for the tests."""

    home: Path
    tmpdir: Path
    logs: Path
    files: dict[str, Path]
    token: str

    def spawn(self) -> EngineProcess:
        return spawn_engine(self.home, self.token, logs=self.logs, env={"TMPDIR": str(self.tmpdir)})


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("crash-media")
    return {"plain": media.h264_aac(folder), "long_tone": media.mp3(folder, seconds=24.0)}


@pytest.fixture
def site(tmp_path: Path, files: dict[str, Path]) -> Site:
    tmpdir = tmp_path / "process-tmp"
    tmpdir.mkdir()
    # a token that starts with "-" every time (a random URL-safe one does one time in 64): serve must take it
    return Site(tmp_path / "home", tmpdir, tmp_path / "logs", files, "-" + secrets.token_urlsafe(24))


@pytest.fixture
def engine_process(site: Site) -> Iterator[EngineProcess]:
    running = site.spawn()
    try:
        yield running
    finally:
        running.stop()


def orphans_of(site: Site, *, wait_s: float = 3.0) -> list[int]:
    """Processes of a killed engine that are still running after ``wait_s`` (they are then killed, by id)."""
    deadline = time.monotonic() + wait_s
    while processes_mentioning(str(site.home)) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = processes_mentioning(str(site.home))
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return left


def restart(site: Site) -> EngineProcess:
    return site.spawn()


def assert_nothing_half_made(site: Site, client: httpx.Client, session_id: str) -> None:
    home_files = files_under(site.home)
    assert [f for f in home_files if ".part" in f] == []
    assert [f for f in home_files if f.startswith("tmp/")] == []
    assert files_under(site.tmpdir) == {}
    state = state_of(client, session_id)
    known = {f"media/{session_id}/{m['id']}.{m['format']}" for m in state["video_infos"] + state["generated_media"]}
    on_disk = {f for f in home_files if f.startswith(f"media/{session_id}/")}
    assert on_disk == known


def _slow_multipart(total_bytes: int, stop: threading.Event) -> Iterator[bytes]:
    yield b'--crash\r\nContent-Disposition: form-data; name="files"; filename="big.mp4"\r\n\r\n'
    sent = 0
    while sent < total_bytes and not stop.is_set():
        yield bytes(64 * 1024)
        sent += 64 * 1024
        time.sleep(0.002)
    yield b"\r\n--crash--\r\n"


def test_killed_during_an_upload(site: Site, engine_process: EngineProcess) -> None:
    api = authorised(engine_process.url, site.token)
    sid = new_session(api)
    assert upload_bytes(api, sid, "plain.mp4", site.files["plain"].read_bytes()).status_code == 200
    before = state_of(api, sid)
    stop = threading.Event()
    headers = {"Content-Type": "multipart/form-data; boundary=crash"}

    def send() -> None:
        with contextlib.suppress(httpx.HTTPError):  # the engine dies under it: that is the point
            api.post(paths.upload(sid), content=_slow_multipart(400 * 1024 * 1024, stop), headers=headers)

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    tmp = site.home / "tmp"
    deadline = time.monotonic() + 30
    while sum(files_under(tmp).values()) < 2 * 1024 * 1024 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sum(files_under(tmp).values()) >= 2 * 1024 * 1024, "the upload never reached the engine's disk"
    engine_process.kill()
    stop.set()
    sender.join(10)
    assert orphans_of(site) == []
    again = restart(site)
    try:
        api = authorised(again.url, site.token)
        assert state_of(api, sid) == before
        assert_nothing_half_made(site, api, sid)
    finally:
        again.stop()


def _chat_until(api: httpx.Client, session_id: str, text: str, words: str, then: Any) -> list[dict[str, Any]]:
    """Stream a chat turn; when an event's text contains ``words``, call ``then()`` and stop reading."""
    body = {"app_name": paths.APP_NAME, "user_id": paths.USER_ID, "session_id": session_id,
            "new_message": {"role": "user", "parts": [{"text": text}]}}  # fmt: skip
    seen: list[dict[str, Any]] = []
    try:
        with api.stream("POST", paths.RUN_SSE, json=body, headers={"Accept": "text/event-stream"}) as answer:
            assert answer.status_code == 200
            for line in answer.iter_lines():
                if not line.startswith("data:") or not line[5:].strip():
                    continue
                seen.append(json.loads(line[5:]))
                if words in json.dumps(seen[-1], ensure_ascii=False):
                    then()
                    return seen
    except httpx.HTTPError:
        return seen
    raise AssertionError(f"the turn ended without saying {words!r}: {seen}")


def test_killed_during_a_chat_stream(site: Site, engine_process: EngineProcess) -> None:
    api = authorised(engine_process.url, site.token, timeout_s=60)
    sid = new_session(api)
    assert upload_bytes(api, sid, "trip.mp4", site.files["plain"].read_bytes()).status_code == 200
    _chat_until(
        api, sid, "add a title 'Before the crash' for the first 2 seconds", '"turnComplete": true', lambda: None
    )
    before = state_of(api, sid)
    assert before["version"] == 1 and "Before the crash" in json.dumps(before["draft"])
    ask = "generate a background music track that matches the mood and pace of my video"
    _chat_until(api, sid, ask, "Composing", engine_process.kill)  # the composer is writing its WAV now
    assert orphans_of(site) == []
    again = restart(site)
    try:
        api = authorised(again.url, site.token, timeout_s=60)
        assert state_of(api, sid) == before  # the turn never finished: nothing of it was kept
        assert_nothing_half_made(site, api, sid)
        seen = _chat_until(api, sid, ask, '"turnComplete": true', lambda: None)
        assert any("stateDelta" in json.dumps(event) for event in seen)
        after = state_of(api, sid)
        assert after["version"] == before["version"] + 1 and len(after["generated_media"]) == 1
        assert_nothing_half_made(site, api, sid)
    finally:
        again.stop()


def _long_draft(ids: dict[str, str], duration_ms: int) -> dict[str, Any]:
    clips = [{"s": s, "d": 2000, "src": ids["plain"], "in": 0} for s in range(0, duration_ms, 2000)]
    return {
        "t": [
            {"tt": 0, "sg": clips},
            {"tt": 1, "sg": [{"s": 0, "d": duration_ms, "src": ids["long_tone"], "in": 0}]},
            {"tt": 7, "sg": [{"s": 0, "d": 1500, "m": {"text": "Crash test", "role": "title"}}]},
        ],
        "d": duration_ms,
        "m": {"aspect": "16:9", "fps": 24},
    }


def _export(api: httpx.Client, session_id: str, draft: dict[str, Any], render_id: str) -> None:
    body = {"id": render_id, "sessionId": session_id, "draft": draft, "output": {"format": "mp4", "quality": "low"}}
    answer = api.post(paths.RENDER, json=body)
    assert answer.status_code == 200, answer.text


def test_killed_during_a_render(site: Site, engine_process: EngineProcess, tmp_path: Path) -> None:
    api = authorised(engine_process.url, site.token)
    sid = new_session(api)
    ids = {key: upload_bytes(api, sid, site.files[key].name, site.files[key].read_bytes()).json()["data"]["media"][0]["id"]
           for key in ("plain", "long_tone")}  # fmt: skip
    before = state_of(api, sid)
    _export(api, sid, _long_draft(ids, 24_000), "render_killed")
    deadline = time.monotonic() + 120
    job: dict[str, Any] = {}
    while time.monotonic() < deadline:
        job = api.get(f"{paths.RENDER}/render_killed").json()["data"]
        if (job["status"] == "rendering" and job["progress"] > 0) or job["status"] in ("completed", "failed"):
            break
        time.sleep(0.05)
    assert job["status"] == "rendering" and 0 < job["progress"] < 1, job
    assert any(".part" in f for f in files_under(site.home / "renders")), "ffmpeg had not started writing"
    engine_process.kill()
    orphans = orphans_of(site)
    again = restart(site)
    try:
        api = authorised(again.url, site.token)
        job = api.get(f"{paths.RENDER}/render_killed").json()["data"]
        assert job["status"] == "failed" and "export again" in job["error"] and job["output"] is None
        assert files_under(site.home / "renders") == {}
        assert state_of(api, sid) == before
        assert_nothing_half_made(site, api, sid)
        _export(api, sid, _long_draft(ids, 3_000), "render_after")
        done = wait_for_render(api, "render_after")
        assert done["status"] == "completed", done
        video = tmp_path / "after.mp4"
        video.write_bytes(api.get(paths.render_output("render_after")).content)
        _assert_playable_mp4(video, duration_s=3.0)
        assert_nothing_half_made(site, api, sid)
    finally:
        again.stop()
    assert orphans == [], "ffmpeg outlived the killed engine (render/run.py ties it with PR_SET_PDEATHSIG)"


def _assert_playable_mp4(path: Path, *, duration_s: float) -> None:
    import av

    with av.open(str(path)) as container:
        video, audio = container.streams.video[0], container.streams.audio[0]
        assert video.codec_context.name == "h264" and audio.codec_context.name == "aac"
        assert (video.codec_context.width, video.codec_context.height) == (854, 480)  # "low" is 480p
        assert audio.codec_context.sample_rate == 48000
        assert container.duration is not None
        assert abs(container.duration / 1_000_000 - duration_s) < 0.2
        frames = sum(1 for _ in container.decode(video=0))
        assert frames >= duration_s * 24 - 2


def _wait_for_version(session: Any, at_least: int, within_s: float = 3.0) -> Any:
    deadline = time.monotonic() + within_s
    state = session.state()
    while state.version < at_least and time.monotonic() < deadline:
        time.sleep(0.05)
        state = session.state()
    return state


def test_a_stream_cut_by_the_network(engine: Any, tmp_path: Path) -> None:
    from nemo_notebook.client import Client, describe_changes

    proxy = CuttingProxy(engine.url, trigger=b"POST /run_sse", cut_after=450)
    try:
        with Client(base_url=proxy.url, token=engine.token, home=tmp_path / "client") as client:
            session = client.sessions.create()
            before = session.state()
            outcome = session.send("add a title 'Urban Dreams' for the first 3 seconds")
            assert proxy.cuts == 1
            after = _wait_for_version(session, before.version + 1)
    finally:
        proxy.close()
    changes = describe_changes(before.draft, after.draft)
    # the engine kept the whole turn or none of it; either way the state says which
    assert (after.version, len(changes)) in ((before.version, 0), (before.version + 1, 1)), changes
    assert all("Urban Dreams" in change for change in changes)
    assert engine.token not in f"{outcome} {outcome!r}"
    assert not outcome.complete
    assert outcome.changes == changes
    assert "connection dropped" in outcome.text
    assert all(change in outcome.text for change in changes)
    if not changes:
        assert "before sending the message again" in outcome.text


def test_two_clients_editing_one_session(engine: Any, tmp_path: Path) -> None:
    from nemo_notebook.client import Client, Conflict

    clip = media.h264_aac(tmp_path)
    with (
        Client(base_url=engine.url, token=engine.token, home=tmp_path / "a") as first,
        Client(base_url=engine.url, token=engine.token, home=tmp_path / "b") as second,
    ):
        mine = first.sessions.create()
        mine.upload(clip)
        theirs = second.sessions.get(mine.id)
        before = mine.state()
        slow = mine.chat("generate a background music track that matches the mood and pace of my video")
        next(slow)  # the first client's turn is under way (composing takes a while)
        with pytest.raises(Conflict) as lost:
            theirs.send("add a title 'B side' for the first 2 seconds")
        assert lost.value.code == 4009 and lost.value.status == 409
        assert "retry when it finishes" in str(lost.value)
        assert theirs.state().version == before.version  # the loser changed nothing
        for _ in slow:
            pass
        assert slow.reply is not None and slow.reply.version == before.version + 1
        retried = theirs.send("add a title 'B side' for the first 2 seconds")
        assert retried.version == before.version + 2
        final = mine.state()
    roles = [track.meta.get("role") for track in final.draft.tracks]
    assert final.version == before.version + 2
    assert "bgm" in roles and "title" in roles, roles  # neither edit was lost
    assert len(final.generated) == 1


def test_a_second_engine_on_the_same_home_leaves_the_first_ones_work_alone(tmp_path: Path) -> None:
    """Two notebooks open at once start two embedded engines on one NEMO_HOME: the second must not "recover" what
    the first is still doing (its running render, its uploads in progress)."""
    from nemo_notebook.engine import start_in_background

    home = tmp_path / "home"
    first = start_in_background(home=home)
    try:
        api = authorised(first.url, first.token)
        sid = new_session(api)
        files = {"plain": media.h264_aac(tmp_path), "long_tone": media.mp3(tmp_path, seconds=8.0)}
        ids = {key: upload_bytes(api, sid, path.name, path.read_bytes()).json()["data"]["media"][0]["id"]
               for key, path in files.items()}  # fmt: skip
        _export(api, sid, _long_draft(ids, 8_000), "render_first")
        deadline = time.monotonic() + 60
        while api.get(paths.render_job("render_first")).json()["data"]["status"] == "queued":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        in_progress = home / "tmp" / "up_in_progress.mp4"
        in_progress.write_bytes(b"half an upload")
        with start_in_background(home=home) as second:
            assert in_progress.exists()
            job = wait_for_render(api, "render_first")
            assert job["status"] == "completed", job
            seen = authorised(second.url, second.token).get(paths.render_job("render_first")).json()["data"]
            assert (seen["status"], seen["output"]["size"]) == ("completed", job["output"]["size"])
    finally:
        first.stop()
    with start_in_background(home=home):  # alone again: now it cleans up after both
        assert not in_progress.exists()


def test_a_file_moved_into_place_but_never_recorded_is_removed_on_start(tmp_path: Path) -> None:
    """An engine killed between moving an upload into its session's folder and recording it leaves a file nothing
    would ever serve or delete: the next start removes it, and keeps every file the database knows."""
    from nemo_notebook.engine import start_in_background

    home = tmp_path / "home"
    with start_in_background(home=home) as first:
        api = authorised(first.url, first.token)
        sid = new_session(api)
        [info] = upload_bytes(api, sid, "clip.mp4", media.h264_aac(tmp_path).read_bytes()).json()["data"]["media"]
    stray = home / "media" / sid / "med_0123456789abcdef.mp4"
    stray.write_bytes(b"moved here, never recorded")
    with start_in_background(home=home) as second:
        api = authorised(second.url, second.token)
        assert not stray.exists()
        assert [m["id"] for m in state_of(api, sid)["video_infos"]] == [info["id"]]
        assert api.get(paths.media_file(sid, info["id"])).status_code == 200
