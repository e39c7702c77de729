"""Issue 24: uploads are checked (and turns' files analysed) in worker processes held to fixed memory and time; a
file that needs more is refused saying what would work, the worker is replaced, and the engine keeps serving."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from nemo_notebook.engine import EngineSettings, RunningEngine, WorkLimits
from nemo_notebook.engine.credits import CreditBook
from nemo_notebook.engine.errors import MediaError, TurnCancelled
from nemo_notebook.engine.store import SessionRecord, Store
from nemo_notebook.engine.turn import SessionContext
from nemo_notebook.engine.workers import pool_for
from nemo_notebook.protocol import Draft, paths
from tests.conftest import shared_media
from tests.proof import media
from tests.proof.harness import anonymous_token

from .conftest import assert_error, client_for, new_session, running_engine, upload

pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(sys.platform != "linux", reason="the address-space cap and SIGSTOP are Linux's"),
]


def _client(engine: RunningEngine, token: str | None = None) -> httpx.Client:
    """`client_for` waiting up to 3 minutes: a new pool's first upload starts its worker (seconds, more when busy)."""
    client = client_for(engine, token)
    client.timeout = httpx.Timeout(180.0)
    return client


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_picture_that_needs_more_memory_than_a_worker_has_is_refused_and_the_engine_keeps_serving(
    tmp_path: Path,
) -> None:
    """A 6000×6000 16-bit PNG (36 megapixels, under the pixel limit) decodes to 216 MB; a worker given 96 MB cannot
    hold it. Before the workers, the engine decoded it in its own process, whatever it cost."""
    limits = WorkLimits(memory_bytes=96 * 1024**2, workers=1)
    with running_engine(tmp_path / "home", work=limits) as engine, _client(engine) as api:
        sid = new_session(api)
        answer = upload(api, sid, ("huge.png", media.png_claiming(6000, 6000, bits=16, colour=True)))
        assert_error(answer, 415, 4001, "huge.png", "needed more than the 96 MB of memory", "smaller picture")
        with _client(engine, anonymous_token(engine.url, "another-owner-0001")) as other:
            other_sid = new_session(other)
            assert upload(other, other_sid, ("small.png", media.png(tmp_path))).status_code == 200
            assert other.get(paths.state(other_sid)).status_code == 200
        assert upload(api, sid, ("small.png", media.png(tmp_path))).status_code == 200


def test_a_worker_that_hangs_past_the_deadline_is_killed_and_the_next_upload_works(tmp_path: Path) -> None:
    limits = WorkLimits(stall_timeout_s=5.0, workers=1, memory_bytes=1024**3 + 1)
    with running_engine(tmp_path / "home", work=limits) as engine, _client(engine) as api:
        sid = new_session(api)
        assert upload(api, sid, ("first.png", media.png(tmp_path))).status_code == 200
        (hung,) = pool_for(limits).pids()
        os.kill(hung, signal.SIGSTOP)  # the worker stops answering, as one stuck in a decoder would
        answer = upload(api, sid, ("second.png", media.png(tmp_path)))
        assert_error(answer, 415, 4001, "second.png", "the reader did no work for 5 s", "export it again")
        assert not _alive(hung)
        assert upload(api, sid, ("third.png", media.png(tmp_path))).status_code == 200
        assert pool_for(limits).pids() not in ([], [hung])


def test_a_worker_that_died_while_idle_is_replaced_without_blaming_the_next_file(tmp_path: Path) -> None:
    limits = WorkLimits(workers=1, memory_bytes=1024**3 + 5)
    with running_engine(tmp_path / "home", work=limits) as engine, _client(engine) as api:
        sid = new_session(api)
        assert upload(api, sid, ("first.png", media.png(tmp_path))).status_code == 200
        (dead,) = pool_for(limits).pids()
        os.kill(dead, signal.SIGKILL)
        _wait_until_ended(dead)
        assert upload(api, sid, ("second.png", media.png(tmp_path))).status_code == 200
        assert pool_for(limits).pids() not in ([], [dead])


def _wait_until_ended(pid: int, timeout_s: float = 30.0) -> None:
    """Until ``pid`` has exited (a zombie, or reaped)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return
        if state in ("Z", "X"):
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} did not end within {timeout_s} s")


def test_one_worker_checks_upload_after_upload(tmp_path: Path) -> None:
    """Its imports are paid once: the second upload finds the first upload's worker."""
    limits = WorkLimits(workers=2, memory_bytes=1024**3 + 2)
    with running_engine(tmp_path / "home", work=limits) as engine, _client(engine) as api:
        sid = new_session(api)
        assert pool_for(limits).pids() == []  # started on first need
        assert upload(api, sid, ("song.mp3", media.mp3(tmp_path, seconds=2.0))).status_code == 200
        first = pool_for(limits).pids()
        assert upload(api, sid, ("picture.png", media.png(tmp_path))).status_code == 200
        assert pool_for(limits).pids() == first and len(first) == 1


