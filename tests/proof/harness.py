"""What the proof tests share: an authorised HTTP client, snapshots of files and state, and little servers on loopback."""

from __future__ import annotations

import contextlib
import http.server
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import httpx

from nemo_notebook.protocol import paths

SKILL_HEADERS = {paths.HEADER_SOURCE: "nemo-notebook", paths.HEADER_VERSION: "0.1.0", paths.HEADER_PLATFORM: "ipython"}
_DB_FILES = ("engine.sqlite3", "engine.sqlite3-wal", "engine.sqlite3-shm", "engine.sqlite3-journal")


_OPEN_CLIENTS: list[httpx.Client] = []


def authorised(url: str, token: str, *, timeout_s: float = 30.0) -> httpx.Client:
    """An httpx client sending ``token`` and the X-Skill headers; closed when the test session ends."""
    headers = {"Authorization": f"Bearer {token}", **SKILL_HEADERS}
    client = httpx.Client(base_url=url, headers=headers, timeout=timeout_s)
    _OPEN_CLIENTS.append(client)
    return client


def close_clients() -> None:
    while _OPEN_CLIENTS:
        _OPEN_CLIENTS.pop().close()


def files_under(folder: Path, *, skip_db: bool = True) -> dict[str, int]:
    """Every file below ``folder`` (relative path → size); the SQLite files are left out when ``skip_db``."""
    found: dict[str, int] = {}
    if not folder.exists():
        return found
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            rel = str(path.relative_to(folder))
            if skip_db and rel in _DB_FILES:
                continue
            found[rel] = path.stat().st_size if path.exists() else -1
    return found


def state_of(client: httpx.Client, session_id: str) -> dict[str, Any]:
    answer = client.get(paths.state(session_id))
    assert answer.status_code == 200, answer.text
    state: dict[str, Any] = answer.json()["data"]["state"]
    return state


def new_session(client: httpx.Client) -> str:
    answer = client.post(paths.CREATE_SESSION, json={"task_name": "proof", "language": "en"})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["data"]["session_id"])


def upload_bytes(client: httpx.Client, session_id: str, name: str, content: bytes) -> httpx.Response:
    return client.post(paths.upload(session_id), files=[("files", (name, content))])


def anonymous_token(url: str, client_id: str) -> str:
    answer = httpx.post(url + paths.ANONYMOUS_TOKEN, headers={paths.HEADER_CLIENT_ID: client_id}, timeout=10)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["data"]["token"])


