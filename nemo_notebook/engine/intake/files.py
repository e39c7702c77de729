"""Files arriving in the engine: the name a user gave them, a temporary path under ``home/tmp``, the size limit."""

from __future__ import annotations

import errno
import os
import re
import secrets
import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ...protocol import ErrorCode
from ..errors import MediaError
from ..settings import EngineSettings

_FORM_ESCAPE = re.compile(r"%([01][0-9A-Fa-f]|22)")


@dataclass(frozen=True)
class ReceivedFile:
    """A file that arrived whole under ``home/tmp``; ``name`` is the user's, sanitised for display."""

    path: Path
    name: str


def display_name(raw: str, *, fallback: str = "upload") -> str:
    """The user's file name, safe to show: no folders, no control characters, at most 200 characters."""
    base = re.split(r"[\\/]", raw)[-1]
    cleaned = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    cleaned = cleaned.strip().strip(".") or fallback
    return cleaned[:200]


def form_filename(raw: bytes) -> str:
    """A multipart part's file name as the user named the file.

    Browsers escape ``"``, CR and LF in it as ``%22``, ``%0D``, ``%0A`` (HTML's form encoding) and httpx escapes
    every control character the same way; those escapes are undone (control characters then go in `display_name`).
    Other ``%`` sequences are left alone: ``100%25.mp3`` may well be the file's real name.
    """
    return _FORM_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), raw.decode("utf-8", "replace"))


def suffix_of(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ext if re.fullmatch(r"[a-z0-9]{1,5}", ext) else ""


def temp_path(settings: EngineSettings, name: str) -> Path:
    suffix = suffix_of(name)
    # the claimed suffix stays: FFmpeg's image demuxer picks its decoder by extension; home/tmp is emptied on start
    return settings.tmp_dir / f"up_{secrets.token_hex(8)}{'.' + suffix if suffix else ''}"


def open_private(path: Path) -> IO[bytes]:
    """A new file at ``path`` for writing, readable by its owner only (whatever the process's umask)."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk (or the user's quota) has no room: a file write or SQLite's "disk is full"."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return isinstance(exc, sqlite3.OperationalError) and "full" in str(exc)


def discard(files: list[ReceivedFile]) -> None:
    for received in files:
        received.path.unlink(missing_ok=True)


def too_large(name: str, limit: int) -> MediaError:
    """4002 naming the file and the limit."""
    mib = 1024 * 1024
    shown = f"{limit // mib} MB" if limit % mib == 0 else f"{limit} bytes"
    return MediaError(
        f"{name} is larger than the limit of {shown}: compress or trim it and try again",
        code=ErrorCode.MEDIA_TOO_LARGE,
    )
