"""Fixtures every test folder shares: where the media is, and a fresh NEMO_HOME."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from tests.numba_cache import use_safe_numba_cache

if TYPE_CHECKING:
    from nemo_notebook.engine import RunningEngine

REPO = Path(__file__).resolve().parents[1]
REPO_MEDIA = REPO / "examples" / "media"
SHARED_MEDIA = REPO.parent / "shared" / "media"

# Property tests neither race the clock nor depend on luck: no per-example deadline (a draft round trip passed 200 ms
# once on a machine loaded by renders) and the same examples on every run.
settings.register_profile("nemo", deadline=None, derandomize=True)
settings.load_profile("nemo")

# librosa's numba kernels (the analysis tests' reference) cached where runs at once cannot spoil them
use_safe_numba_cache()


def shared_media(name: str) -> Path:
    """A file from ../shared/media, or from the copies the repository carries; skips with a reason otherwise."""
    for folder in (SHARED_MEDIA, REPO_MEDIA):
        if (folder / name).exists():
            return folder / name
    pytest.skip(f"{name} is in neither {SHARED_MEDIA} nor {REPO_MEDIA}")


@pytest.fixture
def nemo_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "nemo-home"
    home.mkdir()
    monkeypatch.setenv("NEMO_HOME", str(home))
    monkeypatch.delenv("NEMO_TOKEN", raising=False)
    monkeypatch.delenv("NEMO_BACKEND", raising=False)
    return home


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[RunningEngine]:
    """The embedded engine on a free loopback port with a fresh home, stopped after the test.

    ``engine.url`` is its base URL, ``engine.token`` the bearer token it accepts, ``engine.settings.home`` its state.
    """
    from nemo_notebook.engine import start_in_background

    running = start_in_background(home=tmp_path / "engine-home")
    try:
        yield running
    finally:
        running.stop()


# -- the disk a run keeps ----------------------------------------------------------------------------------------
# A CI machine's free disk is not known (287 MB has been seen; stop 57's CI ran out at 24 %). A passing test's
# tmp_path goes when it ends (pyproject's tmp_path_retention_policy); the folders a module's (or a class's) fixtures
# made with tmp_path_factory, its engines' homes and renders, go when the module ends, unless one of its tests
# failed. Folders of package and session fixtures stay to the end of the run.
_MODULE_FOLDERS: list[Path] = []


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef[object], request: pytest.FixtureRequest) -> Iterator[object]:
    factory = getattr(request.config, "_tmp_path_factory", None)
    if fixturedef.scope not in ("module", "class") or factory is None:
        return (yield)
    base = factory.getbasetemp()
    before = set(base.iterdir())
    try:
        return (yield)
    finally:
        _MODULE_FOLDERS.extend(set(base.iterdir()) - before)


@pytest.fixture(scope="module", autouse=True)
def _module_folders_removed(request: pytest.FixtureRequest) -> Iterator[None]:
    failed = request.session.testsfailed
    yield
    if request.session.testsfailed == failed:
        for folder in _MODULE_FOLDERS:
            shutil.rmtree(folder, ignore_errors=True)
    _MODULE_FOLDERS.clear()


# -- every export's true peak -------------------------------------------------------------------------------------
# Nothing the engine exports may pass -1 dBTP (measured in the MP4, after the AAC encoder): each MP4 a test's render
# finishes is measured when the test ends, and the test that made it fails if it is over. Renders in other processes
# (the proof tests' engines, the notebooks' kernels) are not seen here.
EXPORT_CEILING_DBTP = -1.0


@pytest.fixture(autouse=True)
def exports_under_the_true_peak_ceiling(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import nemo_notebook.engine.render as render

    made: list[Path] = []
    finish = render.finish

    def recorded(temp: Path, out_path: Path) -> None:
        finish(temp, out_path)
        made.append(Path(out_path))

    monkeypatch.setattr(render, "finish", recorded)
    yield
    over = [
        (path.name, peak) for path in made if (peak := _true_peak_dbtp(path)) is not None and peak > EXPORT_CEILING_DBTP
    ]
    assert not over, f"exports over {EXPORT_CEILING_DBTP} dBTP: {over}"


def _true_peak_dbtp(path: Path) -> float | None:
    """The true peak of ``path``'s sound (ffmpeg's 4x-oversampled meter), None without sound or file."""
    import re
    import subprocess

    from nemo_notebook.engine.ffmpeg import ffmpeg_exe

    if not path.is_file():
        return None
    done = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-nostats",
            "-i",
            str(path),
            "-vn",
            "-af",
            "ebur128=peak=true:framelog=quiet",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.search(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", done.stderr)
    return float(found.group(1)) if found and found.group(1) != "-inf" else None


class _Stalls(logging.Handler):
    """The renders this run stopped for making no progress (``engine/render/stall.py``), for the run's summary."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("render stalled"):
            test = os.environ.get("PYTEST_CURRENT_TEST", "no test")
            command, graph = getattr(record, "command", "unknown"), getattr(record, "graph", "none")
            self.lines.append(f"{test}: {record.getMessage()[:600]}\n  command: {command}\n  whole graph: {graph}")


_STALLS = _Stalls()
logging.getLogger("nemo_notebook.engine.render").addHandler(_STALLS)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Every stalled render of the run, each tried again (the ones of test_render_stall.py are on purpose)."""
    if _STALLS.lines:
        terminalreporter.section("renders stopped for making no progress")
        for line in _STALLS.lines:
            terminalreporter.write_line(line)
