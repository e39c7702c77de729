"""Streams as the hosted service may send them: without ``turnComplete``, without words (the commit landing a
moment after the stream closed), with nothing but heartbeats for up to 15 minutes, with no bytes at all, or with a
line that never ends."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from nemo_notebook.client import ChatLimits, Heartbeat, StreamError, Timeout
from nemo_notebook.client._chat import TurnReader
from nemo_notebook.protocol import paths

from ..both import open_client
from ..fakecloud import ClosingStream
from .hosted import SESSION, TITLE_DRAFT, HostedService, Wording

ADDED = 'Done. What changed: added Title: "Urban Dreams" (0-3s).'


def test_a_stream_without_turn_complete_keeps_its_words(hosted: HostedService, user: Any, slept: list[float]) -> None:
    hosted.wording = Wording(turn_complete=False)
    reply = user.sessions.create().send("add a title")
    assert reply.text == "Added a title." and not reply.complete and slept == []


def test_a_wordless_stream_whose_commit_lands_a_moment_later_reports_it(
    hosted: HostedService, user: Any, slept: list[float]
) -> None:
    hosted.wording = Wording(turn_complete=False)
    hosted.reply, hosted.commit_after_stream, hosted.commit_delay_reads = [], TITLE_DRAFT, 2
    reply = user.sessions.create().send("add a title")
    assert reply.text == ADDED and reply.changes == ('added Title: "Urban Dreams" (0-3s)',)
    assert slept == [0.25, 0.25] and reply.version == 2


def test_a_wordless_stream_that_never_commits_is_read_a_few_seconds_at_most(
    hosted: HostedService, user: Any, slept: list[float]
) -> None:
    hosted.wording = Wording(turn_complete=False)
    hosted.reply = []
    reply = user.sessions.create().send("add a title")
    assert reply.text == "Done. The timeline did not change." and reply.changes == ()
    assert slept == [0.25] * 11 and hosted.called(paths.state(SESSION)) == 1 + 12


def test_a_complete_wordless_turn_is_believed_at_once(hosted: HostedService, user: Any, slept: list[float]) -> None:
    hosted.reply = []
    assert user.sessions.create().send("add a title").text == "Done. The timeline did not change."
    assert slept == [] and hosted.called(paths.state(SESSION)) == 2


class EndlessLine(ClosingStream):
    """``data: xxxx…`` without a line end, counting what the client pulled."""

    def __init__(self) -> None:
        super().__init__([])
        self.pulled = 0

    def __iter__(self) -> Iterator[bytes]:
        yield b"data: "
        while self.pulled < 64 * 2**20:
            self.pulled += 2**16
            yield b"x" * 2**16


def test_a_line_that_never_ends_is_refused_at_one_mebibyte(hosted: HostedService, user: Any) -> None:
    streams: list[EndlessLine] = []
    hosted.stream_body = lambda: streams.append(EndlessLine()) or streams[-1]  # type: ignore[func-returns-value]
    session = user.sessions.create()
    with pytest.raises(StreamError) as caught:
        session.send("add a title")
    assert caught.value.message == "a line of the stream is longer than 1 MiB"
    assert "not sending server-sent events" in caught.value.hint
    assert streams[0].pulled <= 2**20 + 2**16 and streams[0].closed and hosted.called(paths.RUN_SSE) == 1


def test_heartbeats_alone_keep_a_turn_alive_for_fifteen_minutes() -> None:
    now = [0.0]
    reader = TurnReader(ChatLimits(), clock=lambda: now[0])
    beats: list[Any] = []
    while now[0] < 15 * 60 - 15:
        now[0] += 15.0
        beats += reader.feed(b": ping\n\n")
    assert len(beats) == 59 and all(isinstance(b, Heartbeat) for b in beats) and beats[-1].still_working
    now[0] += 16.0
    with pytest.raises(Timeout) as caught:
        reader.feed(b": ping\n\n")
    assert caught.value.message == "the agent's reply took longer than 15 minutes"


@pytest.mark.parametrize(
    ("timeout", "silence", "read"), [(None, None, 900.0), (httpx.Timeout(10.0), None, 10.0), (None, 5.0, 5.0)]
)
def test_the_streams_read_timeout_is_never_longer_than_the_silence_clock(
    hosted: HostedService, client_home: Path, timeout: Any, silence: float | None, read: float
) -> None:
    limits = ChatLimits(silence_timeout_s=silence) if silence else None
    kwargs: dict[str, Any] = {"chat_limits": limits} if limits else {}
    with hosted.client(client_home, timeout=timeout, **kwargs) as client:
        client.sessions.create().send("add a title")
    sent = next(r for r in hosted.requests if r.url.path == paths.RUN_SSE)
    assert sent.extensions["timeout"]["read"] == read


class _SilentService(http.server.BaseHTTPRequestHandler):
    """Answers create and state as API.md words them; ``/run_sse`` sends its headers and then nothing."""

    released = threading.Event()

    def do_GET(self) -> None:
        self._json({"state": {"draft": {"t": [], "d": 0, "m": {}}, "version": 1}, "bind_id": "b"})

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path != paths.RUN_SSE:
            self._json({"task_id": "t", "session_id": SESSION, "bind_id": "b"})
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.wfile.flush()
        self.released.wait(60)

    def _json(self, data: Any) -> None:
        body = json.dumps({"code": 0, "message": "ok", "data": data}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_a_stream_that_sends_no_bytes_ends_at_the_silence_clock(client_home: Path, flavour: str) -> None:
    _SilentService.released = threading.Event()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SilentService)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    limits = ChatLimits(silence_timeout_s=1.0)
    try:
        with (
            open_client(flavour, base_url=url, token="t" * 20, home=client_home, timeout=None, chat_limits=limits) as c,
            pytest.raises(Timeout) as caught,
        ):
            c.sessions.create().send("add a title")
    finally:
        _SilentService.released.set()
        server.shutdown()
        server.server_close()
    assert caught.value.message == "no words from the agent for 1 s"
