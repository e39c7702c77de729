"""Secrets and access: loopback by default, nothing without the token, each token sees only its own sessions' media
and renders, CORS closed unless configured, and no token in anything a realistic run produces."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from nemo_notebook.engine import EngineSettings, RunningEngine, start_in_background
from nemo_notebook.protocol import paths

from . import media
from .harness import (
    SKILL_HEADERS,
    anonymous_token,
    authorised,
    files_under,
    new_session,
    spawn_engine,
    upload_bytes,
    wait_for_render,
)

pytestmark = pytest.mark.timeout(180)

ENDPOINTS = [
    ("POST", paths.CREATE_SESSION),
    ("POST", paths.RUN_SSE),
    ("POST", paths.upload("ses_x")),
    ("GET", paths.CREDITS),
    ("GET", paths.state("ses_x")),
    ("GET", paths.media_file("ses_x", "med_x")),
    ("HEAD", paths.media_file("ses_x", "med_x")),
    ("POST", paths.RENDER),
    ("GET", paths.render_job("render_x")),
    ("GET", paths.render_output("render_x")),
    ("HEAD", paths.render_output("render_x")),
]


def _non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the outgoing interface
            address = str(probe.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_the_engine_listens_on_loopback_only_by_default(engine: RunningEngine) -> None:
    assert engine.url.startswith("http://127.0.0.1:")
    port = int(engine.url.rsplit(":", 1)[1])
    address = _non_loopback_address()
    if address is None:
        pytest.skip("this machine has no address but loopback to try from")
    with pytest.raises(OSError), socket.create_connection((address, port), timeout=2):
        pass


def test_serve_defaults_to_loopback(tmp_path: Path) -> None:
    running = spawn_engine(tmp_path / "home", "t" * 32, logs=tmp_path / "logs")
    try:
        assert running.url.startswith("http://127.0.0.1:")
    finally:
        running.stop()


@pytest.mark.parametrize(("method", "path"), ENDPOINTS, ids=[f"{m} {p}" for m, p in ENDPOINTS])
def test_every_endpoint_refuses_a_missing_or_wrong_token(engine: RunningEngine, method: str, path: str) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong-token"}, {"Authorization": engine.token}):
        answer = httpx.request(method, engine.url + path, headers={**SKILL_HEADERS, **headers}, json={}, timeout=10)
        assert answer.status_code == 401, (headers, answer.text)
        if method != "HEAD":
            assert answer.json()["code"] == 1001
            assert engine.token not in answer.text


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """An engine with two anonymous users; the first has a clip and a finished render."""
    root = tmp_path_factory.mktemp("access")
    engine = start_in_background(home=root / "home")
    alice = authorised(engine.url, anonymous_token(engine.url, "7c9e6679-7425-40de-944b-e07fc1f90ae7"))
    bob = authorised(engine.url, anonymous_token(engine.url, "16fd2706-8baf-433b-82eb-8c7fada847da"))
    sid = new_session(alice)
    [clip] = upload_bytes(alice, sid, "clip.mp4", media.h264_aac(root).read_bytes()).json()["data"]["media"]
    draft = {
        "t": [{"tt": 0, "sg": [{"s": 0, "d": 1000, "src": clip["id"], "in": 0}]}],
        "d": 1000,
        "m": {"aspect": "1:1"},
    }
    body = {"id": "render_alice", "sessionId": sid, "draft": draft, "output": {"quality": "low"}}
    assert alice.post(paths.RENDER, json=body).status_code == 200
    assert wait_for_render(alice, "render_alice")["status"] == "completed"
    yield {"engine": engine, "alice": alice, "bob": bob, "sid": sid, "clip": clip["id"]}
    engine.stop()


def test_media_and_renders_are_served_only_to_their_owner(shared: dict[str, Any]) -> None:
    engine, alice, bob = shared["engine"], shared["alice"], shared["bob"]
    media_path, render_path = paths.media_file(shared["sid"], shared["clip"]), paths.render_output("render_alice")
    assert alice.get(media_path).status_code == 200
    assert alice.get(render_path, headers={"Range": "bytes=0-99"}).status_code == 206
    local = authorised(engine.url, engine.token)
    for stranger in (bob, local):
        for method in ("GET", "HEAD"):
            assert stranger.request(method, media_path).status_code == 404
            assert stranger.request(method, render_path).status_code == 404
        assert stranger.get(media_path).json()["code"] == 1002
        assert stranger.get(render_path).json()["code"] == 4004
        assert stranger.get(paths.render_job("render_alice")).json()["code"] == 4004
        assert stranger.get(paths.state(shared["sid"])).json()["code"] == 1002


def _cors_answers(engine: RunningEngine, origin: str) -> list[httpx.Response]:
    headers = {"Origin": origin, "Authorization": f"Bearer {engine.token}"}
    preflight = {
        "Origin": origin,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization",
    }
    return [
        httpx.get(engine.url + paths.CREDITS, headers=headers),
        httpx.options(engine.url + paths.CREDITS, headers=preflight),
    ]


def test_cors_is_closed_unless_configured(engine: RunningEngine, tmp_path: Path) -> None:
    for answer in _cors_answers(engine, "https://evil.example"):
        assert "access-control-allow-origin" not in answer.headers
    settings = replace(EngineSettings(home=tmp_path / "cors"), cors_origins=("http://localhost:8888",))
    with start_in_background(settings=settings) as opened:
        allowed = _cors_answers(opened, "http://localhost:8888")
        assert [a.headers.get("access-control-allow-origin") for a in allowed] == ["http://localhost:8888"] * 2
        for answer in _cors_answers(opened, "https://evil.example"):
            assert answer.headers.get("access-control-allow-origin") != "https://evil.example"
            assert answer.headers.get("access-control-allow-origin") != "*"


# no token anywhere


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextlib.contextmanager
def _all_logs() -> Iterator[_Records]:
    handler = _Records()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def _realistic_run(url: str, token: str, home: Path, clips: list[Any], shown: list[str]) -> list[str]:
    """A user's afternoon through the project's client, failures included; returns the anonymous tokens it got."""
    from nemo_notebook.client import Client, NemoError

    def show(value: object) -> None:
        shown.extend([str(value), repr(value)])

    with Client(base_url=url, token=token, home=home / "client") as client:
        show(client)
        session = client.sessions.create()
        show(session)
        show(session.upload(clips))
        show(session.send("create a video from this music with visualizer and beat-synced cuts"))
        show(session.send("add a title 'Secret Garden' for the first 2 seconds"))
        show(session.state())
        show(client.credits())
        job = session.export(quality="low")
        show(job)
        show(job.wait(timeout=120))
        show(job.download(home / "out.mp4"))
        for failing in (
            lambda: session.upload(home / "missing.mp3"),
            lambda: client.sessions.get("ses_unknown"),
            lambda: client.render("render_unknown"),
            lambda: session.upload("http://169.254.169.254/latest/meta-data/"),
        ):
            with pytest.raises(NemoError) as caught:
                failing()
            show(caught.value)
            show(caught.value.__cause__)
    with Client(base_url=url, token="not-the-engine-token-" + "x" * 20, home=home / "client") as wrong:
        with pytest.raises(NemoError) as caught:
            wrong.credits()
        show(caught.value)
        show(wrong)
    with Client(base_url=url, home=home / "anonymous") as anonymous:  # no token: it gets an anonymous one
        session = anonymous.sessions.create()
        show(session)
        show(anonymous)
        show(anonymous.credits())
    stored = (home / "anonymous" / "client.json").read_text()
    import json

    return [entry["token"] for entry in json.loads(stored)["anonymous_tokens"].values()]


def _error_pages(url: str, token: str, shown: list[str]) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    for method, path in (("GET", "/nowhere"), ("DELETE", paths.CREDITS), ("GET", paths.state("ses_x"))):
        shown.append(httpx.request(method, url + path, headers=auth).text)
    shown.append(httpx.post(url + paths.RENDER, headers=auth, content=b"{broken").text)
    shown.append(httpx.get(url + paths.CREDITS, headers={"Authorization": "Bearer " + token[::-1]}).text)


def test_no_token_in_anything_a_run_produces(tmp_path: Path) -> None:
    home, work = tmp_path / "engine-home", tmp_path / "user"
    work.mkdir()
    running = spawn_engine(home, None, logs=tmp_path / "logs", args=["--verbose"], env={"TMPDIR": str(tmp_path)})
    shown: list[str] = []
    try:
        token_file = home / "token"
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
        token = token_file.read_text().strip()
        with _all_logs() as logs:
            clips = [media.h264_aac(tmp_path), media.mp3(tmp_path)]
            anonymous = _realistic_run(running.url, token, work, clips, shown)
            _error_pages(running.url, token, shown)
    finally:
        running.stop()
    secrets_used = [token, *anonymous, "not-the-engine-token-" + "x" * 20]
    assert len(anonymous) == 1 and all(len(s) >= 20 for s in secrets_used)
    produced = {"shown": "\n".join(shown), "client logs": "\n".join(logs.lines)}
    for path in (tmp_path / "logs").iterdir():
        produced[path.name] = path.read_text(errors="replace")
    assert "GET /api/credits" in produced["stderr-0.txt"]  # the log is really there, with requests in it
    for rel in files_under(tmp_path, skip_db=False):
        path = tmp_path / rel
        if path == home / "token" or path.suffix == ".mp4" or path.name.startswith("engine.sqlite3"):
            continue
        if path.parent.name in ("client", "anonymous") and path.name == "client.json":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600  # the client's own 0600 store of its tokens
            continue
        produced[rel] = path.read_bytes().decode("utf-8", "replace")
    for name, text in produced.items():
        for secret in secrets_used:
            assert secret not in text, f"a token appears in {name}"
    database = b"".join(p.read_bytes() for p in home.glob("engine.sqlite3*"))
    for secret in secrets_used:
        assert secret.encode() not in database
    assert os.environ.get("NEMO_TOKEN") is None or os.environ["NEMO_TOKEN"] not in "".join(produced.values())


def test_no_token_in_what_the_notebook_shows(tmp_path: Path) -> None:
    """The %nemo magics in a real IPython shell, against a served engine whose token comes from NEMO_TOKEN: nothing
    a cell shows (output, errors, the timeline, %config) and no file the notebook layer writes holds the token."""
    from IPython import get_ipython
    from IPython.testing.globalipapp import start_ipython
    from IPython.utils.capture import capture_output

    running = spawn_engine(tmp_path / "engine-home", None, logs=tmp_path / "logs")
    clip = media.h264_aac(tmp_path)
    cells = [
        "%nemo credits",
        f"%nemo upload {clip}",
        "%nemo add a title 'Hidden Track' for the first 2 seconds",
        "%nemo status",
        "%nemo upload no-such-file.mp3",
        "%nemo session use ses_not_here",
        "%nemo export --quality low -o out.mp4",
        "%config Nemo",
    ]
    shown: list[str] = []
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("NEMO_HOME", str(tmp_path / "nemo-home"))
            patch.setenv("NEMO_BASE_URL", running.url)
            patch.setenv("NEMO_TOKEN", running.token)
            patch.delenv("NEMO_BACKEND", raising=False)
            patch.chdir(tmp_path)
            ip = start_ipython() or get_ipython()  # type: ignore[no-untyped-call]
            engine_log = logging.getLogger("nemo_notebook.engine")
            handlers, propagate = list(engine_log.handlers), engine_log.propagate
            ip.run_line_magic("load_ext", "nemo_notebook")
            try:
                for cell in cells:
                    with capture_output() as captured:
                        ip.run_cell(cell)
                    shown += [captured.stdout, captured.stderr]
                    shown += [repr(output.data) for output in captured.outputs]
            finally:
                ip.run_line_magic("unload_ext", "nemo_notebook")
                for handler in set(engine_log.handlers) - set(handlers):  # the extension's log file, if it made one
                    handler.close()
                engine_log.handlers, engine_log.propagate = handlers, propagate
    finally:
        running.stop()
    assert "Hidden Track" in "".join(shown)  # the cells really ran against the engine
    assert (tmp_path / "out.mp4").stat().st_size > 0
    written = [p for p in (tmp_path / "nemo-home").rglob("*") if p.is_file() and p.name != "client.json"]
    texts = ["".join(shown), *(p.read_bytes().decode("utf-8", "replace") for p in written)]
    texts += [p.read_text(errors="replace") for p in (tmp_path / "logs").iterdir()]
    assert all(running.token not in text for text in texts)


def test_a_token_file_others_can_read_is_made_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "token").write_text("a-token-someone-copied-in-" + "y" * 20 + "\n")
    (home / "token").chmod(0o644)
    running = spawn_engine(home, None, logs=tmp_path / "logs")
    try:
        assert running.token == "a-token-someone-copied-in-" + "y" * 20
        assert stat.S_IMODE((home / "token").stat().st_mode) == 0o600
        assert httpx.get(running.url + paths.CREDITS, headers={"Authorization": f"Bearer {running.token}"}).is_success
    finally:
        running.stop()


def test_the_token_that_replaces_an_expired_one_does_not_reopen_the_old_sessions(tmp_path: Path) -> None:
    """Issue 24: a client id is no secret (it travels in a header; anybody may send it), so once its token has
    expired, the next token for it is a new owner: the retry API.md asks for gets 1002, "start a new session", and
    the old sessions stay with nobody (they were reopened before)."""
    import time

    from nemo_notebook.client import Client, SessionNotFound

    settings = replace(EngineSettings(home=tmp_path / "home"), anonymous_token_ttl_s=1.0)
    with start_in_background(settings=settings) as engine, Client(base_url=engine.url, home=tmp_path / "me") as mine:
        session = mine.sessions.create()
        session.upload(media.h264_aac(tmp_path))
        time.sleep(1.2)  # the token expires; the next call gets 1001, a new token, retries and finds nothing
        with pytest.raises(SessionNotFound):
            session.state()
        assert mine.sessions.create().id != session.id  # the new owner works
