"""A HEIC still made for tests: FFmpeg encodes HEVC but writes no HEIF file, so the frame goes into the few ISO boxes
a phone's single-image HEIC has (``ftyp`` heic, ``meta`` with the item, its ``hvcC`` and size, ``mdat``)."""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path

from nemo_notebook.engine.ffmpeg import ffmpeg_exe


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _full(kind: bytes, version: int, payload: bytes) -> bytes:
    return _box(kind, struct.pack(">I", version << 24) + payload)


def make_heic(
    path: Path, source: str, size: tuple[int, int], *, draw: str = "null", turns: int = 0, mirror: int | None = None
) -> Path:
    """``path``: one frame of the lavfi ``source`` at ``size`` (then the filters ``draw``), HEVC-coded, as a HEIC
    image; turned ``turns`` quarter turns anticlockwise by an ``irot`` and mirrored by an ``imir`` of axis
    ``mirror`` where given (in that order, as a camera app writes them)."""
    hvcc, data = _hevc_frame(source, size, draw, path.with_suffix(".hevc.mp4"))
    properties = _box(b"hvcC", hvcc) + _full(b"ispe", 0, struct.pack(">II", *size))
    count = 2
    if turns:
        properties, count = properties + _box(b"irot", bytes([turns % 4])), count + 1
    if mirror is not None:
        properties, count = properties + _box(b"imir", bytes([mirror])), count + 1
    ftyp = _box(b"ftyp", b"heic" + bytes(4) + b"mif1heic")

    def meta(offset: int) -> bytes:
        handler = _full(b"hdlr", 0, bytes(4) + b"pict" + bytes(12) + b"\0")
        primary = _full(b"pitm", 0, struct.pack(">H", 1))
        location = _full(b"iloc", 0, bytes([0x44, 0x00]) + struct.pack(">HHHHII", 1, 1, 0, 1, offset, len(data)))
        item = _full(b"iinf", 0, struct.pack(">H", 1) + _full(b"infe", 2, struct.pack(">HH", 1, 0) + b"hvc1\0"))
        marks = bytes([0x81, 0x02] + [0x80 | index for index in range(3, count + 1)])  # the turns essential
        associations = _full(b"ipma", 0, struct.pack(">IHB", 1, 1, count) + marks)
        return _full(
            b"meta", 0, handler + primary + location + item + _box(b"iprp", _box(b"ipco", properties) + associations)
        )

    start = len(ftyp) + len(meta(0)) + 8
    path.write_bytes(ftyp + meta(start) + _box(b"mdat", data))
    return path


def _hevc_frame(source: str, size: tuple[int, int], crop: str, coded: Path) -> tuple[bytes, bytes]:
    """(hvcC, coded frame) of one frame of ``source`` cropped by ``crop``."""
    import av

    lavfi = f"{source}:s={size[0]}x{size[1]},{crop}"
    encode = ["-frames:v", "1", "-c:v", "libx265", "-x265-params", "log-level=none", "-pix_fmt", "yuv420p"]
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", lavfi, *encode, str(coded)], check=True)
    with av.open(str(coded)) as container:
        stream = container.streams.video[0]
        hvcc = bytes(stream.codec_context.extradata or b"")
        data = b"".join(bytes(packet) for packet in container.demux(stream) if packet.size)
    coded.unlink()
    return hvcc, data


def make_tiled_heic(
    path: Path, source: str, size: tuple[int, int], grid: tuple[int, int], *, draw: str = "", turns: int = 0
) -> Path:
    """``path``: one frame of ``source`` at ``size`` (then the filters ``draw``, if any) stored as a phone stores a photo, a ``grid`` (columns, rows) of
    HEVC tiles put together by a ``grid`` item (the primary one), turned ``turns`` quarter turns anticlockwise by an
    ``irot`` property; the file also carries a small thumbnail as its own item, as phones do."""
    columns, rows = grid
    tile = (size[0] // columns, size[1] // rows)
    tiles = [
        _hevc_frame(
            source, size, f"{draw}crop={tile[0]}:{tile[1]}:{c * tile[0]}:{r * tile[1]}", path.with_suffix(".t.mp4")
        )
        for r in range(rows)
        for c in range(columns)
    ]
    thumb = _hevc_frame(source, size, f"{draw}scale=160:120", path.with_suffix(".t.mp4"))
    n = len(tiles)
    grid_id, thumb_id = n + 1, n + 2
    grid_data = bytes([0, 0, rows - 1, columns - 1]) + struct.pack(">HH", *size)
    payloads = [data for _, data in tiles] + [grid_data, thumb[1]]
    ftyp = _box(b"ftyp", b"heic" + bytes(4) + b"mif1heic")

    def meta(first_offset: int) -> bytes:
        handler = _full(b"hdlr", 0, bytes(4) + b"pict" + bytes(12) + b"\0")
        primary = _full(b"pitm", 0, struct.pack(">H", grid_id))
        entries, offset = b"", first_offset
        for item_id, payload in enumerate(payloads, 1):
            entries += struct.pack(">HHHII", item_id, 0, 1, offset, len(payload))
            offset += len(payload)
        location = _full(b"iloc", 0, bytes([0x44, 0x00]) + struct.pack(">H", len(payloads)) + entries)
        types = [b"hvc1"] * n + [b"grid", b"hvc1"]
        infes = b"".join(_full(b"infe", 2, struct.pack(">HH", i, 0) + kind + b"\0") for i, kind in enumerate(types, 1))
        items = _full(b"iinf", 0, struct.pack(">H", len(types)) + infes)
        dimg = _box(b"dimg", struct.pack(">HH", grid_id, n) + b"".join(struct.pack(">H", i) for i in range(1, n + 1)))
        thmb = _box(b"thmb", struct.pack(">HHH", thumb_id, 1, grid_id))
        references = _full(b"iref", 0, dimg + thmb)
        properties = _box(
            b"ipco",
            _box(b"hvcC", tiles[0][0])  # 1
            + _full(b"ispe", 0, struct.pack(">II", *tile))  # 2
            + _full(b"ispe", 0, struct.pack(">II", *size))  # 3
            + _box(b"irot", bytes([turns % 4]))  # 4
            + _box(b"hvcC", thumb[0])  # 5
            + _full(b"ispe", 0, struct.pack(">II", 160, 120)),  # 6
        )
        rows_ = [struct.pack(">HB", i, 2) + bytes([0x81, 0x02]) for i in range(1, n + 1)]
        rows_.append(struct.pack(">HB", grid_id, 2) + bytes([0x03, 0x84]))
        rows_.append(struct.pack(">HB", thumb_id, 2) + bytes([0x85, 0x06]))
        associations = _full(b"ipma", 0, struct.pack(">I", len(rows_)) + b"".join(rows_))
        return _full(
            b"meta", 0, handler + primary + location + items + references + _box(b"iprp", properties + associations)
        )

    start = len(ftyp) + len(meta(0)) + 8
    path.write_bytes(ftyp + meta(start) + _box(b"mdat", b"".join(payloads)))
    return path
