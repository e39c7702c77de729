"""The embedded engine, started on first use, once per process and home folder, and stopped at exit.

This is the client's only contact with ``nemo_notebook.engine``: one function, imported when it is first needed, so
that ``import nemo_notebook.client`` never loads the engine.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
from pathlib import Path
from typing import Any

from ._config import Secret
from ._errors import NemoError

_LOCK = threading.Lock()
_RUNNING: dict[Path, Any] = {}


def local_engine(home: Path) -> tuple[str, Secret]:
    """The URL and token of the engine serving ``home``, starting it if this process has not yet."""
    key = home.resolve()
    with _LOCK:
        engine = _RUNNING.get(key)
        if engine is None:
            engine = _start(key)
            _RUNNING[key] = engine
            if len(_RUNNING) == 1:
                atexit.register(stop_all)
    return str(engine.url).rstrip("/"), Secret(str(engine.token))


def _start(home: Path) -> Any:
    try:
        from ..engine import start_in_background
    except ImportError as exc:
        raise NemoError(
            f"the embedded engine cannot load: {exc}",
            hint="reinstall nemo-notebook (pip install --force-reinstall nemo-notebook), or use backend='cloud'",
        ) from exc
    try:
        return start_in_background(home=home)
    except Exception as exc:
        raise NemoError(f"the embedded engine did not start: {exc}", hint=f"check that {home} is writable") from exc


def stop_all() -> None:
    """Stop every engine this process started (registered with ``atexit``)."""
    with _LOCK:
        engines = list(_RUNNING.values())
        _RUNNING.clear()
    for engine in engines:
        # an engine that fails to stop at exit must not hide the program's own exit status
        with contextlib.suppress(Exception):
            engine.stop()
