"""The reader (FFmpeg demuxer) a file's bytes call for, whatever its name says.

FFmpeg picks its picture reader (``image2``) by the file's extension alone, so an MP3 named ``.png`` was opened as a
picture, failed to decode and was refused as broken (issue 27: the content decides, not the name). Probed through a
reader that carries no name, the bytes alone decide.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any


class _Nameless:
    """A binary file without a ``name``: PyAV hands a file object's name to FFmpeg, whose probe then trusts it."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file

    def read(self, size: int = -1) -> bytes:
        return self._file.read(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()


def demuxer_by_content(path: Path, *, options: dict[str, Any], timeout_s: float) -> str | None:
    """The short name of the demuxer FFmpeg picks for ``path``'s bytes, or None where none of ``options``' readers
    opens them.

    Examples
    --------
    >>> demuxer_by_content(Path("song-named-cover.png"), options=OPEN_OPTIONS, timeout_s=5.0)  # doctest: +SKIP
    'mp3'
    """
    import av

    try:
        with path.open("rb") as file, av.open(_Nameless(file), options=options, timeout=timeout_s) as container:
            return str(container.format.name).split(",")[0]
    except (av.FFmpegError, OSError, ValueError):
        return None
