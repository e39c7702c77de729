"""What one upload and one owner may bring: at most `EngineSettings.max_upload_files` files and
`max_upload_request_bytes` bytes in one upload, and `max_owner_upload_bytes` stored for one owner, all sessions
together. Multipart bodies are checked while they stream (nothing past a cap is written); URL uploads once fetched.
Each refusal names the cap and what to do.
"""

from __future__ import annotations

import threading
import zlib
from dataclasses import dataclass

from ...protocol import ErrorCode
from ..intake import ReceivedFile
from ..settings import EngineSettings
from .refusals import Refusal, bad_request

_GIB = 1024**3
_MIB = 1024**2
_OWNER_LOCKS = tuple(threading.Lock() for _ in range(64))  # striped: as many owners as come, a fixed set of locks


def owner_lock(owner: str) -> threading.Lock:
    """The lock one owner's uploads are probed and stored under: one of 64 that all owners share (a few owners may
    meet on one), so that any number of owners takes a fixed number of locks."""
    return _OWNER_LOCKS[zlib.crc32(owner.encode()) % len(_OWNER_LOCKS)]


def shown_bytes(size: int) -> str:
    """A size as a person reads it: "2 GB", "512 MB", "1.3 GB", "700 bytes".

    >>> shown_bytes(2 * 1024**3), shown_bytes(512 * 1024**2), shown_bytes(1400 * 1024**2), shown_bytes(700)
    ('2 GB', '512 MB', '1.4 GB', '700 bytes')
    """
    if size >= _GIB:
        return f"{size / _GIB:.1f}".removesuffix(".0") + " GB"
    if size >= _MIB:
        return f"{size / _MIB:.1f}".removesuffix(".0") + " MB"
    return f"{size} bytes"


@dataclass(frozen=True)
class UploadCaps:
    """The caps one upload streams against: files, bytes, and the room its owner has left (None: no cap)."""

    files: int
    request_bytes: int
    owner_bytes: int | None
    stored_bytes: int

    @classmethod
    def of(cls, settings: EngineSettings, stored_bytes: int) -> UploadCaps:
        return cls(
            settings.max_upload_files, settings.max_upload_request_bytes, settings.max_owner_upload_bytes, stored_bytes
        )

    def refusal(self, files: int, total_bytes: int) -> Refusal | None:
        """Why an upload of ``files`` files and ``total_bytes`` bytes (so far) may not go on; None when it may."""
        if files > self.files:
            return bad_request(
                "files", f"at most {self.files} files in one upload: send fewer files at once, in several uploads"
            )
        if total_bytes > self.request_bytes:
            return Refusal(
                ErrorCode.MEDIA_TOO_LARGE,
                f"this upload is larger than the limit of {shown_bytes(self.request_bytes)} for one upload: send "
                "fewer files at once, in several uploads, or compress or trim them",
            )
        if self.owner_bytes is not None and self.stored_bytes + total_bytes > self.owner_bytes:
            return Refusal(
                ErrorCode.MEDIA_TOO_LARGE,
                f"your uploads would pass the limit of {shown_bytes(self.owner_bytes)} each user may keep on this "
                f"engine (you keep {shown_bytes(self.stored_bytes)} already): upload smaller (compressed or trimmed) "
                "files, or ask whoever runs the engine to delete media you no longer need or raise the limit "
                "(max_owner_upload_bytes)",
            )
        return None

    def check(self, received: list[ReceivedFile]) -> None:
        """Raise the refusal for files already received (a URL upload)."""
        refusal = self.refusal(len(received), sum(r.path.stat().st_size for r in received))
        if refusal is not None:
            raise refusal
