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


def make_heic(path: Path, source: str, size: tuple[int, int]) -> Path:
    """``path``: one frame of the lavfi ``source`` at ``size``, HEVC-coded, as a HEIC image."""
    import av

    coded = path.with_suffix(".hevc.mp4")
    lavfi = f"{source}:s={size[0]}x{size[1]}"
    encode = ["-frames:v", "1", "-c:v", "libx265", "-x265-params", "log-level=none", "-pix_fmt", "yuv420p"]
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", lavfi, *encode, str(coded)], check=True)
    with av.open(str(coded)) as container:
        stream = container.streams.video[0]
        hvcc = bytes(stream.codec_context.extradata or b"")
        data = b"".join(bytes(packet) for packet in container.demux(stream) if packet.size)
    coded.unlink()
    ftyp = _box(b"ftyp", b"heic" + bytes(4) + b"mif1heic")

    def meta(offset: int) -> bytes:
        handler = _full(b"hdlr", 0, bytes(4) + b"pict" + bytes(12) + b"\0")
        primary = _full(b"pitm", 0, struct.pack(">H", 1))
        location = _full(b"iloc", 0, bytes([0x44, 0x00]) + struct.pack(">HHHHII", 1, 1, 0, 1, offset, len(data)))
        item = _full(b"iinf", 0, struct.pack(">H", 1) + _full(b"infe", 2, struct.pack(">HH", 1, 0) + b"hvc1\0"))
        properties = _box(b"ipco", _box(b"hvcC", hvcc) + _full(b"ispe", 0, struct.pack(">II", *size)))
        associations = _full(b"ipma", 0, struct.pack(">IHB", 1, 1, 2) + bytes([0x81, 0x02]))
        return _full(b"meta", 0, handler + primary + location + item + _box(b"iprp", properties + associations))

    start = len(ftyp) + len(meta(0)) + 8
    path.write_bytes(ftyp + meta(start) + _box(b"mdat", data))
    return path
