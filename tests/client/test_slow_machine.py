"""On a slow or loaded machine the client waits for the server's work: an upload whose file the engine's media worker
is held up checking (SIGSTOP: no processor at all, what a machine at load 20 nearly gives it) is answered after the
client's read timeout. The test sets the read timeout it outlasts."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from nemo_notebook.client import Client
from nemo_notebook.engine import EngineSettings, RunningEngine, WorkLimits, start_in_background
from nemo_notebook.engine.workers import pool_for
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.conftest import shared_media

pytestmark = [
    pytest.mark.timeout(240),
    pytest.mark.skipif(sys.platform != "linux", reason="SIGSTOP is Linux's"),
]

READ_S = 2.0
"""The client's read timeout in these tests (60 s by default): the worker is held up for twice as long."""


@contextlib.contextmanager
def _held_up_worker(limits: WorkLimits) -> Iterator[None]:
    """The pool's one idle worker, stopped; it runs again 2 * READ_S after a job takes it."""
    (worker,) = pool_for(limits).pids()
    os.kill(worker, signal.SIGSTOP)

    def hold() -> None:
        while worker in pool_for(limits).pids():  # until a job takes it
            time.sleep(0.01)
        time.sleep(2 * READ_S)
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker, signal.SIGCONT)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        yield
    finally:
        holder.join()


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[tuple[RunningEngine, WorkLimits]]:
    limits = WorkLimits(workers=1, memory_bytes=1024**3 + 7)
    home = tmp_path / "engine"
    running = start_in_background(home=home, settings=EngineSettings(home=home, work=limits))
    try:
        yield running, limits
    finally:
        running.stop()


def test_an_upload_checked_for_longer_than_the_read_timeout_is_answered(
    engine: tuple[RunningEngine, WorkLimits], tmp_path: Path
) -> None:
    """main ca12819: Timeout "the server at ... did not answer in time (ReadTimeout)" after READ_S."""
    running, limits = engine
    timeout = httpx.Timeout(connect=10.0, read=READ_S, write=60.0, pool=30.0)
    with Client(base_url=running.url, token=running.token, home=tmp_path / "home", timeout=timeout) as client:
        session = client.sessions.create()
        session.upload(shared_media("big-buck-bunny-poster.jpg"))  # starts the worker
        with _held_up_worker(limits):
            song: MediaInfo = session.upload(shared_media("vibe-ace.mp3"))
        assert song.kind == MediaKind.AUDIO and abs((song.duration_ms or 0) - 61_459) < 100
        assert [m.name for m in session.state().media] == ["big-buck-bunny-poster.jpg", "vibe-ace.mp3"]
