"""A kept-alive connection that the server closes, idle, just as the client sends a request on it.

The engine (uvicorn) closes a connection left idle for its keep-alive time; a request that arrives as it does is
never read, and the kernel answers it with a reset: "connection reset by peer" (issue 29, a state read after a chat).
The server here is a tiny one on loopback that does exactly that, every time, on its first connection: once it has
answered ``answered`` requests there, it closes it as the next request arrives, unread. A request that is safe to
repeat goes again on a new connection; one that may have reached the server does not.
"""

from __future__ import annotations

import json
import select
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.client import TransportError
from nemo_notebook.engine import EngineSettings
from nemo_notebook.protocol import Draft, Segment, Track, TrackType, paths

from .both import open_client

TOKEN = "kept-alive-secret-token-0123456789"
SESSION = "s1"
DRAFT = Draft(
    tracks=(Track(TrackType.TEXT, (Segment(0, 3000, meta={"text": "Urban Dreams", "role": "title"}),)),),
    duration_ms=3000,
    meta={"aspect": "16:9", "fps": 30},
)


class ClosingServer:
    """HTTP/1.1 on 127.0.0.1 with kept-alive connections; the first is closed, unread, as its request number
    ``answered + 1`` arrives. ``answered`` and ``dropped`` list the request lines it answered and dropped."""

    def __init__(self, answered: int) -> None:
        self.keep = answered
        self.answered: list[str] = []
        self.dropped: list[str] = []
        self.bodies: list[Any] = []
        self.connections = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self.sock.close()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn, self.connections == 1), daemon=True).start()

    def _serve(self, conn: socket.socket, first: bool) -> None:
        with conn:
            served = 0
            while True:
                if first and served == self.keep:
                    select.select([conn], [], [], 30)  # the next request is here: close with it unread (a reset)
                    self.dropped.append(conn.recv(4096, socket.MSG_PEEK).split(b"\r\n", 1)[0].decode())
                    return
                request = _read_request(conn)
                if request is None:
                    return
                line, body = request
                self.answered.append(line)
                conn.sendall(self._answer(line, body))
                served += 1

    def _answer(self, line: str, body: bytes) -> bytes:
        path = line.split(" ")[1]
        data: Any = {"available": 100, "frozen": 0, "total": 100}
        if path == paths.state(SESSION):
            state = {"draft": DRAFT.to_wire(), "video_infos": [], "generated_media": [], "version": 3}
            data = {"state": state, "bind_id": "b1"}
        elif path == paths.CREATE_SESSION:
            data = {"task_id": "t1", "session_id": SESSION, "bind_id": "b1"}
        elif path == paths.RENDER:
            self.bodies.append(json.loads(body))
            data = {"id": self.bodies[-1]["id"], "status": "queued"}
        content = json.dumps({"code": 0, "message": "success", "data": data}).encode()
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(content)}\r\n\r\n"
        return head.encode() + content


def _read_request(conn: socket.socket) -> tuple[str, bytes] | None:
    """The request line and body of the next request on ``conn``; None when the client closed it."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next((int(v) for k, _, v in (h.partition(":") for h in lines[1:]) if k.lower() == "content-length"), 0)
    while len(body) < length:
        body += conn.recv(65536)
    return lines[0], body


@pytest.fixture
def closing(request: pytest.FixtureRequest) -> Iterator[ClosingServer]:
    server = ClosingServer(answered=request.param)
    yield server
    server.close()


def _request_line(method: str, path: str) -> str:
    return f"{method} {path} HTTP/1.1"


@pytest.mark.parametrize("closing", [1], indirect=True)
def test_a_state_read_goes_again_on_a_new_connection_when_the_server_closed_the_kept_alive_one(
    closing: ClosingServer, client_home: Path, flavour: str
) -> None:
    with open_client(flavour, base_url=closing.url, token=TOKEN, home=client_home) as client:
        session = client.sessions.get(SESSION)  # a first state read leaves its connection in the pool
        state = session.state()  # the server closes that connection as this read arrives on it
    read = _request_line("GET", paths.state(SESSION))
    assert state.version == 3 and state.draft == DRAFT
    assert closing.dropped == [read]
    assert closing.answered == [read, read]
    assert closing.connections == 2


@pytest.mark.parametrize("closing", [1], indirect=True)
def test_a_new_session_is_never_asked_for_twice_when_its_connection_breaks(
    closing: ClosingServer, client_home: Path, flavour: str
) -> None:
    with open_client(flavour, base_url=closing.url, token=TOKEN, home=client_home) as client:
        client.credits()
        with pytest.raises(
            TransportError, match=r"the connection to the server at \S+ broke before the answer came in"
        ) as caught:
            client.sessions.create()  # a POST that may have reached the server: not sent again
    assert closing.dropped == [_request_line("POST", paths.CREATE_SESSION)]
    assert closing.answered == [_request_line("GET", paths.CREDITS)]
    error = caught.value
    assert any(why in error.message for why in ("Connection reset by peer", "Server disconnected"))
    assert "try again" in error.hint
    assert all(TOKEN not in text for text in (str(error), repr(error), str(error.__cause__)))


@pytest.mark.parametrize("closing", [2], indirect=True)
def test_an_export_goes_again_under_its_own_render_id(closing: ClosingServer, client_home: Path, flavour: str) -> None:
    with open_client(flavour, base_url=closing.url, token=TOKEN, home=client_home) as client:
        session = client.sessions.get(SESSION)
        job = session.export()  # reads the state, then its POST meets the closed connection and goes again
    assert closing.dropped == [_request_line("POST", paths.RENDER)]
    assert closing.answered[-1] == _request_line("POST", paths.RENDER)
    assert [body["id"] for body in closing.bodies] == [job.id]
    assert job.status.status == "queued"


def test_the_client_drops_an_idle_connection_before_the_engine_closes_it() -> None:
    from nemo_notebook.client._http import KEEPALIVE_EXPIRY_S

    assert EngineSettings().keep_alive_s >= KEEPALIVE_EXPIRY_S + 5
    assert KEEPALIVE_EXPIRY_S < 5  # uvicorn's own default, which servers speaking API.md may keep
