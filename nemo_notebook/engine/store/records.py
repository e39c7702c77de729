"""The records the engine keeps, as frozen values: tokens, sessions and their history, media files, render jobs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...protocol import MediaInfo


@dataclass(frozen=True)
class TokenRecord:
    owner: str
    client_id: str | None
    created_at: float
    expires_at: float | None


@dataclass(frozen=True)
class SessionRecord:
    id: str
    task_id: str
    bind_id: str
    owner: str
    task_name: str
    language: str
    created_at: float


@dataclass(frozen=True)
class History:
    """Where a session stands: its current version and the versions that undo and redo go back to."""

    version: int
    undo_stack: tuple[int, ...] = ()
    redo_stack: tuple[int, ...] = ()


@dataclass(frozen=True)
class NewVersion:
    version: int
    draft: dict[str, Any]
    note: str


@dataclass(frozen=True)
class MediaRecord:
    info: MediaInfo
    path: Path
    generated: bool


@dataclass(frozen=True)
class JobRecord:
    id: str
    session_id: str
    owner: str
    status: str
    progress: float
    quality: str
    draft: dict[str, Any]
    size: int | None
    duration_ms: int | None
    error: str | None
    created_at: float
    updated_at: float
