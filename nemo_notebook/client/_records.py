"""A small record under ``NEMO_HOME`` of the sessions this client made and the renders it started, per backend, so
that after a kernel restart ``%nemo renders`` can still list a session's exports and fetch a finished one.

``NEMO_HOME/client-records.json``::

    {"backends": {"local": {"sessions": [{"id", "task_id", "bind_id", "language", "created_at"}],
                            "renders": [{"id", "session_id", "quality", "created_at"}]}}}
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ._files import read_json, write_json

logger = logging.getLogger("nemo_notebook.client")
MAX_RECORDS = 500
_LOCK = threading.Lock()


@dataclass(frozen=True)
class SessionRecord:
    id: str
    task_id: str | None = None
    bind_id: str | None = None
    language: str = "en"
    created_at: float = 0.0


@dataclass(frozen=True)
class RenderRecord:
    id: str
    session_id: str
    quality: str = "high"
    created_at: float = 0.0


class Records:
    """Reads and appends records of one backend; every write replaces the whole file atomically."""

    def __init__(self, home: Path, backend_key: str) -> None:
        self.path = home / "client-records.json"
        self.key = backend_key

    def sessions(self) -> list[SessionRecord]:
        return [SessionRecord(**_known(SessionRecord, r)) for r in self._list("sessions")]

    def renders(self, session_id: str | None = None) -> list[RenderRecord]:
        rows = [RenderRecord(**_known(RenderRecord, r)) for r in self._list("renders")]
        return [r for r in rows if session_id is None or r.session_id == session_id]

    def add_session(self, record: SessionRecord) -> None:
        self._append("sessions", asdict(record))

    def add_render(self, record: RenderRecord) -> None:
        self._append("renders", asdict(record))

    def _list(self, kind: str) -> list[dict[str, Any]]:
        with _LOCK:
            rows = read_json(self.path).get("backends", {}).get(self.key, {}).get(kind, [])
        return [r for r in rows if isinstance(r, dict) and isinstance(r.get("id"), str)]

    def _append(self, kind: str, row: dict[str, Any]) -> None:
        try:
            self._write(kind, row)
        except OSError as exc:  # a record is a convenience: losing it must not lose the session or render it names
            logger.warning("could not record %s %s in %s: %s", kind[:-1], row["id"], self.path, exc)

    def _write(self, kind: str, row: dict[str, Any]) -> None:
        with _LOCK:
            data = read_json(self.path)
            backend = data.setdefault("backends", {}).setdefault(self.key, {})
            rows = [r for r in backend.get(kind, []) if isinstance(r, dict) and r.get("id") != row["id"]]
            backend[kind] = [*rows, row][-MAX_RECORDS:]
            write_json(self.path, data)


def now() -> float:
    return time.time()


def _known(cls: type, row: dict[str, Any]) -> dict[str, Any]:
    names = cls.__dataclass_fields__.keys()  # type: ignore[attr-defined]
    return {k: v for k, v in row.items() if k in names}
