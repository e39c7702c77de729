"""Pictures at the size the video shows them, scaled once before they enter the filter graph and kept.

ffmpeg configures its graph from the first frame of every input, so each picture is decoded at the start and held
until the end: a 12-megapixel photo is 18-36 MB decoded, and 100 of them took a render to 4.3 GB. A picture larger
than the video needs is therefore scaled down beforehand, by a short ffmpeg of its own, to the smallest size that
covers the motion box (the frame with the room a pan or zoom moves in: no shot shows more of it), and the render
reads that copy. The copy is upright (ffmpeg applies a photo's EXIF orientation as it reads it, as the graph did),
a JPEG where the source is one (quality 2) and a PNG otherwise (lossless: logos, cut-outs and their transparency).

Copies are kept under the hash of the picture's content, the box and ``VERSION``: the next export of the same photos
at the same size reads them, a changed file gets a new copy.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ...protocol import MediaInfo, MediaKind
from ..ffmpeg import ffmpeg_exe
from .framing import fill_scale
from .graph import MediaMap
from .run import tied_to_parent

VERSION = 1
ROOM = 0.8  # a picture under 1.25 times the size it is shown at is read as it is: scaling it would save little
_JPEG_FORMATS = frozenset({"jpg", "jpeg"})
_TIMEOUT_S = 120


def scaled_pictures(media: MediaMap, used: Iterable[str], box: tuple[int, int], folder: Path) -> MediaMap:
    """``media`` with every picture among ``used`` that is larger than ``box`` needs replaced by its copy scaled to
    cover ``box`` (made in ``folder`` unless it is there already), its ``MediaInfo`` giving the copy's size and format.

    A picture that cannot be scaled (ffmpeg fails on it) stays as it is: the render then says what is wrong with it.
    """
    out = dict(media)
    for media_id in sorted(set(used) & set(media)):
        path, info = media[media_id]
        if not _worth_scaling(info, box):
            continue
        copy = _scaled_copy(path, info, box, folder)
        if copy is not None:
            out[media_id] = copy
    return out


def _worth_scaling(info: MediaInfo, box: tuple[int, int]) -> bool:
    if info.kind != MediaKind.IMAGE or not info.width or not info.height:
        return False
    return fill_scale(info.width, info.height, *box) < ROOM


def _scaled_copy(path: Path, info: MediaInfo, box: tuple[int, int], folder: Path) -> tuple[Path, MediaInfo] | None:
    suffix = "jpg" if info.format in _JPEG_FORMATS else "png"
    copy = folder / f"picture-v{VERSION}-{_content_hash(path)}-{box[0]}x{box[1]}.{suffix}"
    if not copy.exists() and not _scale(path, box, copy):
        return None
    size = _frame_size(copy)
    if size is None:
        return None
    return copy, replace(info, format=suffix, size=copy.stat().st_size, width=size[0], height=size[1])


def _content_hash(path: Path) -> str:
    """SHA-256 of the whole file (24 hex digits): a picture edited anywhere gets a copy of its own."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:24]


def _scale(path: Path, box: tuple[int, int], copy: Path) -> bool:
    """Write ``path`` scaled to cover ``box`` (its aspect kept, sizes even) to ``copy``, atomically; False where
    ffmpeg could not."""
    w, h = box
    chain = f"[0:v]trim=end_frame=1,scale={w}:{h}:force_original_aspect_ratio=increase:force_divisible_by=2:flags=lanczos,setsar=1"
    quality = ["-q:v", "2"] if copy.suffix == ".jpg" else []
    copy.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=copy.parent, prefix=f".{copy.stem}.", suffix=copy.suffix)
    os.close(fd)
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", str(path)]
    cmd += ["-filter_complex", f"{chain}[out]", "-map", "[out]", "-frames:v", "1", "-update", "1", *quality, name]
    try:
        done = subprocess.run(tied_to_parent(cmd), stdin=subprocess.DEVNULL, capture_output=True, timeout=_TIMEOUT_S)
        if done.returncode == 0 and Path(name).stat().st_size > 0:
            os.replace(name, copy)
            return True
        return False
    except (OSError, subprocess.TimeoutExpired):
        return False
    finally:
        Path(name).unlink(missing_ok=True)


def _frame_size(path: Path) -> tuple[int, int] | None:
    import av

    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            return int(stream.width), int(stream.height)
    except (av.FFmpegError, OSError, IndexError):
        return None
