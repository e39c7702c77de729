"""A real browser: JupyterLab 4 and Notebook 7 on loopback, Debian's Chromium driven by Playwright (no browser
download).

- the quickstart notebook run top to bottom, the Studio's Export button pressed, the video element playable, and the
  saved notebook small (the video is linked, not embedded);
- in each front end, starting in one theme and ending in the other: the agent's words in the cell 5 s into a
  request, before the turn completes, with the elapsed time counting; an export interrupted in one line (no
  traceback) and then cancelled; the timeline picture in both themes. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import REPO

MB = 1024 * 1024
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], deadline_s: float = 120.0) -> None:
    stop = time.monotonic() + deadline_s
    while time.monotonic() < stop:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"JupyterLab did not answer at {url} within {deadline_s:.0f} s")


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    """JupyterLab serving a copy of the notebooks and the media they use; yields (base URL, its token, root)."""
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine: .ci/run installs Debian's chromium; apt-get install chromium")
    root = tmp_path / "lab"
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    shutil.copytree(REPO / "examples", root / "examples")
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "NEMO_HOME": str(tmp_path / "nemo-home"), "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter")}
    env.update(NEMO_QUALITY="low", NEMO_EXAMPLE_SECONDS="10")
    log = (tmp_path / "lab.log").open("wb")
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}"]
    cmd += [f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--allow-root"]
    # lets the test run commands as the menus do, in JupyterLab and in Notebook 7 (served by the same server)
    cmd += ["--LabApp.expose_app_in_browser=True", "--JupyterNotebookApp.expose_app_in_browser=True"]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/api/status?token={token}", proc)
        yield f"http://127.0.0.1:{port}", token, root
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
KERNEL_READY = """() => {
  const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = widget && widget.sessionContext && widget.sessionContext.session
    && widget.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""
RUN_ALL = "() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }"  # not awaited: it ends late
# a video beyond the ones shown before Export was pressed, with a source the browser can play
NEW_PLAYABLE_VIDEO = """(before) => {
  const videos = [...document.querySelectorAll('video')];
  return videos.length > before && videos.slice(before).some(v => v.readyState >= 2 && v.duration > 0);
}"""


@pytest.mark.timeout(1500)
def test_quickstart_runs_in_chromium_and_export_shows_a_playable_video(lab: tuple[str, str, Path]) -> None:
    from playwright.sync_api import sync_playwright

    base, lab_token, root = lab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(f"{base}/lab/tree/notebooks/quickstart.ipynb?token={lab_token}")
            page.click(".jp-Notebook .jp-Cell >> nth=1", timeout=120_000)  # the notebook is the current widget
            page.wait_for_function(KERNEL_READY, timeout=180_000)
            page.evaluate(RUN_ALL)
            page.wait_for_selector(".jp-InputPrompt:has-text('[1]')", timeout=120_000)
            export = page.locator("button.jupyter-button:has-text('Export')").first
            export.wait_for(timeout=900_000)
            page.wait_for_selector(IDLE, timeout=900_000)
            shown_before = page.locator("video").count()
            export.click()
            page.wait_for_function(NEW_PLAYABLE_VIDEO, arg=shown_before, timeout=900_000)
            page.wait_for_selector(IDLE, timeout=60_000)
            page.evaluate(
                "() => { const v = [...document.querySelectorAll('video')].pop(); if (v) v.scrollIntoView(); }"
            )
            page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        finally:
            page.screenshot(path=str(ARTIFACTS / "quickstart-export.png"))
            browser.close()
    # JupyterLab draws only the cells in view, so the outputs are read from the notebook the browser saved
    saved = (root / "notebooks" / "quickstart.ipynb").read_text(encoding="utf-8")
    assert "Ready!" in saved and "Traceback" not in saved
    assert "Bearer" not in saved and lab_token not in saved
    assert len(saved.encode()) < 2 * MB and "data:video/mp4;base64" not in saved  # the video is linked


LIVE_CELLS = (  # each front end its own NEMO_HOME, so that the second does not find the first one's analysis cached
    "import os\nfrom pathlib import Path\n"
    "os.environ['NEMO_HOME'] = str(Path('.nemo-home/{name}').resolve())\n"
    "MEDIA = Path('../examples/media')\n"
    "%load_ext nemo_notebook\n%nemo session new\n"
    '%nemo upload "{MEDIA}/vibe-ace.mp3" "{MEDIA}/big-buck-bunny-poster.jpg"',
    "%nemo create a video from this music with a visualizer and beat-synced cuts",
    "df = %nemo status",
    "job = %nemo export --quality high -o live.mp4",
    "%nemo cancel",
    "%nemo",
)
SETUP, ASK, STATUS, EXPORT, CANCEL, STUDIO = range(len(LIVE_CELLS))
WIDGET = "window.jupyterapp.shell.currentWidget"
RUN_CELL = f"(i) => {{ const w = {WIDGET}; w.content.activeCellIndex = i;"
RUN_CELL += " window.jupyterapp.commands.execute('notebook:run-cell'); }"
CELL_DONE = f"""(i) => {{
  const w = {WIDGET}; const cell = w.content.widgets[i];
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  return cell.model.executionCount !== null && !cell.promptNode.textContent.includes('*')
    && !!kernel && kernel.status === 'idle';
}}"""
CELL_TEXT = f"(i) => {WIDGET}.content.widgets[i].outputArea.node.innerText"
REPLY_PARTS = f"""(i) => {{
  const node = {WIDGET}.content.widgets[i].outputArea.node;
  const text = (name) => {{ const n = node.querySelector('.nemo-' + name); return n ? n.innerText : ''; }};
  return {{words: text('words'), working: text('working')}};
}}"""
INTERRUPT = f"() => {WIDGET}.sessionContext.session.kernel.interrupt()"
SHOW_CELL = f"(i) => {WIDGET}.content.widgets[i].node.scrollIntoView()"
THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}
FRONT_ENDS = {"lab": "lab/tree/notebooks/{name}", "notebook7": "notebooks/notebooks/{name}"}
NOT_WORDS = ("", "💬 …")


