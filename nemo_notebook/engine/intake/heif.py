"""HEIF photos stored as a grid of tiles (every iPhone HEIC: a 4032x3024 photo is 48 tiles of 512x512) made into
one picture at intake.

FFmpeg's libraries show such a file as its tiles, each a stream of its own, and the whole photo as a "stream group"
that PyAV does not expose: probing, analysis and the render graph all saw one 512x512 tile. The ``ffmpeg``
program puts a group's tiles together (and turns the photo upright by its ``irot``), so a tiled photo is converted
once, here, to a high-quality JPEG that everything after reads as any other photo. The grid's size is read from the
file's boxes and checked against the picture limits before anything is decoded; the conversion runs with a
deadline and a memory ceiling of its own.
"""

from __future__ import annotations

import struct
from pathlib import Path

from ..settings import MediaLimits
from .claims import check_picture
from .convert import convert

MAX_META_BYTES = 4 << 20  # a phone's meta box is a few kB; one larger is not read
JPEG_QUALITY = 2  # ffmpeg's -q:v for mjpeg: 2 is near the best (about 2 MB for 12 MP)


def grid_size(path: Path) -> tuple[int, int] | None:
    """(width, height) of the primary picture when it is a grid of tiles (``grid`` item), else None."""
    try:
        with path.open("rb") as f:
            meta = _top_level_meta(f.read(MAX_META_BYTES + 64))
    except OSError:
        return None
    if meta is None:
        return None
    boxes = dict(_boxes(meta[4:]))  # meta is a full box: its version and flags first
    primary = _primary_id(boxes.get(b"pitm"))
    if primary is None or _item_types(boxes.get(b"iinf", b"")).get(primary) != b"grid":
        return None
    return _spatial_extent(boxes.get(b"iprp", b""), primary) or (0, 0)


def flatten_grid(path: Path, name: str, limits: MediaLimits, size: tuple[int, int]) -> Path:
    """A JPEG beside ``path`` holding the whole tiled photo (``size``, as ``grid_size`` read it), upright; ``path``
    itself is left as it is.

    Raises
    ------
    MediaError
        (4001) when the grid claims more pixels than the limits allow, or ffmpeg cannot put it together in time.
    """
    if all(size):
        check_picture(size, name, limits, still=True)
    out = path.with_name(path.name + ".jpg")
    arguments = ["-i", str(path), "-frames:v", "1", "-q:v", str(JPEG_QUALITY), "-pix_fmt", "yuvj420p", str(out)]
    instead = "its tiles could not be put together into one picture: export it from your phone or photo app as JPEG"
    return convert(arguments, out, name, limits, instead=instead + " and upload that")


def _boxes(data: bytes) -> list[tuple[bytes, bytes]]:
    """The boxes one after another in ``data``: (type, body); a box running past the end ends the list."""
    out, at = [], 0
    while at + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        head = 8
        if size == 1 and at + 16 <= len(data):
            size, head = struct.unpack(">Q", data[at + 8 : at + 16])[0], 16
        if size < head or at + size > len(data):
            break
        out.append((kind, data[at + head : at + size]))
        at += size
    return out


def _top_level_meta(data: bytes) -> bytes | None:
    boxes = _boxes(data)
    if not boxes or boxes[0][0] != b"ftyp":
        return None
    return next((body for kind, body in boxes if kind == b"meta"), None)


def _primary_id(pitm: bytes | None) -> int | None:
    if not pitm or len(pitm) < 6:
        return None
    return int(struct.unpack(">H", pitm[4:6])[0]) if pitm[0] == 0 else int(struct.unpack(">I", pitm[4:8])[0])


def _item_types(iinf: bytes) -> dict[int, bytes]:
    """Item id → item type, from the ``infe`` entries (versions 2 and 3) of an ``iinf`` box."""
    if len(iinf) < 6:
        return {}
    skip = 6 if iinf[0] == 0 else 8  # version+flags, then a 16- or 32-bit entry count
    types = {}
    for kind, body in _boxes(iinf[skip:]):
        if kind != b"infe" or len(body) < 12 or body[0] < 2:
            continue
        if body[0] == 2:
            types[int(struct.unpack(">H", body[4:6])[0])] = body[8:12]
        elif len(body) >= 14:
            types[int(struct.unpack(">I", body[4:8])[0])] = body[10:14]
    return types


def mirrors(path: Path) -> int:
    """How many ``imir`` (mirror) properties a HEIF file's primary picture has; 0 for any other file."""
    try:
        with path.open("rb") as f:
            meta = _top_level_meta(f.read(MAX_META_BYTES + 64))
    except OSError:
        return 0
    if meta is None:
        return 0
    boxes = dict(_boxes(meta[4:]))
    primary = _primary_id(boxes.get(b"pitm"))
    return 0 if primary is None else sum(kind == b"imir" for kind, _ in _properties(boxes.get(b"iprp", b""), primary))


def _spatial_extent(iprp: bytes, item: int) -> tuple[int, int] | None:
    """The ``ispe`` (width, height) that ``ipma`` gives ``item``, or None."""
    for kind, body in _properties(iprp, item):
        if kind == b"ispe" and len(body) >= 12:
            w, h = struct.unpack(">II", body[4:12])
            return int(w), int(h)
    return None


def _properties(iprp: bytes, item: int) -> list[tuple[bytes, bytes]]:
    """The properties (type, body) that ``ipma`` gives ``item``, in its order."""
    boxes = dict(_boxes(iprp))
    properties = _boxes(boxes.get(b"ipco", b""))
    ipma = boxes.get(b"ipma", b"")
    if len(ipma) < 8:
        return []
    version, flags = ipma[0], int.from_bytes(ipma[1:4], "big")
    count, at = int(struct.unpack(">I", ipma[4:8])[0]), 8
    found: list[tuple[bytes, bytes]] = []
    for _ in range(count):
        id_bytes = 4 if version >= 1 else 2
        if at + id_bytes + 1 > len(ipma):
            return found
        item_id = int.from_bytes(ipma[at : at + id_bytes], "big")
        n = ipma[at + id_bytes]
        at += id_bytes + 1
        width = 2 if flags & 1 else 1
        for _ in range(n):
            raw = int.from_bytes(ipma[at : at + width], "big")
            at += width
            index = raw & (0x7FFF if width == 2 else 0x7F)
            if item_id == item and 0 < index <= len(properties):
                found.append(properties[index - 1])
    return found
