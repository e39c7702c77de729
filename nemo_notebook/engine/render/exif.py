"""A JPEG's EXIF orientation, read from its header: ``frame_copy`` leaves the mirrored ones to ffmpeg, and ``frames``
flips them as ffmpeg shows them (PyAV's ``frame.rotation`` keeps the display matrix's turn, not its flip)."""

from __future__ import annotations

import struct
from pathlib import Path

MIRRORED = frozenset({2, 4, 5, 7})  # EXIF orientations that flip the picture: ffmpeg flips it, a turn would not
_EXIF_HEAD = 1 << 16


def exif_orientation(path: Path) -> int:
    """A JPEG's EXIF orientation (1 to 8) from its first APP1 segment; 1 where it has none, it cannot be read or the
    file is not a JPEG.

    >>> exif_orientation(Path("/nonexistent.jpg"))
    1
    """
    try:
        with path.open("rb") as f:
            head = f.read(_EXIF_HEAD)
        if not head.startswith(b"\xff\xd8"):
            return 1
        tiff = head[head.index(b"Exif\x00\x00") + 6 :]
        order = "<" if tiff[:2] == b"II" else ">"
        (entries_at,) = struct.unpack_from(f"{order}I", tiff, 4)
        (count,) = struct.unpack_from(f"{order}H", tiff, entries_at)
        for i in range(count):
            tag, _, _, value = struct.unpack_from(f"{order}HHIH", tiff, entries_at + 2 + 12 * i)
            if tag == 0x0112:
                return value if 1 <= value <= 8 else 1
    except (OSError, ValueError, struct.error):
        return 1
    return 1
