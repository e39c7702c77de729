"""What the proof tests share: an authorised HTTP client, snapshots of files and state, and little servers on loopback."""

from __future__ import annotations

import http.server
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

import httpx

from nemo_notebook.protocol import paths

SKILL_HEADERS = {paths.HEADER_SOURCE: "nemo-notebook", paths.HEADER_VERSION: "0.1.0", paths.HEADER_PLATFORM: "ipython"}
_DB_FILES = ("engine.sqlite3", "engine.sqlite3-wal", "engine.sqlite3-shm", "engine.sqlite3-journal")


def authorised(url: str, token: str, *, timeout_s: float = 30.0) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}", **SKILL_HEADERS}
    return httpx.Client(base_url=url, headers=headers, timeout=timeout_s)


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

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        route = self.routes.get(self.path.split("?")[0])
        if route is None:
            self.send_error(404)
            return
        route(self)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the standard library's name)
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
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never says a word; yields its base URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            held.append(conn)

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
