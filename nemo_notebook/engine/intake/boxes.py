"""How many samples an MP4 or MOV claims, read from its boxes before any demuxer builds an index of them.

FFmpeg's mov demuxer makes an index entry (about 35 bytes) for every sample the tables list, and a table may list
millions in a few bytes: one ``stsz`` row says "60 million samples of one byte each". Here the boxes are walked
(the media data skipped, each table read a piece at a time), and the samples each track lists are counted the way
the demuxer will index them.
"""

from __future__ import annotations

import struct
import sys
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..errors import MediaError

_CONTAINERS = frozenset({b"moov", b"trak", b"mdia", b"minf", b"stbl", b"moof", b"traf", b"edts", b"mvex"})
_FIRST_BOXES = frozenset({b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"pnot", b"styp", b"sidx", b"moof"})
_TABLE_PIECE_ENTRIES = 65_536
MAX_BOXES = 1_000_000  # a 3-hour fragmented file of one-second fragments has under 100 000


class BoxError(MediaError):
    """The boxes cannot be believed: a compressed header, or more boxes than any camera or editor writes."""


@dataclass
class _Track:
    sound: bool = False
    sizes: int = 0  # stsz/stz2 sample count
    times: int = 0  # stts sample counts, summed
    time_rows: int = 0
    first_delta: int = 0
    offsets: int = 0  # chunks (stco/co64 rows)
    composition: int = 0  # ctts sample counts, summed

    def indexed(self) -> int:
        """Index entries the demuxer makes: for uncompressed sound (one stts row of duration 1) one a chunk or a
        piece of 1024 samples of it, else one a sample, however many any table claims."""
        if self.sound and self.time_rows == 1 and self.first_delta == 1:
            return self.offsets + self.sizes // 1024
        return max(self.sizes, self.times, self.offsets, self.composition)


@dataclass
class _Walk:
    tracks: list[_Track] = field(default_factory=list)
    fragments: int = 0  # trun sample counts, summed
    boxes: int = 0


def claimed_samples(path: Path) -> int | None:
    """Index entries an ISO file (MP4, MOV, M4A) would make, all tracks and fragments together; None when the file
    is not one.

    Raises
    ------
    BoxError
        The movie header is compressed (``cmov``) or the file holds more than `MAX_BOXES` boxes.

    >>> claimed_samples(Path("/nonexistent")) is None
    True
    """
    try:
        with path.open("rb") as file:
            if file.read(8)[4:8] not in _FIRST_BOXES:
                return None
            size = path.stat().st_size
            walk = _Walk()
            _walk(file, 0, size, walk, None)
    except OSError:
        return None
    return sum(track.indexed() for track in walk.tracks) + walk.fragments


def _walk(file: BinaryIO, start: int, end: int, walk: _Walk, track: _Track | None) -> None:
    at = start
    while at + 8 <= end:
        walk.boxes += 1
        if walk.boxes > MAX_BOXES:
            raise BoxError(f"it holds more than {MAX_BOXES} boxes")
        file.seek(at)
        head = file.read(16)
        if len(head) < 8:
            return
        size, kind = struct.unpack(">I4s", head[:8])
        body = at + 8
        if size == 1 and len(head) == 16:
            (size,) = struct.unpack(">Q", head[8:16])
            body = at + 16
        elif size == 0:
            size = end - at
        if size < body - at:
            return  # a broken box: the demuxer stops here too
        _visit(file, kind, body, min(at + size, end), walk, track)
        at += size


def _visit(file: BinaryIO, kind: bytes, body: int, end: int, walk: _Walk, track: _Track | None) -> None:
    if kind == b"cmov":
        raise BoxError("its movie header is compressed (an old QuickTime option)")
    if kind == b"trak":
        track = _Track()
        walk.tracks.append(track)
    if kind in _CONTAINERS:
        _walk(file, body, end, walk, track)
    elif kind == b"trun":
        walk.fragments += _fields(file, body, 1)[0]
    elif track is not None:
        _table(file, kind, body, end, track)


def _table(file: BinaryIO, kind: bytes, body: int, end: int, track: _Track) -> None:
    if kind == b"hdlr":
        # a QuickTime file has a second hdlr (the data handler's, 'alis') inside minf: only 'soun' decides
        track.sound = track.sound or _fields(file, body, 2)[1] == int.from_bytes(b"soun", "big")
    elif kind in (b"stsz", b"stz2"):
        track.sizes = _fields(file, body, 2)[1]
    elif kind in (b"stco", b"co64"):
        track.offsets = _fields(file, body, 1)[0]
    elif kind == b"stts":
        track.time_rows, track.times, track.first_delta = _counted_rows(file, body, end)
    elif kind == b"ctts":
        track.composition = _counted_rows(file, body, end)[1]


def _fields(file: BinaryIO, body: int, count: int) -> tuple[int, ...]:
    """The ``count`` 32-bit fields after a full box's version and flags (zeros where the box is cut short)."""
    file.seek(body + 4)
    raw = file.read(4 * count).ljust(4 * count, b"\0")
    return struct.unpack(f">{count}I", raw)


def _counted_rows(file: BinaryIO, body: int, end: int) -> tuple[int, int, int]:
    """(rows, samples they count, the first row's delta) of an stts or ctts table, reading only the rows there."""
    (rows,) = _fields(file, body, 1)
    rows = min(rows, max(end - body - 8, 0) // 8)
    total, first_delta = 0, -1
    for start in range(0, rows, _TABLE_PIECE_ENTRIES):
        raw = file.read(8 * min(_TABLE_PIECE_ENTRIES, rows - start))
        piece = array("I")
        piece.frombytes(raw[: len(raw) // 8 * 8])
        if sys.byteorder == "little":
            piece.byteswap()
        first_delta = piece[1] if first_delta < 0 and piece else first_delta
        total += sum(piece[0::2])
    return rows, total, first_delta
