"""A picture's size as its header claims it, read from the first bytes before any decoder sees the file: PNG (IHDR),
GIF (the logical screen) and JPEG (the first SOF marker). Decoding to find out costs what the picture claims
(FFmpeg's probe decodes a 16000×16000 16-bit PNG: 2 s and 0.5 GB for a 0.5 MB file), so a claim over the limits is
refused on these bytes alone."""

from __future__ import annotations

import struct
from pathlib import Path

_JPEG_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
_HEAD_BYTES = 256 * 1024  # EXIF and ICC blocks come before a JPEG's SOF; 256 KB covers what cameras write


def claimed_picture_size(path: Path) -> tuple[int, int] | None:
    """(width, height) the file's header claims, for PNG, GIF and JPEG; None for anything else or a header cut short.

    >>> claimed_picture_size(Path("/nonexistent")) is None
    True
    """
    try:
        with path.open("rb") as file:
            head = file.read(_HEAD_BYTES)
    except OSError:
        return None
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR" and len(head) >= 24:
        return struct.unpack(">II", head[16:24])
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        return struct.unpack("<HH", head[6:10])
    if head.startswith(b"\xff\xd8"):
        return _jpeg_size(head)
    return None


def is_jpeg(path: Path) -> bool:
    """Whether ``path`` begins as a JPEG does (its start-of-image marker).

    >>> is_jpeg(Path("/nonexistent"))
    False
    """
    try:
        with path.open("rb") as file:
            return file.read(3) == b"\xff\xd8\xff"
    except OSError:
        return False


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 4 <= len(head):
        if head[at] != 0xFF:
            return None
        marker = head[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", head[at + 2 : at + 4])
        if marker in _JPEG_SOF and at + 9 <= len(head):
            height, width = struct.unpack(">HH", head[at + 5 : at + 9])
            return width, height
        at += 2 + length
    return None


_PLAYLISTS = ((b"#EXTM3U", "an HLS playlist (.m3u8)"), (b"ffconcat", "an FFmpeg concat script"),
              (b"<?xml", "an XML document (a DASH manifest is one)"), (b"<MPD", "a DASH manifest"))  # fmt: skip


def playlist_kind(path: Path) -> str | None:
    """What kind of playlist or script the file is, from its first bytes (BOM and blanks skipped); None for others.

    >>> playlist_kind(Path("/nonexistent")) is None
    True
    """
    try:
        with path.open("rb") as file:
            head = file.read(64).removeprefix(b"\xef\xbb\xbf").lstrip()
    except OSError:
        return None
    return next((kind for magic, kind in _PLAYLISTS if head.startswith(magic)), None)