def _words_while_working(parts: dict[str, str]) -> bool:
    return parts["words"].strip() not in NOT_WORDS and "orking…" in parts["working"]  # Working… / Still working…


def _live_notebook(path: Path) -> None:
    import nbformat

    sources = [LIVE_CELLS[SETUP].replace("{name}", path.stem), *LIVE_CELLS[1:]]
    cells = [nbformat.v4.new_code_cell(source) for source in sources]  # type: ignore[no-untyped-call]
    notebook = nbformat.v4.new_notebook(cells=cells)  # type: ignore[no-untyped-call]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, str(path))  # type: ignore[no-untyped-call]


def _run(page: Any, index: int, timeout_ms: int = 600_000) -> str:
    page.evaluate(RUN_CELL, index)
    page.wait_for_function(CELL_DONE, arg=index, timeout=timeout_ms)
    return str(page.evaluate(CELL_TEXT, index))


def _theme(page: Any, theme: str) -> None:
    page.evaluate("(t) => window.jupyterapp.commands.execute('apputils:change-theme', {theme: t})", THEMES[theme])
    page.wait_for_timeout(1500)


def _watch_words(page: Any, shot: Callable[[str], None]) -> dict[str, Any]:
    """Start the request and follow the reply until the turn completes; at 5 s take a screenshot and keep what the
    cell says. ``first_words_s``: when the agent's words first showed while the working line still ran."""
    page.evaluate(RUN_CELL, ASK)
    started = time.monotonic()
    at_5s: dict[str, str] | None = None
    first_words_s = None
    counted: set[str] = set()  # the working line's elapsed times seen
    done_s = None  # when the turn was seen complete (the loop goes on to 5 s for the screenshot)
    while time.monotonic() - started < 600:
        done = page.evaluate(CELL_DONE, ASK)
        if done and done_s is None:
            done_s = time.monotonic() - started
        parts = page.evaluate(REPLY_PARTS, ASK)
        if first_words_s is None and _words_while_working(parts):
            first_words_s = time.monotonic() - started
        if "Working… " in parts["working"]:
            counted.add(parts["working"].rsplit(" ", 1)[-1])
        if at_5s is None and (time.monotonic() - started >= 5.0):
            at_5s = parts
            shot("words-at-5s")
        if done and at_5s is not None:
            break
        page.wait_for_timeout(200)
    total_s = done_s if done_s is not None else time.monotonic() - started
    return {"at_5s": at_5s or {}, "first_words_s": first_words_s, "total_s": total_s, "counted": counted}


