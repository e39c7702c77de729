"""Fixtures of the client's tests: real engines on loopback, one with the real agent and one with a scripted agent
that does exactly what a test's message says (so the engine can produce silences, screen words, no-text turns)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.client import Client
from nemo_notebook.engine import EngineSettings, RunningEngine, start_in_background
from nemo_notebook.engine.agent.context import Intent, Say, StateChanged
from nemo_notebook.protocol import Draft, Segment, Track, TrackType

from .both import FLAVOURS, open_client
from .fakecloud import FakeCloud

TITLE_DRAFT = Draft(
    tracks=(Track(TrackType.TEXT, (Segment(0, 3000, meta={"text": "Urban Dreams", "role": "title"}),)),),
    duration_ms=3000,
    meta={"aspect": "16:9", "fps": 30},
)


class ScriptedAgent:
    """Reads the message as a script: ``say A|B|C`` says A, B, C as separate pieces; ``wait S`` stays silent for
    S seconds (heartbeats flow) and then says ``done``; ``silent title`` commits a draft with a title and says
    nothing; ``cost N …`` costs N credits."""

    def interpret(self, text: str, ctx: Any) -> Intent:
        cost = 0
        if text.startswith("cost "):
            _, number, text = text.split(" ", 2)
            cost = int(number)
        return Intent("script", {"text": text}, cost=cost)

    def execute(self, intent: Intent, ctx: Any) -> Iterator[Any]:
        verb, _, rest = str(intent.args["text"]).partition(" ")
        if verb == "say":
            for piece in rest.split("|"):
                yield Say(piece)
        elif verb == "wait":
            end = time.monotonic() + float(rest)
            while time.monotonic() < end and not ctx.cancelled:
                time.sleep(0.02)
            yield Say("done")
        elif verb == "silent":
            yield StateChanged(ctx.commit(TITLE_DRAFT, note="title"))


def _start(home: Path, **settings: Any) -> RunningEngine:
    agent = settings.pop("agent", None)
    return start_in_background(home=home, settings=EngineSettings(home=home, **settings), agent=agent)


@pytest.fixture(scope="module")
def engine_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("engine-home")


@pytest.fixture(scope="module")
def real_engine(engine_home: Path) -> Iterator[RunningEngine]:
    """The engine with the real agent, shared by a module's tests (each makes its own session)."""
    running = _start(engine_home, allow_private_urls=True)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def scripted_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEngine]:
    running = _start(tmp_path_factory.mktemp("scripted-home"), agent=ScriptedAgent(), heartbeat_interval_s=0.05)
    yield running
    running.stop()


@pytest.fixture
def client_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "client-home"
    for name in ("NEMO_TOKEN", "NEMO_BACKEND", "NEMO_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NEMO_HOME", str(home))
    return home


@pytest.fixture(params=FLAVOURS)
def flavour(request: pytest.FixtureRequest) -> str:
    """``sync`` or ``async``: which client a test drives (the async one through a blocking facade)."""
    return str(request.param)


@pytest.fixture
def client(real_engine: RunningEngine, client_home: Path, flavour: str) -> Iterator[Client]:
    with open_client(flavour, base_url=real_engine.url, token=real_engine.token, home=client_home) as c:
        yield c


@pytest.fixture
def scripted(scripted_engine: RunningEngine, client_home: Path, flavour: str) -> Iterator[Client]:
    with open_client(flavour, base_url=scripted_engine.url, token=scripted_engine.token, home=client_home) as c:
        yield c


@pytest.fixture
def cloud(flavour: str) -> FakeCloud:
    return FakeCloud(flavour)


class FileServer:
    """A loopback HTTP server for URL uploads, serving one folder."""

    def __init__(self, folder: Path) -> None:
        import functools
        import http.server

        self.folder = folder
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _quiet_base() -> type:
    import http.server

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Quiet


_QuietHandler = _quiet_base()


@pytest.fixture
def file_server(tmp_path: Path) -> Iterator[FileServer]:
    folder = tmp_path / "served"
    folder.mkdir()
    server = FileServer(folder)
    yield server
    server.close()
