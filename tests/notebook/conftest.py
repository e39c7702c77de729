"""A real IPython shell with ``%load_ext nemo_notebook``, its own NEMO_HOME and working folder per test module."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from IPython import get_ipython
from IPython.testing.globalipapp import start_ipython
from IPython.utils.capture import CapturedIO, capture_output

from tests.conftest import shared_media

__all__ = ["run", "shared_media"]


@pytest.fixture(scope="module", autouse=True)
def engine_logging_restored() -> Iterator[None]:
    """The notebook layer sends the engine's log to a file (keeping it out of cells); give later test folders the
    logger as it was, so their ``caplog`` still sees the engine's records."""
    logger = logging.getLogger("nemo_notebook.engine")
    handlers, propagate = list(logger.handlers), logger.propagate
    yield
    for handler in logger.handlers:
        if handler not in handlers:
            handler.close()
    logger.handlers, logger.propagate = handlers, propagate


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh NEMO_HOME and working folder for the module (one engine serves all its tests)."""
    folder = tmp_path_factory.mktemp("notebook")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEMO_HOME", str(folder / "nemo-home"))
        for name in ("NEMO_TOKEN", "NEMO_BACKEND", "NEMO_BASE_URL", "NEMO_QUALITY"):
            patch.delenv(name, raising=False)
        patch.chdir(folder)
        yield folder


@pytest.fixture(scope="module")
def shell(workdir: Path) -> Iterator[Any]:
    """IPython's test shell with the extension loaded; unloaded (closing its client) at the end of the module."""
    ip = start_ipython() or get_ipython()  # type: ignore[no-untyped-call]  # the test shell is made once per process
    ip.run_line_magic("load_ext", "nemo_notebook")
    yield ip
    ip.run_line_magic("unload_ext", "nemo_notebook")


def run(ip: Any, cell: str) -> tuple[Any, CapturedIO]:
    """Run ``cell`` as a user would (custom exception display included) and capture what it shows."""
    with capture_output() as captured:
        result = ip.run_cell(cell)
    return result, captured


def all_text(captured: CapturedIO) -> str:
    parts = [captured.stdout, captured.stderr]
    for output in captured.outputs:
        parts.extend(str(v) for v in output.data.values())
    return "\n".join(parts)


def environment_has(name: str) -> bool:
    return bool(os.environ.get(name))
