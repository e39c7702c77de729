"""Interrupting a real kernel (what ■, Ctrl-C and jupyter_client do: SIGINT to the kernel's process group) stops the
watching, never the render: the export started in the cell completes."""

from __future__ import annotations

import queue
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.manager import KernelManager

from .conftest import shared_media

CELL_TIMEOUT_S = 180


@pytest.fixture()
def kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("NEMO_HOME", str(tmp_path / "nemo-home"))
    for name in ("NEMO_TOKEN", "NEMO_BACKEND", "NEMO_BASE_URL", "NEMO_QUALITY"):
        monkeypatch.delenv(name, raising=False)
    shutil.copy(shared_media("vibe-ace.mp3"), tmp_path / "song.mp3")
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(tmp_path))
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    try:
        yield manager, client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def _execute(client: Any, code: str, *, until: str | None = None) -> tuple[str, str]:
    """Run ``code``; return (status, text shown). With ``until``, return as soon as that text has been shown."""
    msg_id = client.execute(code)
    shown: list[str] = []
    deadline = time.monotonic() + CELL_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            msg = client.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        content = msg["content"]
        shown.append(str(content.get("text", "")) + str(content.get("data", {}).get("text/plain", "")))
        if msg["msg_type"] == "error":
            shown.append(f"{content.get('ename')}: {content.get('evalue')}")
        if until is not None and until in "".join(shown):
            return "running", "".join(shown)
        if msg["msg_type"] == "status" and content["execution_state"] == "idle":
            reply = client.get_shell_msg(timeout=10)
            return reply["content"]["status"], "".join(shown)
    raise AssertionError(f"the cell did not finish in {CELL_TIMEOUT_S} s: {''.join(shown)[-2000:]}")


@pytest.mark.slow
def test_interrupting_the_kernel_keeps_the_render_running(kernel: Any) -> None:
    manager, client = kernel
    setup = (
        "%load_ext nemo_notebook\n"
        "%nemo upload song.mp3\n"
        "%nemo create a video from this music with beat-synced cuts\n"
        "print('ready')"
    )
    status, text = _execute(client, setup)
    assert status == "ok" and "ready" in text, text[-2000:]
    msg_id = client.execute("job = %nemo export --quality low -o song.mp4")
    time.sleep(4.0)  # the render has started (analysis is cached; the export is queued and running)
    manager.interrupt_kernel()  # SIGINT to the kernel's whole process group, as Jupyter sends it
    deadline = time.monotonic() + CELL_TIMEOUT_S
    while time.monotonic() < deadline:  # the interrupted cell ends
        reply = client.get_shell_msg(timeout=CELL_TIMEOUT_S)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    status, text = _execute(
        client,
        "job.wait()\nfinal = job.refresh()\nprint('STATUS', final.status, final.error)",
    )
    assert status == "ok", text[-2000:]
    assert "STATUS completed None" in text, text[-2000:]


def _complete(client: Any, code: str) -> list[str]:
    msg_id = client.complete(code, len(code))
    while True:
        reply = client.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            content = reply["content"]
            return [code[: content["cursor_start"]] + match for match in content["matches"]]


def test_completion_through_the_kernel_offers_only_the_commands_own_words(kernel: Any, tmp_path: Path) -> None:
    _, client = kernel
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "clip.mp4").write_bytes(b"")
    status, text = _execute(client, "%load_ext nemo_notebook")
    assert status == "ok", text
    assert _complete(client, "%nemo export --") == [
        "%nemo export --embed", "%nemo export --format", "%nemo export --quality"
    ]  # fmt: skip
    assert _complete(client, "%nemo upload me") == ["%nemo upload media/"]
    assert _complete(client, "%nemo upload media/") == ["%nemo upload media/clip.mp4"]
    assert "%nemo export --quality preview" in _complete(client, "%nemo export --quality ")
    assert all(
        m.split()[-1] in ("high", "medium", "low", "preview") for m in _complete(client, "%nemo export --quality ")
    )
    assert _complete(client, "x = 1; ab")[:1] == ["x = 1; abs"]  # Python completion elsewhere is untouched


def test_an_upload_in_a_kernel_is_checked_by_a_worker_that_never_runs_the_notebook(kernel: Any) -> None:
    """The engine inside the kernel starts its media worker as a fresh interpreter: the notebook's cells are not run
    in it (``RUNS`` counts runs of the cell), and the upload is checked there."""
    _, client = kernel
    code = (
        "RUNS = globals().get('RUNS', 0) + 1\n"
        "%load_ext nemo_notebook\n"
        "%nemo upload song.mp3\n"
        "from nemo_notebook.engine import WorkLimits\n"
        "from nemo_notebook.engine.workers import pool_for\n"
        "print('workers', len(pool_for(WorkLimits()).pids()), 'runs', RUNS)"
    )
    status, text = _execute(client, code)
    assert status == "ok" and "song.mp3 — audio" in text, text[-2000:]
    assert "workers 1 runs 1" in text, text[-2000:]
