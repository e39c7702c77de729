"""The connection cap (issue 24): idle connections beyond it are closed to make room, a connection that finds every
other one busy is answered 503 with ``Retry-After`` (API.md's envelope), and the log says so once per burst."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from nemo_notebook.engine import EngineSettings, RunningEngine
from nemo_notebook.protocol import paths

from .conftest import assert_error, client_for, running_engine

CAP = 16


@contextlib.contextmanager
def sockets(engine: RunningEngine, count: int, first_bytes: bytes = b"") -> Iterator[list[socket.socket]]:
    address = urlsplit(engine.url)
    opened: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.create_connection((address.hostname, address.port), timeout=5)
            if first_bytes:
                sock.sendall(first_bytes)
            opened.append(sock)
        yield opened
    finally:
        for sock in opened:
            sock.close()


def closed_by_server(sock: socket.socket, within_s: float) -> bool:
    sock.settimeout(within_s)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except OSError:  # reset: closed too
        return True


def credits(engine: RunningEngine) -> httpx.Response:
    with client_for(engine) as api:
        return api.get(paths.CREDITS, timeout=10)


def test_idle_connections_beyond_the_cap_are_closed_and_requests_go_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="nemo_notebook.engine")
    with running_engine(tmp_path / "home", max_connections=CAP) as engine, sockets(engine, CAP + 20) as idle:
        answer = credits(engine)
        assert answer.status_code == 200 or (answer.status_code == 503 and "retry-after" in answer.headers)
        closed = sum(closed_by_server(sock, within_s=0.2) for sock in idle)
        assert closed >= 20, closed  # the oldest idle ones made room: at most CAP stay open
        for sock in idle:
            sock.close()
        assert credits(engine).status_code == 200
    said = [r for r in caplog.records if "connection cap" in r.getMessage()]
    assert 1 <= len(said) <= 2, [r.getMessage() for r in said]


def test_a_connection_that_finds_every_other_busy_is_answered_503_with_retry_after(tmp_path: Path) -> None:
    half_a_head = b"GET /api/credits/balance/simple HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    with running_engine(tmp_path / "home", max_connections=CAP) as engine:
        with sockets(engine, CAP + 4, first_bytes=half_a_head):
            time.sleep(1.0)  # the engine has read what each sent (a second, for a busy machine): none is idle
            body = assert_error(credits(engine), 503, 5003, f"({CAP})", "try again")
            assert "token" not in body["message"].lower()
            refused = credits(engine)
            assert int(refused.headers["Retry-After"]) >= 1
            assert refused.headers["connection"] == "close"
        deadline = time.monotonic() + 5
        while (answer := credits(engine)).status_code == 503 and time.monotonic() < deadline:
            time.sleep(0.05)  # the engine notices the closed sockets within a moment
        assert answer.status_code == 200, answer.text


def test_the_default_cap_is_half_the_open_file_limit_at_most_512() -> None:
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    expected = 512 if soft == resource.RLIM_INFINITY else max(16, min(512, soft // 2))
    assert EngineSettings().connection_cap == expected
    assert EngineSettings(max_connections=40).connection_cap == 40


SERVE = """
import resource, sys, tempfile, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
from nemo_notebook.engine import start_in_background
with start_in_background(home=Path(sys.argv[1])) as engine:
    print(engine.url, engine.token, engine.settings.connection_cap, flush=True)
    sys.stdin.read()
"""


def test_more_idle_connections_than_file_descriptors_leave_uploads_working_and_the_log_short(tmp_path: Path) -> None:
    """300 idle connections to an engine allowed 256 open files: an upload still works, the log stays a few lines."""
    import subprocess
    import sys

    from tests.render.synth import ffmpeg

    tone = tmp_path / "tone.wav"
    ffmpeg("-f", "lavfi", "-i", "sine=d=1", str(tone))
    log_path = tmp_path / "engine.log"
    with log_path.open("wb") as log_file:
        engine_process = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(tmp_path / "home")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log_file,
        )
    try:
        assert engine_process.stdout is not None
        url, token, cap = engine_process.stdout.readline().decode().split()
        assert int(cap) == 128
        address = urlsplit(url)
        idle = [socket.create_connection((address.hostname, address.port), timeout=5) for _ in range(300)]
        try:
            time.sleep(0.5)
            with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=20) as api:
                sid = api.post(paths.CREATE_SESSION, json={}).json()["data"]["session_id"]
                answer = api.post(paths.upload(sid), files=[("files", ("tone.wav", tone.read_bytes()))])
            assert answer.status_code == 200, answer.text
        finally:
            for sock in idle:
                sock.close()
    finally:
        engine_process.communicate(b"", timeout=30)
    said = log_path.read_text()
    assert len(said) < 2000, said[:2000]
    assert token not in said


def test_out_of_descriptors_is_logged_once_per_window() -> None:
    from nemo_notebook.engine.http.connections import quiet_accept_errors

    loop = asyncio.new_event_loop()
    said: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: said.append(record.getMessage())  # type: ignore[method-assign]
    engine_log = logging.getLogger("nemo_notebook.engine")
    engine_log.addHandler(handler)
    try:
        quiet_accept_errors(loop)
        for _ in range(2048):
            context = {"message": "socket.accept() out of system resource", "exception": OSError(24, "Too many")}
            loop.call_exception_handler(context)
    finally:
        engine_log.removeHandler(handler)
        loop.close()
    assert len(said) == 1 and "file descriptor" in said[0]
