"""Uploads: what a source is (a path, a file object, a URL, or a list of them), whether the service will take it,
and the multipart body, built as a generator so that a 500 MB file streams from disk in small chunks.

A file is refused before it is sent when its extension is not one API.md accepts, or when its first bytes show it is
obviously not media (text, a PDF, an archive, a program): the server would refuse it anyway, after the whole upload.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeAlias

from ..protocol import ALL_EXTENSIONS, MAX_UPLOAD_BYTES, ErrorCode, supported_formats_text
from ._errors import MediaTooLarge, NemoError, UnsupportedMedia

CHUNK_BYTES = 512 * 1024
SNIFF_BYTES = 512

FileLike = IO[bytes]
Source: TypeAlias = "str | os.PathLike[str] | FileLike"
Sources: TypeAlias = "Source | Sequence[Source]"
Progress = Callable[[int, int], object]
"""``progress(sent_bytes, total_bytes)``; ``total_bytes`` is 0 when a file object's size is unknown."""

_CONTENT_TYPES = {
    "mp4": "video/mp4", "mov": "video/quicktime", "avi": "video/x-msvideo", "webm": "video/webm",
    "mkv": "video/x-matroska", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif",
    "webp": "image/webp", "mp3": "audio/mpeg", "wav": "audio/wav", "m4a": "audio/mp4", "aac": "audio/aac",
    "flac": "audio/flac", "ogg": "audio/ogg", "heic": "image/heic", "heif": "image/heif", "avif": "image/avif",
    "opus": "audio/ogg",
}  # fmt: skip
_HEIF_BRANDS = {b"heic": "heic", b"heix": "heic", b"heim": "heic", b"heis": "heic", b"mif1": "heic", b"mif2": "heic",
                b"avif": "avif", b"avis": "avif"}  # fmt: skip
_NOT_MEDIA = {b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive or Office document", b"\x7fELF": "a program",
              b"MZ": "a program", b"\x1f\x8b": "a gzip archive", b"SQLite format": "a database"}  # fmt: skip


@dataclass(frozen=True)
class UploadFile:
    """One file to send: its name, size (None when a file object cannot tell), and where its bytes come from."""

    name: str
    size: int | None
    content_type: str
    path: Path | None = None
    fileobj: FileLike | None = None
    start: int = 0

    def chunks(self) -> Iterator[bytes]:
        """The file's bytes in chunks; each call starts again from the beginning (so a request can be retried)."""
        if self.path is not None:
            with self.path.open("rb") as f:
                yield from iter(lambda: f.read(CHUNK_BYTES), b"")
            return
        assert self.fileobj is not None
        if self.fileobj.seekable():
            self.fileobj.seek(self.start)
        yield from iter(lambda: self.fileobj.read(CHUNK_BYTES), b"")  # type: ignore[union-attr]

    @property
    def replayable(self) -> bool:
        return self.path is not None or (self.fileobj is not None and self.fileobj.seekable())


def is_url(source: object) -> bool:
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def split_sources(sources: Sources, *, filename: str | None = None) -> tuple[list[UploadFile], list[str]]:
    """Files and URLs from what the caller passed; raises before anything is sent if a file will be refused."""
    items = prepare_sources(sources, filename=filename)
    return [i for i in items if isinstance(i, UploadFile)], [i for i in items if isinstance(i, str)]


def prepare_sources(sources: Sources, *, filename: str | None = None) -> list[UploadFile | str]:
    """What to send, in the caller's order (a URL stays a string); every file is checked before anything is sent."""
    items = list(sources) if isinstance(sources, (list, tuple)) else [sources]
    if not items:
        raise NemoError("nothing to upload", hint="pass a path, a URL, a file object, or a list of them")
    one_name = filename if len(items) == 1 else None
    return [str(item) if is_url(item) else _file(item, one_name) for item in items]


def _file(source: Any, filename: str | None) -> UploadFile:
    if isinstance(source, (str, os.PathLike)):
        return _path_file(Path(source).expanduser())
    if hasattr(source, "read"):
        return _object_file(source, filename)
    raise NemoError(f"cannot upload a {type(source).__name__}", hint="pass a path, a URL, or a file opened with 'rb'")


def _path_file(path: Path) -> UploadFile:
    if not path.exists():
        raise NemoError(f"no such file: {path}", hint="check the path (`%nemo upload` expands globs such as *.jpg)")
    if path.is_dir():
        raise NemoError(f"{path} is a folder", hint="pass the files in it, e.g. sorted(Path(folder).glob('*.mp4'))")
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    ext = _checked_extension(path.name, head)
    return UploadFile(path.name, path.stat().st_size, _CONTENT_TYPES[ext], path=path)


def _object_file(fileobj: FileLike, filename: str | None) -> UploadFile:
    if not fileobj.seekable():
        raise NemoError("the file object cannot seek", hint="save it to a file and upload the path")
    start = fileobj.tell()
    head = fileobj.read(SNIFF_BYTES)
    size = fileobj.seek(0, os.SEEK_END) - start
    fileobj.seek(start)
    if isinstance(head, str):
        raise NemoError("the file is open in text mode", hint="open it with open(path, 'rb')")
    name = filename or Path(str(getattr(fileobj, "name", "") or "")).name
    if not name or "." not in name:
        name = f"upload.{sniff_extension(head) or 'bin'}"
    ext = _checked_extension(name, head)
    return UploadFile(name, size, _CONTENT_TYPES[ext], fileobj=fileobj, start=start)


