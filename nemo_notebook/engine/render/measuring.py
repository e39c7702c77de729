"""The small copy of a clip that every decision about how it is shown reads its frames from.

The crop, the grade, the figures and the visualizer's automatic place read a clip's frames (``frames.small_frame``):
about 100-540 of them for a 3-minute video. Read from the clip itself, each was a seek and a decode from the keyframe
before it (a 60 s 1080p clip: 133.8 CPU s for a 3-minute preview, where the same render read from its own copy
took 41; a 4K HEVC 10-bit clip 46.3 s against 6.8). Read from the render's copy, they depended on the render's
quality (issue 29). So each minute of a clip's content is decoded once into a copy that depends on nothing else:
``REFERENCE_WIDTH`` pixels wide (the widest any measure reads), upright, in square pixels, in SDR BT.709, at
``REFERENCE_FPS`` frames a second, every frame a JPEG (Motion JPEG at quality 2, 4:4:4): a frame deep in it is
one seek and one small decode. A clip of 1280x720 or more is decoded without its loop filter and, at 24 fps or more,
without the frames no other frame is predicted from, as a preview's copy of it is (``quick_decode``): the
scale to 384 pixels averages away the blocks the loop filter would have smoothed.

The copies are kept under the clip's content (``cache.known_key``: a clip edited in place is another clip) in
``keeping_measures``'s folder (a render's ``cache_dir``) or, outside one, in a folder of this process's own; and in
the process, so that a preview and the export after it read one copy. A minute of a 1080p clip's copy is about 26 MB (Big Buck Bunny): the folder keeps
``MAX_BYTES`` of them at most, those read longest ago going first (``evict``: a copy's time is set each time it is
read), never one read in the last ``IN_USE_S`` (a render may be reading it). A clip that has an alpha channel (a WebM with one, an animated GIF) or whose copy
cannot be made is read as it is.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...protocol import SUPPORTED_FORMATS, MediaKind
from ..analysis.cache import known_key
from ..ffmpeg import ffmpeg_exe
from .hdr import to_bt709
from .quick_decode import quick_decode_args
from .run import tied_to_parent
from .see_through import decoder_args

VERSION = 1
REFERENCE_WIDTH = 384  # pixels: ``framing.fine_detail`` reads frames this wide, thumbnails and figures fewer
REFERENCE_FPS = 15
PART_MS = 60_000  # one copy a minute of the clip: a long clip of which a render uses a little is not decoded whole
QUICK_SIZE = (1280, 720)  # a clip at least this large is decoded without its loop filter
MAX_BYTES = 1 << 30  # of copies kept in a folder: about 40 minutes of clips
IN_USE_S = 900  # a copy read this recently is kept whatever the folder holds
_TIMEOUT_S = 600
_CLIPS = frozenset(SUPPORTED_FORMATS[MediaKind.VIDEO])

_FOLDER: ContextVar[Path | None] = ContextVar("measures", default=None)
_MADE: dict[tuple[str, int], Path] = {}  # (content, part) → its copy, wherever it was made
_COPIES: set[Path] = set()  # every copy in ``_MADE``, for ``is_copy`` (asked for each frame a render reads)
_LOCKS: dict[tuple[str, int], threading.Lock] = {}
_GUARD = threading.Lock()


@contextmanager
def keeping_measures(folder: Path) -> Iterator[None]:
    """Within the block, clips' measuring copies are made in ``folder`` (and read from it where they are there)."""
    token = _FOLDER.set(folder)
    try:
        yield
    finally:
        _FOLDER.reset(token)


def frame_file(path: Path, at_ms: int) -> tuple[Path, int]:
    """The file and time to read for the frame of ``path`` at ``at_ms``: the part of the clip's measuring copy that
    holds it and the time in that part, or ``path`` and ``at_ms`` themselves (a picture, a clip with an alpha channel,
    a copy that could not be made)."""
    if path.suffix.lower().lstrip(".") not in _CLIPS or decoder_args(path):
        return path, at_ms
    part = max(at_ms, 0) // PART_MS
    try:
        copy = _part(path, known_key(path), part)
    except OSError:
        return path, at_ms
    return (path, at_ms) if copy is None else (copy, at_ms - part * PART_MS)


def is_copy(path: Path) -> bool:
    """Whether ``path`` is a measuring copy this process made or read: named by its clip's content, never changed."""
    return path in _COPIES


def _part(path: Path, key: str, part: int) -> Path | None:
    with _GUARD:
        lock = _LOCKS.setdefault((key, part), threading.Lock())
    with lock:  # two renders asking for one part at once make it once
        made = _MADE.get((key, part))
        if made is not None and _touched(made):
            return made
        folder = _FOLDER.get() or _process_folder()
        copy = folder / f"measure-v{VERSION}-{key}-{part}.mkv"
        if not _touched(copy):
            if not _make(path, part, copy):
                return None
            evict(folder, keep=copy)
        _MADE[(key, part)] = copy
        _COPIES.add(copy)
        return copy


def _touched(copy: Path) -> bool:
    """Whether ``copy`` is there; its time set to now if so (``evict`` removes those read longest ago first)."""
    try:
        os.utime(copy)
        return True
    except OSError:
        return False


