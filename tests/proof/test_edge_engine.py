"""The engine's edge beyond single requests (issue 14): a private home, a disk that really fills, connections that
stall, the ``Host`` names a served engine answers to, and serve tokens that start with ``-``."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from nemo_notebook import cli
from nemo_notebook.engine import EngineSettings, RunningEngine, start_in_background
from nemo_notebook.engine.http.server import served_under
from nemo_notebook.protocol import paths
from tests.conftest import REPO

from .harness import authorised, new_session, spawn_engine, upload_bytes
from .media import mp3

pytestmark = pytest.mark.timeout(300)
STALL_DEADLINE_S = 1.0


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# a private home


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_a_home_is_private_and_an_old_one_is_tightened(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with start_in_background(home=home) as engine:
        api = authorised(engine.url, engine.token)
        sid = new_session(api)
        assert upload_bytes(api, sid, "tone.mp3", mp3(tmp_path).read_bytes()).status_code == 200
        _assert_private(home)
    for path in [home, *home.rglob("*")]:  # as an older version left it
        path.chmod(0o755 if path.is_dir() else 0o644)
    (home / "renders" / "old.mp4").write_bytes(b"an old export")
    (home / "renders" / "old.mp4").chmod(0o644)
    with start_in_background(home=home):
        _assert_private(home)


def _assert_private(home: Path) -> None:
    assert _mode(home) == 0o700
    for path in home.rglob("*"):
        if not path.is_symlink():
            assert _mode(path) == (0o700 if path.is_dir() else 0o600), (path, oct(_mode(path)))
    assert list((home / "media").rglob("*.mp3")), "the upload is in the home"


# a disk that really fills


def _mount_namespace() -> list[str]:
    if shutil.which("unshare") is None or os.name == "nt":
        pytest.skip("needs util-linux's unshare to mount a small tmpfs in a mount namespace of the test's own")
    for prefix in (["unshare", "-m"], ["unshare", "-rm"]):
        probe = subprocess.run([*prefix, "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"], capture_output=True)
        if probe.returncode == 0:
            return prefix
    pytest.skip("cannot mount a tmpfs here (unshare -m needs root or unprivileged user namespaces)")


def test_a_full_disk_is_507_keeps_nothing_and_the_engine_goes_on(tmp_path: Path) -> None:
    root = tmp_path / "small-disk"
    root.mkdir()
    script = (
        f'mount -t tmpfs -o size=4m tmpfs "$1" && exec "{sys.executable}" "{REPO}/tests/proof/diskfull_probe.py" "$1"'
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [*_mount_namespace(), "sh", "-c", script, "sh", str(root)],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    full = report["full"]
    assert (full["status"], full["code"], full["data"]) == (507, 5007, None), full
    assert "disk is full" in full["message"] and "free some space" in full["message"]
    assert report["tmp_after_full"] == [] and report["media_after_full"] == []
    assert report["small"]["status"] == 200 and report["media_after_small"] == 1


# connections that stall


@pytest.fixture(scope="module")
def impatient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEngine]:
    settings = EngineSettings(
        home=tmp_path_factory.mktemp("impatient") / "home",
        header_timeout_s=STALL_DEADLINE_S,
        body_idle_timeout_s=STALL_DEADLINE_S,
    )
    with start_in_background(settings=settings) as engine:
        yield engine


def _connect(engine: RunningEngine) -> socket.socket:
    host, port = engine.url.removeprefix("http://").rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=60)  # generous: only a closed connection ends it
    return sock


def _read_until_closed(sock: socket.socket) -> bytes:
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def test_connections_that_stall_in_their_head_are_closed(impatient: RunningEngine) -> None:
    stalled = [_connect(impatient) for _ in range(50)]
    for sock in stalled:
        sock.sendall(b"GET /api/credits/balance/simple HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ")
    for sock in stalled:
        with sock:
            assert _read_until_closed(sock) == b""  # closed by the engine, not by the 60 s socket timeout
    assert httpx.get(impatient.url + paths.CREDITS).status_code == 401  # and it still answers


def test_a_body_that_stalls_is_dropped_and_leaves_nothing(impatient: RunningEngine) -> None:
    api = authorised(impatient.url, impatient.token)
    sid = new_session(api)
    head = (
        f"POST {paths.upload(sid)} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {impatient.token}\r\n"
        "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000000\r\n\r\n"
    )
    part = b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.mp3"\r\n\r\n' + b"\xff" * 5000
    with _connect(impatient) as sock:
        sock.sendall(head.encode() + part)
        answer = _read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    assert list((impatient.settings.home / "tmp").iterdir()) == []
    assert api.get(paths.state(sid)).json()["data"]["state"]["video_infos"] == []


def test_a_request_without_a_host_is_refused(impatient: RunningEngine) -> None:
    with _connect(impatient) as sock:
        sock.sendall(f"GET {paths.CREDITS} HTTP/1.0\r\n\r\n".encode())
        answer = _read_until_closed(sock)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 422"), head
    assert json.loads(body) == {
        "code": 4000,
        "message": "Host: missing. The engine answers to 127.0.0.1, localhost and [::1]; "
        "start it with `nemo-notebook serve --allowed-host NAME` to be reached by another name",
        "data": None,
    }


# the names a served engine answers to


def test_a_served_engine_answers_to_the_names_it_is_given(impatient: RunningEngine, tmp_path: Path) -> None:
    settings = replace(impatient.settings, home=tmp_path / "home", allowed_hosts=("nemo.lan",))
    with start_in_background(settings=settings) as engine:
        headers = {"Authorization": f"Bearer {engine.token}"}
        assert httpx.get(engine.url + paths.CREDITS, headers={**headers, "Host": "nemo.lan:8765"}).status_code == 200
        assert httpx.get(engine.url + paths.CREDITS, headers={**headers, "Host": "other.lan"}).status_code == 422
    assert served_under(EngineSettings(), "192.168.1.5").allowed_hosts == ("192.168.1.5",)
    assert served_under(EngineSettings(), "0.0.0.0").allowed_hosts == ()
    assert served_under(EngineSettings(), "127.0.0.1").allowed_hosts == ()


def test_serve_takes_allowed_hosts() -> None:
    args = cli._parser().parse_args(["serve", "--allowed-host", "nemo.lan", "--allowed-host", "*"])
    assert cli._settings(args).allowed_hosts == ("nemo.lan", "*")


# serve tokens that start with "-"


def test_a_served_engine_accepts_its_token_that_starts_with_a_dash(tmp_path: Path) -> None:
    running = spawn_engine(tmp_path / "home", "-Ab3_dash-first-token-xyz", logs=tmp_path / "logs")
    try:
        answer = authorised(running.url, running.token).get(paths.CREDITS)
        assert answer.status_code == 200, answer.text
    finally:
        running.stop()


@pytest.mark.parametrize("argv", [["--token", "-abc"], ["--token=-abc"], ["--port", "0", "--token", "-abc"]])
def test_serve_takes_a_token_that_starts_with_a_dash(argv: list[str]) -> None:
    args = cli._parser().parse_args(cli._token_values_joined(["serve", *argv]))
    assert args.token == "-abc"
