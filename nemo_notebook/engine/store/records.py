"""The records the engine keeps, as frozen values: tokens, sessions and their history, media files, render jobs."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...protocol import MediaInfo

LOCAL_OWNER = "local"  # the owner of the engine's own token, whatever its value (http.auth)
_SAFE_OWNER = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


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


def render_file_name(owner: str, render_id: str) -> str:
    """The file name of ``owner``'s render ``render_id`` in the renders folder: render ids are the owner's own, so two
    owners' renders under one id never share a file. ``+`` is in no render id, so no id can take another's name; the
    engine's own owner keeps the bare ``<id>.mp4`` that every render had before ids were per owner.

    >>> render_file_name("local", "render_1"), render_file_name("anon_0a1b", "render_1")
    ('render_1.mp4', 'anon_0a1b+render_1.mp4')
    """
    if owner == LOCAL_OWNER:
        return f"{render_id}.mp4"
    shown = owner if _SAFE_OWNER.match(owner) else hashlib.sha256(owner.encode("utf-8")).hexdigest()[:32]
    return f"{shown}+{render_id}.mp4"