def _checked_extension(name: str, head: bytes) -> str:
    """The format the file is sent as: what its first bytes show, else what its name claims.

    Content decides: a HEIC photo named ``.jpg`` or a JPEG named ``.jfif`` is sent (the service judges it by its
    content too); a name outside the accepted list is refused only when the bytes show no format either.
    """
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    sniffed = sniff_extension(head)
    if sniffed is not None:
        return sniffed
    if ext not in ALL_EXTENSIONS:
        shown = f".{ext} files" if ext else "files without an extension"
        raise unsupported(f"{name}: {shown} are not accepted and its first bytes show no format that is")
    problem = not_media(head)
    if problem:
        raise unsupported(f"{name} is {problem}, not a {ext} file")
    return ext


def unsupported(message: str) -> UnsupportedMedia:
    code = ErrorCode.UNSUPPORTED_MEDIA
    return UnsupportedMedia(message, code=code, status=code.http_status)


def check_size(file: UploadFile, limit_bytes: int = MAX_UPLOAD_BYTES) -> None:
    if file.size is not None and file.size > limit_bytes:
        code = ErrorCode.MEDIA_TOO_LARGE
        mb = file.size / 1024**2
        raise MediaTooLarge(f"{file.name} is {mb:.0f} MB, over the limit", code=code, status=code.http_status)


def not_media(head: bytes) -> str | None:
    """Why the first bytes of a file are obviously not media, or None if they may be."""
    if not head:
        return "empty"
    for magic, what in _NOT_MEDIA.items():
        if head.startswith(magic):
            return what
    if sniff_extension(head) is None and _looks_like_text(head):
        return "text"
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\0" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:
            return False
        text = head[: exc.start].decode("utf-8")
    printable = sum(ch.isprintable() or ch in "\r\n\t\f" for ch in text)
    return printable >= 0.95 * max(1, len(text))


def sniff_extension(head: bytes) -> str | None:
    """The extension a file's first bytes show (``"mp3"``, ``"png"``…), or None if they show none we know."""
    riff = {b"WAVE": "wav", b"AVI ": "avi", b"WEBP": "webp"}
    if head[:4] == b"RIFF":
        return riff.get(head[8:12])
    if head[4:8] == b"ftyp":
        return _HEIF_BRANDS.get(head[8:12]) or {b"M4A ": "m4a", b"qt  ": "mov"}.get(head[8:12], "mp4")
    if head[:4] == b"OggS" and b"OpusHead" in head[:64]:
        return "opus"
    if head[:4] == b"\x1aE\xdf\xa3":
        return "webm" if b"webm" in head[:64] else "mkv"
    for magic, ext in ((b"ID3", "mp3"), (b"OggS", "ogg"), (b"fLaC", "flac"), (b"\xff\xd8\xff", "jpg"),
                       (b"\x89PNG", "png"), (b"GIF8", "gif")):  # fmt: skip
        if head.startswith(magic):
            return ext
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "aac" if head[1] & 0x06 == 0 else "mp3"
    return None


class Multipart:
    """A ``multipart/form-data`` body with one ``files`` field, produced chunk by chunk (never whole in memory)."""

    def __init__(self, file: UploadFile, progress: Callable[[int], object] | None = None) -> None:
        self.file = file
        self.boundary = secrets.token_hex(16)
        self._progress = progress
        quoted = file.name.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
        self._head = (
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="files"; filename="{quoted}"\r\n'
            f"Content-Type: {file.content_type}\r\n\r\n"
        ).encode()
        self._tail = f"\r\n--{self.boundary}--\r\n".encode()

    @property
    def headers(self) -> dict[str, str]:
        headers = {"Content-Type": f"multipart/form-data; boundary={self.boundary}"}
        if self.file.size is not None:
            headers["Content-Length"] = str(len(self._head) + self.file.size + len(self._tail))
        return headers

    def __iter__(self) -> Iterator[bytes]:
        yield self._head
        for chunk in self.file.chunks():
            yield chunk
            if self._progress is not None:
                self._progress(len(chunk))
        yield self._tail

    async def __aiter__(self) -> AsyncIterator[bytes]:
        import anyio.to_thread

        chunks = self.file.chunks()
        yield self._head
        try:
            while chunk := await anyio.to_thread.run_sync(next, chunks, b""):
                yield chunk
                if self._progress is not None:
                    self._progress(len(chunk))
        finally:
            chunks.close()  # type: ignore[attr-defined]
        yield self._tail


class ProgressTotal:
    """Adds up the bytes of several files for one ``progress(sent_bytes, total_bytes)`` callback."""

    def __init__(self, files: Sequence[UploadFile], callback: Progress | None) -> None:
        self.total = sum(f.size or 0 for f in files)
        self.sent = 0
        self._callback = callback

    def add(self, nbytes: int) -> None:
        self.sent += nbytes
        if self._callback is not None:
            self._callback(self.sent, self.total)

    def mark(self) -> int:
        return self.sent

    def rewind(self, mark: int) -> None:
        """A file is sent again (after a token refresh): its bytes count once."""
        self.sent = mark


def supported_hint() -> str:
    return f"supported formats are {supported_formats_text()}"