def evict(folder: Path, *, keep: Path | None = None, max_bytes: int | None = None, now: float | None = None) -> None:
    """Remove the measuring copies in ``folder`` read longest ago (by their time: ``_touched``) until those left
    hold ``max_bytes`` (``MAX_BYTES``) at most; ``keep`` and any copy read in the last ``IN_USE_S`` stay."""
    limit = MAX_BYTES if max_bytes is None else max_bytes
    moment = time.time() if now is None else now
    copies = []
    for copy in folder.glob("measure-v*.mkv"):
        try:
            seen = copy.stat()
        except OSError:
            continue
        copies.append((seen.st_mtime, seen.st_size, copy))
    total = sum(size for _, size, _ in copies)
    for modified, size, copy in sorted(copies):
        if total <= limit:
            break
        if copy == keep or moment - modified < IN_USE_S:
            continue
        copy.unlink(missing_ok=True)
        total -= size


def _make(path: Path, part: int, copy: Path) -> bool:
    """Write part ``part`` of the clip's measuring copy to ``copy``, atomically; False where ffmpeg could not."""
    copy.parent.mkdir(parents=True, exist_ok=True)
    temp = copy.parent / f".{copy.name}.{uuid.uuid4().hex[:12]}.part"
    try:
        done = subprocess.run(
            tied_to_parent(measuring_command(path, part, temp)),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=_TIMEOUT_S,
        )
        if done.returncode != 0 or not temp.exists():
            return False
        os.replace(temp, copy)
        return True
    except (OSError, subprocess.TimeoutExpired):
        return False
    finally:
        temp.unlink(missing_ok=True)


def measuring_command(path: Path, part: int, out: Path) -> list[str]:
    """The ffmpeg command that writes part ``part`` of the clip's measuring copy to ``out``: the minute from
    ``part * PART_MS`` and the frame after it (a time near the minute's end finds its frame in the part it falls in)."""
    head = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-threads", "2"]
    read = [*_decode_args(path), "-ss", f"{part * PART_MS / 1000:.3f}", "-t", f"{_PART_S:.3f}"]
    out_args = ["-an", "-sn", "-dn", "-filter_threads", "1", "-vf", _chain(path), *_encoding(out)]
    return [*head, *read, "-i", str(path), *out_args]


_PART_S = PART_MS / 1000 + 1 / REFERENCE_FPS  # read for a part: its minute and the frame after it


def _chain(path: Path) -> str:
    w = REFERENCE_WIDTH
    scale = f"scale=w={w}:h='2*round({w // 2}*ih/(iw*sar))':flags=area,setsar=1"
    return f"fps={REFERENCE_FPS},{scale},{to_bt709(path)}format=yuvj444p"


def _encoding(out: Path) -> list[str]:
    return ["-c:v", "mjpeg", "-q:v", "2", "-f", "matroska", str(out)]


@dataclass(frozen=True)
class Alongside:
    """A part of a clip's measuring copy written by another ffmpeg that decodes the clip from the part's start to
    its end, with the same decoder options (``alongside``): its frames taken from that decoding (``filters``, on
    a label of its graph) into ``temp``, then put in place (``adopt``)."""

    source: Path
    key: tuple[str, int]
    copy: Path
    temp: Path
    read_s: float  # from the part's start, enough for the part (the other ffmpeg may read more, never less)

    def filters(self, label: str) -> str:
        return f"[{label}]{_chain(self.source)}[measure]"

    def outputs(self) -> list[str]:
        return ["-map", "[measure]", "-an", "-sn", "-dn", *_encoding(self.temp)]


def alongside(path: Path, start_ms: int, end_ms: int, length_ms: int, decode: list[str]) -> Alongside | None:
    """The part of ``path``'s measuring copy that an ffmpeg decoding it from ``start_ms`` to its end (``end_ms``
    at least ``length_ms``, the clip's length) with the options ``decode`` can write too, where that part is not
    made yet: the decoding must be the part's own (from its start, to the clip's end, by the same options), so that
    the copy is the one ``measuring_command`` makes, frame for frame. None otherwise."""
    if start_ms % PART_MS or end_ms < length_ms or length_ms - start_ms > PART_MS:
        return None
    if path.suffix.lower().lstrip(".") not in _CLIPS or decoder_args(path) or decode != _decode_args(path):
        return None
    try:
        key = (known_key(path), start_ms // PART_MS)
    except OSError:
        return None
    copy = (_FOLDER.get() or _process_folder()) / f"measure-v{VERSION}-{key[0]}-{key[1]}.mkv"
    made = _MADE.get(key)
    if (made is not None and made.exists()) or copy.exists():
        return None
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return Alongside(path, key, copy, copy.parent / f".{copy.name}.{uuid.uuid4().hex[:12]}.part", _PART_S)


def adopt(made: Alongside) -> None:
    """Put the part written alongside in place (``Alongside``): kept and read as if ``measuring_command`` had made
    it. Nothing where it was not written."""
    try:
        os.replace(made.temp, made.copy)
    except OSError:
        return
    _MADE[made.key] = made.copy
    _COPIES.add(made.copy)
    evict(made.copy.parent, keep=made.copy)


def _decode_args(path: Path) -> list[str]:
    """Decoder options of the clip's measuring copy (``quick_decode``), where the clip is ``QUICK_SIZE`` or larger."""
    size = _size_and_rate(path)
    if size is None:
        return []
    large = min(size[:2]) >= min(QUICK_SIZE) and max(size[:2]) >= max(QUICK_SIZE)
    return quick_decode_args(large=large, clip_fps=size[2], copy_fps=REFERENCE_FPS)


@lru_cache(maxsize=128)
def _size_and_rate(path: Path) -> tuple[int, int, float] | None:
    import av

    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            rate = stream.average_rate or stream.guessed_rate
            return int(stream.width), int(stream.height), float(rate) if rate else 0.0
    except (av.FFmpegError, OSError, IndexError):
        return None


@lru_cache(maxsize=1)
def _process_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="nemo-measures-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
