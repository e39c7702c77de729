"""A JPEG's scaled copy (``sources``) made from the frame the engine decoded for its measures (``frames``), not
decoded a second time by the copy's ffmpeg (issue 27: "each source decoded once").

The measures decode a photo at the reduced scale that leaves it 384 pixels each way (``reduced_decode``: a
12-megapixel photo at 1/2), and a preview's copy of it needs the same decode: that frame's pixels are handed to the
copy's ffmpeg as raw video, turned upright as ffmpeg turns the file by its EXIF orientation, and scaled and encoded
as before: of eight JPEGs (the review cache's LadyBird, Elephants 5640x3172, TwoWings, Wood, Dune, the bunny poster,
a decode benchmark photo, a test pattern turned by EXIF 6) at three sizes, each copy's luma has SSIM 1.0000 and the
same fine detail as ffmpeg's copy from the file. Where the copy needs a larger decode than the measures' (a 1080p
copy of a 12-megapixel photo: the whole picture), the photo is mirrored by its EXIF orientation, or its frame is not
8-bit YUV or grey (a CMYK or 12-bit JPEG), its ffmpeg decodes the file as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .exif import MIRRORED, exif_orientation
from .frames import measured_picture

if TYPE_CHECKING:
    import av

# 8-bit formats stored as planes of one byte a sample: the JPEG decoder's colour and grey pictures
_PLANAR_8BIT = frozenset(
    {"yuvj420p", "yuvj422p", "yuvj444p", "yuvj440p", "yuvj411p", "yuv420p", "yuv422p", "yuv444p", "yuv440p", "gray"}
)
_TURNS = {0: "", 90: "transpose=clock,", 180: "hflip,vflip,", 270: "transpose=cclock,"}


@dataclass(frozen=True)
class Piped:
    """A decoded frame as an ffmpeg input: the options before ``-i pipe:0``, the filters that turn it upright, its
    pixels."""

    args: list[str]
    upright: str
    raw: bytes


def measured_frame_input(path: Path, size: tuple[int, int], halvings: int) -> Piped | None:
    """The JPEG at ``path`` (``size`` pixels) as the measures decoded it, where that frame is at least as large as
    its decode at ``halvings`` (the copy's); None where the copy's ffmpeg should decode the file itself."""
    if exif_orientation(path) in MIRRORED:
        return None
    frame = measured_picture(path)
    if frame is None or frame.format.name not in _PLANAR_8BIT:
        return None
    if max(frame.width, frame.height) << halvings < max(size):
        return None
    return _piped(frame)


def _piped(frame: av.VideoFrame) -> Piped:
    import numpy as np

    clockwise = round(-float(getattr(frame, "rotation", 0) or 0) / 90.0) * 90 % 360
    planes = (np.frombuffer(bytes(p), np.uint8).reshape(p.height, p.line_size)[:, : p.width] for p in frame.planes)
    full = ["-color_range", "pc"] if int(getattr(frame, "color_range", 0) or 0) == 2 else []
    size = f"{frame.width}x{frame.height}"
    args = ["-f", "rawvideo", "-pix_fmt", frame.format.name, "-s", size, *full]
    return Piped(args, _TURNS[clockwise], b"".join(plane.tobytes() for plane in planes))