def wait_for_render(client: httpx.Client, render_id: str, *, deadline_s: float = 90.0) -> dict[str, Any]:
    """Poll a render until it is completed or failed (or fail the test at the deadline)."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        job: dict[str, Any] = client.get(f"{paths.RENDER}/{render_id}").json()["data"]
        if job["status"] in ("completed", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"render {render_id} did not finish within {deadline_s} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[Mapping[str, Callable[[http.server.BaseHTTPRequestHandler], None]]] = {}

    def do_GET(self) -> None:
        route = self.routes.get(self.path.split("?")[0])
        if route is None:
            self.send_error(404)
            return
        route(self)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def redirect_to(location: str) -> Callable[[http.server.BaseHTTPRequestHandler], None]:
    def answer(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return answer


def serve_bytes(content: bytes, content_type: str, *, declare_length: bool = True) -> Callable[[Any], None]:
    def answer(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        if declare_length:
            handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        handler.wfile.write(content)

    return answer


def drip(byte_every_s: float, *, for_s: float = 30.0) -> Callable[[Any], None]:
    """An answer that promises 500 kB and sends one byte every ``byte_every_s`` (until the reader leaves)."""

    def answer(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "audio/mpeg")
        handler.send_header("Content-Length", str(500_000))
        handler.end_headers()
        end = time.monotonic() + for_s
        with contextlib.suppress(OSError):
            while time.monotonic() < end:
                handler.wfile.write(b"\xff")
                handler.wfile.flush()
                time.sleep(byte_every_s)

    return answer


@contextmanager
def web_server(routes: Mapping[str, Callable[[Any], None]], host: str = "127.0.0.1") -> Iterator[str]:
    """A plain HTTP server on ``host`` answering ``routes`` (path → handler); yields its base URL."""
    handler = type("Routes", (_Handler,), {"routes": dict(routes)})
    server = http.server.ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def tcp_server(on_connection: Callable[[socket.socket], bool]) -> Iterator[str]:
    """A loopback TCP server that hands each connection to ``on_connection``: one it answers True for is held open
    until the server stops, the others are closed at once. Yields its base URL."""
    listener = socket.create_server(("127.0.0.1", 0), backlog=16)
    listener.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            if on_connection(conn):
                held.append(conn)
            else:
                conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(2)
        for conn in held:
            conn.close()
        listener.close()


def silent_server() -> contextlib.AbstractContextManager[str]:
    """A server that accepts connections and never says a word; yields its base URL."""
    return tcp_server(lambda conn: True)


@dataclass
class EngineProcess:
    """``nemo-notebook serve`` in its own process (and process group), its output going to files."""

    proc: subprocess.Popen[bytes]
    url: str
    token: str
    home: Path
    stdout: Path
    stderr: Path

    def kill(self) -> None:
        """SIGKILL: no shutdown code of the engine runs."""
        self.proc.kill()
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def spawn_engine(
    home: Path, token: str | None, *, logs: Path, env: Mapping[str, str] | None = None, args: Sequence[str] = ()
) -> EngineProcess:
    """Start ``python -m nemo_notebook.cli serve`` on a free port and wait until it answers; without ``token`` the
    engine makes one and keeps it in ``<home>/token``."""
    logs.mkdir(parents=True, exist_ok=True)
    run = len(list(logs.glob("stdout-*.txt")))
    stdout, stderr = logs / f"stdout-{run}.txt", logs / f"stderr-{run}.txt"
    cmd = [sys.executable, "-m", "nemo_notebook.cli", "serve", "--home", str(home), "--port", "0"]
    cmd += ["--token", token] if token else []
    with stdout.open("wb") as out, stderr.open("wb") as err:
        proc = subprocess.Popen([*cmd, *args], stdout=out, stderr=err, env={**os.environ, **(env or {})},
                                start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(r"serving (http://\S+)", stdout.read_text(errors="replace"))
        if found:
            token = token or (home / "token").read_text().strip()
            return EngineProcess(proc, found.group(1), token, home, stdout, stderr)
        if proc.poll() is not None:
            raise AssertionError(f"the engine exited: {stderr.read_text(errors='replace')[-2000:]}")
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("the engine did not start within 60 s")


def processes_mentioning(text: str) -> list[int]:
    """Ids of live processes whose command line contains ``text`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            status = (entry / "status").read_text()
        except OSError:
            continue
        if text in cmdline and "State:\tZ" not in status:
            found.append(int(entry.name))
    return found


class CuttingProxy:
    """A TCP proxy on loopback that passes everything through, except that once a request for ``trigger`` has gone
    by, it lets ``cut_after`` bytes of the answer through and then drops both connections, as a network would."""

    def __init__(self, upstream: str, *, trigger: bytes, cut_after: int) -> None:
        host, port = upstream.removeprefix("http://").rsplit(":", 1)
        self._upstream = (host, int(port))
        self._trigger = trigger
        self._cut_after = cut_after
        self.cuts = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self._upstream)
            self._sockets += [client, server]
            armed = threading.Event()
            threading.Thread(target=self._upward, args=(client, server, armed), daemon=True).start()
            threading.Thread(target=self._downward, args=(server, client, armed), daemon=True).start()

    def _upward(self, client: socket.socket, server: socket.socket, armed: threading.Event) -> None:
        with contextlib.suppress(OSError):
            while data := client.recv(65536):
                if self._trigger in data:
                    armed.set()
                server.sendall(data)

    def _downward(self, server: socket.socket, client: socket.socket, armed: threading.Event) -> None:
        passed = 0
        with contextlib.suppress(OSError):
            while data := server.recv(65536):
                if armed.is_set():
                    room = self._cut_after - passed
                    client.sendall(data[:room])
                    passed += len(data[:room])
                    if passed >= self._cut_after:
                        self.cuts += 1
                        break
                else:
                    client.sendall(data)
        for sock in (client, server):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        self._listener.close()
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.close()