def test_a_turns_analysis_that_stalls_is_stopped_and_one_stops_with_the_turn(tmp_path: Path) -> None:
    roomy = WorkLimits(analysis_timeout_s=120.0, workers=1, memory_bytes=1024**3 + 3)
    settings = EngineSettings(home=tmp_path / "home", work=roomy)
    settings.make_dirs()
    store = Store(settings.db_path)
    session = SessionRecord("ses_1", "task_1", "bind_1", "local", "project", "en", time.time())
    store.add_session(session, Draft.empty().to_wire())

    def context(limits: WorkLimits) -> SessionContext:
        lent = replace(settings, work=limits)
        return SessionContext(
            store=store, settings=lent, session=session, owner="local", credits=CreditBook(store, None)
        )

    def generated(ctx: SessionContext, source: Path, name: str) -> str:
        path = ctx.new_file(source.suffix)
        shutil.copy(source, path)
        return ctx.add_generated(path, name).id  # checked in a worker

    try:
        ctx = context(roomy)
        song = generated(ctx, shared_media("vibe-ace.mp3"), "song.mp3")
        tone = generated(ctx, media.mp3(tmp_path, seconds=2.0), "tone.mp3")
        still = generated(ctx, media.png(tmp_path), "still.png")
        heard: list[float] = []
        assert round(ctx.audio_analysis(song, progress=heard.append).tempo_bpm) == 130
        assert heard and max(heard) <= 1.0  # the worker's progress, heard here
        tight = WorkLimits(stall_timeout_s=2.0, workers=1, memory_bytes=1024**3 + 4)
        ctx = context(tight)
        assert round(ctx.audio_analysis(song).tempo_bpm) == 130 and pool_for(tight).pids() == []  # from the cache
        assert ctx.picture_appeal(still) is not None  # milliseconds in a worker, which stays
        (hung,) = pool_for(tight).pids()
        os.kill(hung, signal.SIGSTOP)
        with pytest.raises(
            MediaError, match=r"tone\.mp3: analysing its sound stopped: the reader did no work for 2 s"
        ) as refused:
            ctx.audio_analysis(tone)
        assert refused.value.code == 4001 and "shorter track" in str(refused.value) and not _alive(hung)
        assert ctx.picture_appeal(still) is not None  # in a new worker
        assert ctx.picture_sharpness(still) is not None  # in a worker too
        ctx.cancel()
        with pytest.raises(TurnCancelled):
            ctx.audio_analysis(tone)
        assert pool_for(tight).pids() == []  # the cancelled turn's worker was stopped with it
    finally:
        store.close()


SCRIPT = """\
from pathlib import Path
with open("runs.txt", "a") as runs:
    runs.write("ran\\n")
from nemo_notebook import Client
client = Client()
session = client.sessions.create(language="en")
print("uploaded", session.upload("picture.png").kind.value)
client.close()
"""


def test_a_users_script_without_a_main_guard_runs_once(tmp_path: Path) -> None:
    """The worker is a fresh interpreter importing only this package: ``multiprocessing``'s ``spawn`` would import the
    user's script again in it (and stop, or upload again)."""
    (tmp_path / "make.py").write_text(SCRIPT, encoding="utf-8")
    shutil.copy(media.png(tmp_path), tmp_path / "picture.png")
    keep = {k: v for k, v in os.environ.items() if not k.startswith("NEMO_")}
    env = {**keep, "NEMO_HOME": str(tmp_path / "home"), "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "make.py"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=150, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "uploaded" in done.stdout and "image" in done.stdout, done.stdout
    assert (tmp_path / "runs.txt").read_text() == "ran\n"


def test_serve_takes_the_media_workers_limits_from_its_flags(tmp_path: Path) -> None:
    from nemo_notebook.cli import _parser, _settings

    plain = _settings(_parser().parse_args(["serve", "--home", str(tmp_path)])).work
    assert plain == WorkLimits()
    flags = ["--media-workers", "3", "--worker-memory-mb", "512", "--analysis-timeout-s", "120"]
    chosen = _settings(_parser().parse_args(["serve", "--home", str(tmp_path), *flags])).work
    assert (chosen.worker_count, chosen.memory_bytes, chosen.analysis_timeout_s) == (3, 512 * 1024**2, 120.0)
