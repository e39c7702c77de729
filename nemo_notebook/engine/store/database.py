"""The engine's state in one SQLite file (WAL): tokens, sessions, draft versions, media, jobs and credits.

One connection guarded by a lock serves every thread: the engine's writes are small and few, and a single writer
keeps each multi-row change (a turn's versions and its charge) in one transaction. Tokens are stored as hashes.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ...protocol import MediaInfo
from .records import History, JobRecord, MediaRecord, NewVersion, SessionRecord, TokenRecord

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY, owner TEXT NOT NULL, client_id TEXT, created_at REAL NOT NULL, expires_at REAL
);
CREATE INDEX IF NOT EXISTS tokens_by_client ON tokens (client_id, created_at);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, task_id TEXT NOT NULL, bind_id TEXT NOT NULL, owner TEXT NOT NULL,
    task_name TEXT NOT NULL, language TEXT NOT NULL, created_at REAL NOT NULL,
    version INTEGER NOT NULL DEFAULT 0, undo_stack TEXT NOT NULL DEFAULT '[]', redo_stack TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS versions (
    session_id TEXT NOT NULL, version INTEGER NOT NULL, draft TEXT NOT NULL, note TEXT NOT NULL,
    created_at REAL NOT NULL, PRIMARY KEY (session_id, version)
);
CREATE TABLE IF NOT EXISTS media (
    id TEXT PRIMARY KEY, session_id TEXT NOT NULL, generated INTEGER NOT NULL, info TEXT NOT NULL,
    path TEXT NOT NULL, created_at REAL NOT NULL, seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS media_by_session ON media (session_id, seq);
CREATE TABLE IF NOT EXISTS credits (owner TEXT PRIMARY KEY, spent INTEGER NOT NULL);
"""
# a render id is its owner's: two owners may each have a render "render_1"
_JOBS_TABLE = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT NOT NULL, session_id TEXT NOT NULL, owner TEXT NOT NULL, status TEXT NOT NULL,
    progress REAL NOT NULL, quality TEXT NOT NULL, draft TEXT NOT NULL, size INTEGER, duration_ms INTEGER,
    error TEXT, created_at REAL NOT NULL, updated_at REAL NOT NULL, PRIMARY KEY (owner, id)
)
"""


class Store:
    """SQLite access for the engine; every method is safe to call from any thread."""

    def __init__(self, path: Path) -> None:
        self._lock = threading.RLock()
        if not path.exists():  # SQLite gives its WAL and shared-memory files the database file's mode
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self.upgraded_jobs = self._upgrade_jobs()
        self._db.execute(_JOBS_TABLE)
        self.home = path.parent

    def _upgrade_jobs(self) -> bool:
        """Key the jobs of a database from before render ids were per owner by (owner, id); True when it did."""
        keys = {row["name"]: row["pk"] for row in self._db.execute("PRAGMA table_info(jobs)")}
        if not keys or keys.get("owner"):
            return False
        with self._tx() as db:
            db.execute("ALTER TABLE jobs RENAME TO jobs_before_owners")
            db.execute(_JOBS_TABLE)
            db.execute("INSERT INTO jobs SELECT * FROM jobs_before_owners")
            db.execute("DROP TABLE jobs_before_owners")
        return True

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _one(self, sql: str, args: Sequence[Any]) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._db.execute(sql, args).fetchone()
            return row

    def _all(self, sql: str, args: Sequence[Any]) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._db.execute(sql, args).fetchall())

    # tokens

    def add_token(self, token_hash: str, record: TokenRecord) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO tokens VALUES (?, ?, ?, ?, ?)",
                (token_hash, record.owner, record.client_id, record.created_at, record.expires_at),
            )

    def token(self, token_hash: str) -> TokenRecord | None:
        row = self._one("SELECT * FROM tokens WHERE token_hash = ?", (token_hash,))
        return (
            None if row is None else TokenRecord(row["owner"], row["client_id"], row["created_at"], row["expires_at"])
        )

    def last_token_for_client(self, client_id: str) -> float | None:
        row = self._one("SELECT MAX(created_at) AS at FROM tokens WHERE client_id = ?", (client_id,))
        return None if row is None or row["at"] is None else float(row["at"])

    # sessions and their history

    def add_session(self, record: SessionRecord, empty_draft: dict[str, Any]) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO sessions (id, task_id, bind_id, owner, task_name, language, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    record.id,
                    record.task_id,
                    record.bind_id,
                    record.owner,
                    record.task_name,
                    record.language,
                    record.created_at,
                ),
            )
            db.execute(
                "INSERT INTO versions VALUES (?, 0, ?, 'new session', ?)",
                (record.id, json.dumps(empty_draft), record.created_at),
            )

    def session(self, session_id: str) -> SessionRecord | None:
        row = self._one("SELECT * FROM sessions WHERE id = ?", (session_id,))
        if row is None:
            return None
        return SessionRecord(
            row["id"],
            row["task_id"],
            row["bind_id"],
            row["owner"],
            row["task_name"],
            row["language"],
            row["created_at"],
        )

    def history(self, session_id: str) -> History:
        row = self._one("SELECT version, undo_stack, redo_stack FROM sessions WHERE id = ?", (session_id,))
        if row is None:
            raise KeyError(session_id)
        return History(row["version"], tuple(json.loads(row["undo_stack"])), tuple(json.loads(row["redo_stack"])))

    def draft_at(self, session_id: str, version: int) -> dict[str, Any]:
        row = self._one("SELECT draft FROM versions WHERE session_id = ? AND version = ?", (session_id, version))
        if row is None:
            raise KeyError(f"{session_id} v{version}")
        draft: dict[str, Any] = json.loads(row["draft"])
        return draft

    def apply_turn(
        self, session_id: str, versions: Sequence[NewVersion], history: History, *, owner: str, charge: int, now: float
    ) -> None:
        """Store a turn's new versions, move the session to ``history`` and charge ``owner``, all or nothing."""
        with self._tx() as db:
            for v in versions:
                db.execute(
                    "INSERT INTO versions VALUES (?, ?, ?, ?, ?)",
                    (session_id, v.version, json.dumps(v.draft), v.note, now),
                )
            db.execute(
                "UPDATE sessions SET version = ?, undo_stack = ?, redo_stack = ? WHERE id = ?",
                (history.version, json.dumps(history.undo_stack), json.dumps(history.redo_stack), session_id),
            )
            _add_spent(db, owner, charge)

    # media

    def add_media(self, session_id: str, info: MediaInfo, path: Path, *, generated: bool, now: float) -> None:
        with self._tx() as db:
            seq = db.execute("SELECT COUNT(*) FROM media WHERE session_id = ?", (session_id,)).fetchone()[0]
            db.execute(
                "INSERT INTO media VALUES (?, ?, ?, ?, ?, ?, ?)",
                (info.id, session_id, int(generated), json.dumps(info.to_wire()), self._rel(path), now, seq),
            )

    def media(self, session_id: str, *, generated: bool) -> list[MediaRecord]:
        rows = self._all(
            "SELECT * FROM media WHERE session_id = ? AND generated = ? ORDER BY seq", (session_id, int(generated))
        )
        return [self._media_record(row) for row in rows]

    def media_record(self, session_id: str, media_id: str) -> MediaRecord | None:
        row = self._one("SELECT * FROM media WHERE session_id = ? AND id = ?", (session_id, media_id))
        return None if row is None else self._media_record(row)

    def owner_upload_bytes(self, owner: str) -> int:
        """The bytes of the files ``owner`` uploaded, all sessions together (generated media not counted)."""
        row = self._one(
            "SELECT SUM(json_extract(m.info, '$.size')) AS total FROM media m JOIN sessions s ON m.session_id = s.id "
            "WHERE s.owner = ? AND m.generated = 0",
            (owner,),
        )
        return int(row["total"] or 0) if row is not None else 0

    def media_paths(self) -> set[Path]:
        """Where every stored media file lives (all sessions)."""
        return {self.home / row["path"] for row in self._all("SELECT path FROM media", ())}

    def _media_record(self, row: sqlite3.Row) -> MediaRecord:
        info = MediaInfo.from_wire(json.loads(row["info"]))
        return MediaRecord(info, self.home / row["path"], bool(row["generated"]))

    def _rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.home))
        except ValueError:
            return str(path)

    # credits

    def spent(self, owner: str) -> int:
        row = self._one("SELECT spent FROM credits WHERE owner = ?", (owner,))
        return 0 if row is None else int(row["spent"])

    def add_spent(self, owner: str, amount: int) -> None:
        with self._tx() as db:
            _add_spent(db, owner, amount)

    # jobs

    def add_job(self, job: JobRecord) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO jobs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    job.id,
                    job.session_id,
                    job.owner,
                    job.status,
                    job.progress,
                    job.quality,
                    json.dumps(job.draft),
                    job.size,
                    job.duration_ms,
                    job.error,
                    job.created_at,
                    job.updated_at,
                ),
            )

    def update_job(self, owner: str, job_id: str, *, now: float, **changes: Any) -> None:
        allowed = {"status", "progress", "size", "duration_ms", "error"}
        if not set(changes) <= allowed:
            raise ValueError(f"cannot change {sorted(set(changes) - allowed)} of a job")
        columns = ", ".join(f"{name} = ?" for name in changes)
        with self._tx() as db:
            db.execute(
                f"UPDATE jobs SET {columns}, updated_at = ? WHERE owner = ? AND id = ?",
                (*changes.values(), now, owner, job_id),
            )

    def job(self, owner: str, job_id: str) -> JobRecord | None:
        """``owner``'s render ``job_id``; None when it has none of that id (another owner's is not told apart)."""
        row = self._one("SELECT * FROM jobs WHERE owner = ? AND id = ?", (owner, job_id))
        return None if row is None else self._job_record(row)

    def jobs_with_status(self, *statuses: str) -> list[JobRecord]:
        marks = ", ".join("?" for _ in statuses)
        rows = self._all(f"SELECT * FROM jobs WHERE status IN ({marks}) ORDER BY created_at", statuses)
        return [self._job_record(row) for row in rows]

    @staticmethod
    def _job_record(row: sqlite3.Row) -> JobRecord:
        return JobRecord(
            row["id"],
            row["session_id"],
            row["owner"],
            row["status"],
            row["progress"],
            row["quality"],
            json.loads(row["draft"]),
            row["size"],
            row["duration_ms"],
            row["error"],
            row["created_at"],
            row["updated_at"],
        )


def _add_spent(db: sqlite3.Connection, owner: str, amount: int) -> None:
    if amount:
        db.execute(
            "INSERT INTO credits VALUES (?, ?) ON CONFLICT(owner) DO UPDATE SET spent = spent + excluded.spent",
            (owner, amount),
        )
