"""What a user watches: an interrupted export prints one line and goes on, `%nemo cancel` stops it, commands return
objects that show themselves, and each notebook keeps its own session."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.notebook.commands import Commands
from nemo_notebook.notebook.controller import Controller
from nemo_notebook.notebook.settings import Nemo

from .conftest import all_text, run, shared_media


@pytest.fixture(scope="module")
def ready(shell: Any, workdir: Path) -> Any:
    """A session with a song and a long timeline (a render of it takes a while)."""
    shell.user_ns["song"] = str(shared_media("vibe-ace.mp3"))
    for cell in (
        "%nemo session new",
        '%nemo upload "{song}"',
        "%nemo create a video from this music with beat-synced cuts",
    ):
        result, captured = run(shell, cell)
        assert result.success, all_text(captured)
    return shell


def _interrupting_wait(self: Any, **_: Any) -> Any:
    raise KeyboardInterrupt


def test_an_interrupted_export_prints_one_line_and_the_render_goes_on_until_cancelled(
    ready: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nemo_notebook.client import RenderJob

    with monkeypatch.context() as patch:
        patch.setattr(RenderJob, "wait", _interrupting_wait)
        result, captured = run(ready, "job = %nemo export --quality high -o never.mp4")
    assert result.success and "Traceback" not in all_text(captured)
    lines = [line for line in captured.stdout.splitlines() if line.strip()]
    stopped = [line for line in lines if line.startswith("⏸")]
    assert len(stopped) == 1, lines
    job = ready.user_ns["job"]
    assert isinstance(job, RenderJob)
    assert f"`%nemo cancel {job.id}`" in stopped[0] and "`%nemo renders`" in stopped[0]
    assert lines[-2].startswith("[") and lines[-2].endswith("interrupted")  # the bar says so
    table = ready.run_line_magic("nemo", "renders")
    assert job.id in table.index
    result, captured = run(ready, "%nemo cancel")
    assert result.success, all_text(captured)
    status = job.refresh()
    assert status.status == "failed" and "cancelled" in (status.error or ""), status
    assert f"Stopped export {job.id}" in captured.stdout
    assert not (Path.cwd() / "never.mp4").exists()
    _, again = run(ready, f"%nemo cancel {job.id}")
    assert "already failed" in again.stdout


def test_a_cancelled_render_stops_soon(ready: Any) -> None:
    controller = ready._nemo_notebook[1].commands.controller
    job = controller.session.export(quality="high")
    job.cancel()
    deadline = time.monotonic() + 120
    while not job.refresh().done and time.monotonic() < deadline:
        time.sleep(0.5)
    assert job.status.status == "failed" and "cancelled" in (job.status.error or "")


def test_credits_and_export_return_objects_that_show_themselves(ready: Any) -> None:
    result, captured = run(ready, "c = %nemo credits")
    assert result.success and captured.stdout == ""  # assigned: nothing shown
    credits = ready.user_ns["c"]
    assert credits.available > 0
    assert "Credits: unlimited" in credits._repr_html_()


def test_session_reply_render_and_state_have_html(ready: Any) -> None:
    controller = ready._nemo_notebook[1].commands.controller
    session = controller.session
    token = controller.client._core.token().reveal()
    reply = session.send("add the title 'Live' for the first 2 seconds")
    shown = {
        "session": session._repr_html_(),
        "reply": reply._repr_html_(),
        "state": session.state()._repr_html_(),
        "render": session.renders()[0]._repr_html_(),
    }
    assert session.id in shown["session"]
    assert "Live" in shown["reply"] and "<li>" in shown["reply"]
    assert "Timeline (" in shown["state"] and "vibe-ace.mp3" in shown["state"]
    assert "Export <code>render_" in shown["render"]
    assert not any(token in html for html in shown.values())


def test_each_notebook_has_its_own_session_and_use_shares_one(ready: Any, request: pytest.FixtureRequest) -> None:
    quiet = lambda _: None  # noqa: E731
    first = Controller(Nemo(), say=quiet, notebook=lambda: "/lab/one.ipynb")
    second = Controller(Nemo(), say=quiet, notebook=lambda: "/lab/two.ipynb")
    for controller in (first, second):
        request.addfinalizer(controller.close)
    assert first.session.id != second.session.id
    second_again = Controller(Nemo(), say=quiet, notebook=lambda: "/lab/two.ipynb")
    request.addfinalizer(second_again.close)
    assert second_again.session.id == second.session.id  # a restarted kernel finds its notebook's session
    Commands(second, rich=False).session(f"use {first.session.id}")
    assert Controller(Nemo(), say=quiet, notebook=lambda: "/lab/two.ipynb").session.id == first.session.id


def test_the_kernel_knows_its_notebook_from_jupyter(monkeypatch: pytest.MonkeyPatch) -> None:
    from nemo_notebook.notebook.where import notebook_path

    class Shell:
        def __init__(self, **names: str) -> None:
            self.user_ns = names

    monkeypatch.setenv("JPY_SESSION_NAME", "/lab/notebooks/quickstart.ipynb")
    assert notebook_path(Shell()) == "/lab/notebooks/quickstart.ipynb"
    assert notebook_path(Shell(__vsc_ipynb_file__="/code/a.ipynb")) == "/code/a.ipynb"
    monkeypatch.delenv("JPY_SESSION_NAME")
    assert notebook_path(None) == str(Path.cwd())