def _session_in(page: Any, front_end: str, theme: str, shot: Callable[[str], None]) -> list[str]:
    """One front end, starting in ``theme``: words, picture, interrupt, cancel, then the picture in the other
    theme. Returns what went wrong (empty when all is well), so that every screenshot is taken either way."""
    problems: list[str] = []
    _theme(page, theme)
    _run(page, SETUP)
    watched = _watch_words(page, shot)
    print(f"{front_end}: words at 5 s: {watched['at_5s']!r}; first words after {watched['first_words_s']} s; "
          f"turn {watched['total_s']:.1f} s; counter {sorted(watched['counted'])}")  # fmt: skip
    at_5s = watched["at_5s"]
    if at_5s.get("words", "").strip() in NOT_WORDS:
        problems.append(f"{front_end}: no words 5 s into the request: {at_5s}")
    if watched["first_words_s"] is None:
        problems.append(f"{front_end}: the words came only with the end of the turn ({watched['total_s']:.1f} s)")
    if watched["total_s"] > 3 and len(watched["counted"]) < 2:
        problems.append(f"{front_end}: the working line's elapsed time did not move: {watched['counted']}")
    _run(page, STATUS)
    page.evaluate(SHOW_CELL, STATUS)
    shot(f"timeline-{theme}")
    page.evaluate(RUN_CELL, EXPORT)
    page.wait_for_function(f"(i) => ({CELL_TEXT})(i).includes('elapsed')", arg=EXPORT, timeout=300_000)
    page.wait_for_timeout(2000)
    page.evaluate(INTERRUPT)
    page.wait_for_function(CELL_DONE, arg=EXPORT, timeout=120_000)
    interrupted = str(page.evaluate(CELL_TEXT, EXPORT))
    page.evaluate(SHOW_CELL, EXPORT)
    shot("interrupted")
    if interrupted.count("⏸ Stopped watching") != 1 or "Traceback" in interrupted or "KeyboardInterrupt" in interrupted:
        problems.append(f"{front_end}: the interrupt did not print one clean line: {interrupted!r}")
    if "Interrupted at" not in interrupted:
        problems.append(f"{front_end}: the bar is not marked interrupted: {interrupted!r}")
    cancelled = _run(page, CANCEL, 120_000)
    if "Stopped export" not in cancelled:
        problems.append(f"{front_end}: %nemo cancel did not stop the export: {cancelled!r}")
    problems += _studio(page, front_end, shot)
    other = "dark" if theme == "light" else "light"
    _theme(page, other)
    page.evaluate(SHOW_CELL, STATUS)
    shot(f"timeline-{other}")
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_timeout(1000)
    return problems


def _studio(page: Any, front_end: str, shot: Callable[[str], None]) -> list[str]:
    """The Studio opens on the session, Shift+Enter sends, Cancel stops an export."""
    problems = []
    _run(page, STUDIO)
    studio = page.locator(".jp-Cell").nth(STUDIO)
    studio.locator("text=Exports").wait_for(timeout=120_000)  # opened on the session: its exports listed
    box = studio.locator(".widget-textarea textarea")
    box.fill("add the title 'Shift' for the first 2 seconds")
    if front_end == "lab":
        box.press("Shift+Enter")
    else:  # Notebook 7 takes Shift+Enter before the widget does (it runs the cell again): the Send button
        studio.locator("button:has-text('Send')").click()
    try:
        # the conversation shows what was sent (the box is empty again) and the reply's closing timeline line
        studio.locator("text=🧑 add the title 'Shift'").first.wait_for(timeout=120_000)
        # (a cover video keeps its credit beside a timed title: 'Title: "Vibe Ace", "Shift"')
        studio.locator('text=/Title: .*"Shift"/').first.wait_for(timeout=120_000)
    except Exception:
        problems.append(f"{front_end}: the Studio did not send the message")
    studio.locator(".widget-dropdown select").select_option("high")  # the menu starts at preview: done too soon
    studio.locator("button:has-text('Export')").click()
    cancel = studio.locator("button:has-text('Cancel'):not([disabled])")
    try:
        cancel.wait_for(timeout=120_000)
        cancel.click()
        studio.locator("text=cancelled").first.wait_for(timeout=120_000)
    except Exception:
        problems.append(f"{front_end}: the Studio's Cancel did not stop the export")
    studio.scroll_into_view_if_needed()
    shot("studio")
    return problems


@pytest.mark.timeout(1500)
def test_live_words_interrupt_and_both_themes_in_jupyterlab_and_notebook7(lab: tuple[str, str, Path]) -> None:
    from playwright.sync_api import sync_playwright

    base, lab_token, root = lab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for front_end, theme in (("lab", "light"), ("notebook7", "dark")):
                name = f"live-{front_end}.ipynb"
                _live_notebook(root / "notebooks" / name)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})

                def shot(what: str, page: Any = page, front_end: str = front_end) -> None:
                    page.screenshot(path=str(ARTIFACTS / f"{front_end}-{what}.png"))

                page.goto(f"{base}/{FRONT_ENDS[front_end].format(name=name)}?token={lab_token}")
                page.wait_for_function(KERNEL_READY, timeout=180_000)
                try:
                    problems += _session_in(page, front_end, theme, shot)
                finally:
                    shot("end")
                    page.close()
        finally:
            browser.close()
    for front_end in FRONT_ENDS:
        saved = (root / "notebooks" / f"live-{front_end}.ipynb").read_bytes()
        assert len(saved) < 2 * MB and b"Traceback" not in saved and lab_token.encode() not in saved
    assert problems == [], "\n".join(problems)
