"""Whether a picture is shown mirrored, read from its file's header: ffmpeg shows a JPEG, PNG or WebP by its EXIF
orientation and a HEIF (HEIC, AVIF) by its ``irot`` and ``imir``, as one display matrix. PyAV's ``frame.rotation``
keeps that matrix's turn and drops its flip (and PyAV 18 cannot read a frame's side data at all: it raises on the
EXIF type FFmpeg 8 adds), so ``frames`` flips the mirrored ones itself and ``frame_copy`` leaves them to ffmpeg."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

from ..intake.heif import mirrors

MIRRORED = frozenset({2, 4, 5, 7})  # EXIF orientations that flip the picture: ffmpeg flips it, a turn would not
_EXIF_HEAD = 1 << 16
_MAX_EXIF = 1 << 20  # a PNG's eXIf or a WebP's EXIF chunk larger than this is not read


def shown_mirrored(path: Path) -> bool:
    """Whether ffmpeg shows the picture at ``path`` flipped: a mirrored EXIF orientation (2, 4, 5, 7), or an odd
    number of ``imir`` on a HEIF's primary picture."""
    try:
        with path.open("rb") as f:
            head = f.read(64)
    except OSError:
        return False
    # a HEIF picture's ``ftyp`` names the brand ``mif1``: only then is its meta box read (up to 4 MB); a clip's is not
    heif = head[4:8] == b"ftyp" and b"mif1" in head[8 : int.from_bytes(head[:4], "big")]
    return mirrors(path) % 2 == 1 if heif else exif_orientation(path) in MIRRORED


def exif_orientation(path: Path) -> int:
    """The EXIF orientation (1 to 8) of a JPEG (its first APP1 segment), a PNG (its ``eXIf`` chunk) or a WebP (its
    ``EXIF`` chunk); 1 where it has none, it cannot be read or the file is none of these.

    >>> exif_orientation(Path("/nonexistent.jpg"))
    1
    """
    try:
        with path.open("rb") as f:
            tiff = _tiff_block(f)
        return _orientation(tiff) if tiff else 1
    except (OSError, ValueError, struct.error):
        return 1


def _tiff_block(f: BinaryIO) -> bytes | None:
    """The EXIF data (a TIFF header and its entries) of the open picture, or None."""
    head = f.read(_EXIF_HEAD)
    if head.startswith(b"\xff\xd8"):
        return head[head.index(b"Exif\x00\x00") + 6 :]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _chunk(f, 8, b"eXIf", riff=False)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        found = _chunk(f, 12, b"EXIF", riff=True)
        return found[6:] if found is not None and found.startswith(b"Exif\x00\x00") else found
    return None


def _chunk(f: BinaryIO, at: int, kind: bytes, *, riff: bool) -> bytes | None:
    """The body of the first chunk ``kind`` from ``at`` on. A PNG chunk is its length (big-endian), its type, its
    body and a CRC; a RIFF chunk its type, its length (little-endian) and its body, padded to an even length."""
    while True:
        f.seek(at)
        header = f.read(8)
        if len(header) < 8:
            return None
        if riff:
            chunk, (length,) = header[:4], struct.unpack("<I", header[4:])
        else:
            (length,), chunk = struct.unpack(">I", header[:4]), header[4:]
        if chunk == kind:
            return f.read(length) if length <= _MAX_EXIF else None
        at += 8 + length + (length & 1 if riff else 4)


def _orientation(tiff: bytes) -> int:
    order = "<" if tiff[:2] == b"II" else ">"
    (entries_at,) = struct.unpack_from(f"{order}I", tiff, 4)
    (count,) = struct.unpack_from(f"{order}H", tiff, entries_at)
    for i in range(count):
        tag, _, _, value = struct.unpack_from(f"{order}HHIH", tiff, entries_at + 2 + 12 * i)
        if tag == 0x0112:
            return value if 1 <= value <= 8 else 1
    return 1
