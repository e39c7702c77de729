"""A slow or loaded machine (a Binder, a laptop on battery, a 2-core CI beside other jobs) refuses no file: a media
worker's time is the processor time it uses (``workers.clock``), not the wall clock's. A worker stopped with SIGSTOP
gets no processor at all, what a machine at load 20 nearly gives it; the test sets the limits it runs against."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from nemo_notebook.engine import EngineSettings, WorkLimits
from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.credits import CreditBook
from nemo_notebook.engine.store import SessionRecord, Store
from nemo_notebook.engine.turn import SessionContext
from nemo_notebook.engine.workers import pool_for
from nemo_notebook.engine.workers.clock import JobClock
from nemo_notebook.protocol import Draft
from tests.conftest import shared_media

pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(sys.platform != "linux", reason="SIGSTOP and /proc are Linux's"),
]


def _taken(limits: WorkLimits, pid: int) -> None:
    """Until the pool has handed its idle worker ``pid`` a job."""
    while pid in pool_for(limits).pids():
        time.sleep(0.01)


def test_an_analysis_held_up_past_its_time_by_a_busy_machine_still_finishes(tmp_path: Path) -> None:
    """The worker is stopped for twice ``analysis_timeout_s`` once it holds the song: with the wall clock's deadline
    (main ca12819) the song was refused ("analysing its sound took longer than 3 s", 4001) and a turn made no
    timeline; timed by its work, the analysis goes on when the worker runs again and hears the song's 130 BPM."""
    limits = WorkLimits(analysis_timeout_s=3.0, workers=1, memory_bytes=1024**3 + 6)
    settings = EngineSettings(home=tmp_path / "home", work=limits)
    settings.make_dirs()
    store = Store(settings.db_path)
    session = SessionRecord("ses_1", "task_1", "bind_1", "local", "project", "en", time.time())
    store.add_session(session, Draft.empty().to_wire())
    ctx = SessionContext(
        store=store, settings=settings, session=session, owner="local", credits=CreditBook(store, None)
    )
    try:
        path = ctx.new_file(".mp3")
        shutil.copy(shared_media("vibe-ace.mp3"), path)
        song = ctx.add_generated(path, "song.mp3").id  # checked in a worker, which stays
        (worker,) = pool_for(limits).pids()
        os.kill(worker, signal.SIGSTOP)
        heard: list[AudioAnalysis | Exception] = []

        def analyse() -> None:
            try:
                heard.append(ctx.audio_analysis(song))
            except Exception as exc:
                heard.append(exc)

        analysis = threading.Thread(target=analyse)
        analysis.start()
        _taken(limits, worker)
        time.sleep(2 * limits.analysis_timeout_s)
        with contextlib.suppress(ProcessLookupError):  # killed at the deadline, as on main
            os.kill(worker, signal.SIGCONT)
        analysis.join(120)
        (outcome,) = heard
        assert isinstance(outcome, AudioAnalysis), outcome
        assert round(outcome.tempo_bpm) == 130
        assert pool_for(limits).pids() == [worker]  # the same worker, kept
    finally:
        store.close()


def test_a_worker_that_keeps_the_processor_busy_uses_up_its_work_and_one_that_does_nothing_stalls() -> None:
    """What the clock still stops: a reader looping for ever (processor time past ``work_s`` on each core) and a
    reader blocked (no processor time, no progress, for ``stall_s`` of a clock the test moves by hand)."""
    looping = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    blocked = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        clock = JobClock(looping.pid, work_s=0.05, stall_s=600.0)
        verdicts = set()
        for _ in range(600):  # until it has used 0.05 s on each core (an idle core gives it that in a few tenths)
            verdicts.add(clock.overdue())
            if "time" in verdicts:
                break
            time.sleep(0.1)
        assert verdicts == {None, "time"}
        now = [0.0]
        stalled = JobClock(blocked.pid, work_s=60.0, stall_s=5.0, wall=lambda: now[0])
        now[0] = 4.9
        assert stalled.overdue() is None
        stalled.moved()  # progress reported
        now[0] = 9.8
        assert stalled.overdue() is None
        now[0] = 10.0
        assert stalled.overdue() == "stall"
    finally:
        looping.kill()
        blocked.kill()
        looping.wait()
        blocked.wait()
