"""A real browser: JupyterLab on loopback, Debian's Chromium driven by Playwright (no browser download), the
quickstart notebook run top to bottom, the Studio's Export button pressed, and the video element playable."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO

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
    cmd += ["--LabApp.expose_app_in_browser=True"]  # lets the test run commands as the menus do
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
