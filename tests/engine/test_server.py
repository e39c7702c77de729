"""Starting the engine: the CLI, the background thread, logs without secrets, and internal faults as JSON."""

from __future__ import annotations

import logging
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from nemo_notebook.engine import EngineStartError, RunningEngine, start_in_background
from nemo_notebook.engine.agent.context import Intent
from nemo_notebook.protocol import paths

from .conftest import ScriptedAgent, assert_error, chat_body, client_for, new_session, running_engine


def _serve(home: Path, *args: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "nemo_notebook.cli", "serve", "--port", "0", "--home", str(home), *args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _banner(proc: subprocess.Popen[str]) -> list[str]:
    assert proc.stdout is not None
    return [proc.stdout.readline().strip() for _ in range(3)]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    home = tmp_path / "served"
    proc = _serve(home)
    try:
        yield proc, home
    finally:
        proc.terminate()
        proc.communicate(timeout=20)


def test_serve_prints_its_url_and_where_the_token_is_never_the_token(served: tuple[Any, Path]) -> None:
    proc, home = served
    banner = _banner(proc)
    url = banner[0].rsplit(" ", 1)[-1]
    token_file = home / "token"
    token = token_file.read_text().strip()
    assert url.startswith("http://127.0.0.1:") and str(token_file) in banner[2]
    assert all(token not in line for line in banner)
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    answer = httpx.get(url + paths.CREDITS, headers={"Authorization": f"Bearer {token}"})
    assert answer.json()["code"] == 0


def test_serve_reuses_its_stored_token_and_prints_it_only_when_asked(tmp_path: Path) -> None:
    home = tmp_path / "served"
    first = _serve(home)
    _banner(first)
    first.terminate()
    first.communicate(timeout=20)
    token = (home / "token").read_text().strip()
    second = _serve(home, "--print-token")
    try:
        assert f"token: {token}" in _banner(second)
    finally:
        second.terminate()
        second.communicate(timeout=20)


def test_a_taken_port_is_a_clear_error(engine: RunningEngine, tmp_path: Path) -> None:
    port = int(engine.url.rsplit(":", 1)[1])
    with pytest.raises(EngineStartError, match=f"cannot listen on 127.0.0.1:{port}"):
        start_in_background(home=tmp_path / "other", port=port)


def test_running_engine_is_a_context_manager_and_stops(tmp_path: Path) -> None:
    with start_in_background(home=tmp_path / "home") as engine:
        assert httpx.get(engine.url + paths.CREDITS).status_code == 401
    assert not engine.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(engine.url + paths.CREDITS)


def test_importing_the_engine_does_not_load_the_web_or_media_stack() -> None:
    code = "import sys, nemo_notebook.engine; print(sorted({'starlette','uvicorn','av','numpy','librosa'} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


def test_logs_name_the_skill_headers_and_never_a_token(
    engine: RunningEngine, api: httpx.Client, sid: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="nemo_notebook")
    anon = httpx.post(engine.url + paths.ANONYMOUS_TOKEN, headers={paths.HEADER_CLIENT_ID: "server-test-client-1"})
    api.get(paths.state(sid))
    httpx.get(engine.url + paths.CREDITS, headers={"Authorization": "Bearer not-a-real-token-123"})
    assert "platform=ipython" in caplog.text and paths.CREDITS in caplog.text
    for secret in (engine.token, anon.json()["data"]["token"], "not-a-real-token-123"):
        assert secret not in caplog.text


class _CrashingAgent(ScriptedAgent):
    def interpret(self, text: str, ctx: Any) -> Intent:
        raise KeyError("a table the parser needs")


def test_an_internal_fault_is_5000_naming_what_failed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.CRITICAL, logger="nemo_notebook")  # the fault is logged with its traceback, on purpose
    with running_engine(tmp_path / "home", agent=_CrashingAgent()) as engine, client_for(engine) as api:
        sid = new_session(api)
        answer = api.post(paths.RUN_SSE, json=chat_body(sid, "anything"))
        body = assert_error(answer, 500, 5000, "starting the chat turn failed", "reference err_")
        assert "KeyError" not in body["message"] and "parser" not in body["message"]  # those words stay in the log
        retry = api.post(paths.RUN_SSE, json=chat_body(sid, "anything"))
        assert retry.json()["code"] == 5000  # the session was not left locked


def test_an_export_id_can_be_posted_twice_but_not_taken_by_another_session(api: httpx.Client, sid: str) -> None:
    from tests.conftest import shared_media

    from .conftest import upload

    [picture] = upload(api, sid, ("p.jpg", shared_media("big-buck-bunny-poster.jpg"))).json()["data"]["media"]
    draft = {"t": [{"tt": 0, "sg": [{"s": 0, "d": 300, "src": picture["id"], "in": 0}]}], "d": 300, "m": {}}
    body = {"id": "render_twice", "sessionId": sid, "draft": draft, "output": {"quality": "low"}}
    first = api.post(paths.RENDER, json=body).json()["data"]
    again = api.post(paths.RENDER, json=body).json()["data"]
    assert first["id"] == again["id"] == "render_twice"
    other = new_session(api)
    assert_error(
        api.post(
            paths.RENDER,
            json={**body, "sessionId": other, "draft": {"t": [{"tt": 7, "sg": [{"s": 0, "d": 300}]}], "d": 300}},
        ),
        409,
        4009,
        "render_twice",
    )


def _answer_head(sock: socket.socket) -> bytes:
    """The status line of the next answer on ``sock``, its body read too (``Content-Length``)."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(next(line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:"))[15:])
    while len(body) < length:
        body += sock.recv(65536)
    return head.split(b"\r\n", 1)[0]


def test_an_idle_kept_alive_connection_is_closed_after_keep_alive_s(tmp_path: Path) -> None:
    with running_engine(tmp_path / "home", keep_alive_s=1) as engine:
        host, port = engine.url.removeprefix("http://").rsplit(":", 1)
        request = f"GET {paths.CREDITS} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {engine.token}\r\n\r\n"
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(request.encode())
            assert _answer_head(sock) == b"HTTP/1.1 200 OK"
            time.sleep(0.3)
            sock.sendall(request.encode())  # kept alive: the same connection answers again
            assert _answer_head(sock) == b"HTTP/1.1 200 OK"
            idle_since = time.monotonic()
            assert sock.recv(1) == b""  # then, idle, the engine closes it
            assert 0.7 < time.monotonic() - idle_since < 3.0
