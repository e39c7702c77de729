"""An animated WebP (a sticker, a loop saved from the web) taken as a clip that plays and loops as an animated GIF
does.

PyAV's FFmpeg libraries cannot decode one (their WebP decoder takes stills only); the bundled ``ffmpeg`` program can
(``webp_anim``). Such a file was refused; it is now converted once at upload to VP9 in WebM (each frame at its own
time, its alpha kept where the WebP has one, read back with libvpx as any WebM with alpha: ``render/see_through``)
and stored in its place under the WebP's format, which loops (``render/clip_time.LOOPED_FORMATS``). The canvas size
is read from the file's header and held to the clip limits before anything is decoded.
"""

from __future__ import annotations

from pathlib import Path

from ..settings import MediaLimits
from .claims import check_picture
from .convert import convert

QUALITY = ("-crf", "18", "-b:v", "0", "-deadline", "realtime", "-cpu-used", "8", "-row-mt", "1")
_ALPHA_FLAG = 0x10  # VP8X's flags: the picture has an alpha channel


def canvas(path: Path) -> tuple[int, int, bool] | None:
    """(width, height, has alpha) of an animated WebP's canvas, from its ``VP8X`` header; None for any other file.

    >>> canvas(Path("/nonexistent")) is None
    True
    """
    try:
        with path.open("rb") as file:
            head = file.read(30)
    except OSError:
        return None
    if len(head) < 30 or head[:4] != b"RIFF" or head[8:16] != b"WEBPVP8X" or not head[20] & 0x02:
        return None
    width = int.from_bytes(head[24:27], "little") + 1
    height = int.from_bytes(head[27:30], "little") + 1
    return width, height, bool(head[20] & _ALPHA_FLAG)


def to_clip(path: Path, name: str, limits: MediaLimits, size: tuple[int, int, bool]) -> Path:
    """A WebM beside ``path`` that plays the animated WebP (``size``, as ``canvas`` read it); ``path`` is left as it
    is.

    Raises
    ------
    MediaError
        (4001) when the canvas is larger than a clip's frame may be, or ffmpeg cannot convert it in time.
    """
    width, height, alpha = size
    check_picture((width, height), name, limits, still=False)
    out = path.with_name(path.name + ".webm")
    pixels = ["-pix_fmt", "yuva420p", "-auto-alt-ref", "0"] if alpha else ["-pix_fmt", "yuv420p"]
    arguments = ["-i", str(path), "-an", "-c:v", "libvpx-vp9", *pixels, *QUALITY, "-f", "webm", str(out)]
    instead = "it could not be converted: save it as a GIF or MP4 in your editor and upload that"
    return convert(arguments, out, name, limits, instead=instead)
