"""Multipart upload bodies streamed to disk part by part, never held whole in memory.

Bytes go from the socket through ``python_multipart``'s streaming parser into a file under ``home/tmp``; the size
limit is checked on every chunk, and a file over it is removed at once (4002), as is the part of a body that ends
before its closing boundary (4000) or that the disk has no room for (507).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from ..intake import ReceivedFile, discard, disk_full, display_name, form_filename, open_private, temp_path, too_large
from ..settings import EngineSettings
from .refusals import Refusal, bad_request
from .upload_caps import UploadCaps

MAX_PART_HEADER_BYTES = 64 * 1024
_DRAIN_CAP_BYTES = 64 * 1024 * 1024


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    name: str = ""
    path: Path | None = None
    handle: IO[bytes] | None = None
    size: int = 0


class _MultipartSink:
    """python_multipart callbacks that write each file part straight into its own file."""

    def __init__(self, settings: EngineSettings, caps: UploadCaps) -> None:
        self.settings = settings
        self.caps = caps
        self.files: list[ReceivedFile] = []
        self.too_large: str | None = None
        self.over_cap: Refusal | None = None
        self.parts = 0
        self.total_bytes = 0
        self._part = _Part()
        self._header_field = b""
        self._header_value = b""

    def callbacks(self) -> dict[str, Any]:
        return {
            "on_part_begin": self._on_part_begin,
            "on_header_field": self._on_header_field,
            "on_header_value": self._on_header_value,
            "on_header_end": self._on_header_end,
            "on_headers_finished": self._on_headers_finished,
            "on_part_data": self._on_part_data,
            "on_part_end": self._on_part_end,
        }

    def _on_part_begin(self) -> None:
        self._part = _Part()

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _on_header_end(self) -> None:
        self._part.headers[self._header_field.lower()] = self._header_value
        self._header_field = self._header_value = b""

    def _on_headers_finished(self) -> None:
        _, options = parse_options_header(self._part.headers.get(b"content-disposition", b""))
        filename = options.get(b"filename")
        if filename is None:
            return  # a plain form field: nothing to store
        self.parts += 1
        self.over_cap = self.over_cap or self.caps.refusal(self.parts, self.total_bytes)
        if self.over_cap:
            return
        self._part.name = display_name(form_filename(filename))
        self._part.path = temp_path(self.settings, self._part.name)
        self._part.handle = open_private(self._part.path)

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        part = self._part
        if part.handle is None or self.stopped:
            return
        part.size += end - start
        self.total_bytes += end - start
        if part.size > self.settings.max_upload_bytes:
            self.too_large = part.name
            self._close_part(keep=False)
            return
        self.over_cap = self.caps.refusal(self.parts, self.total_bytes)
        if self.over_cap:
            self._close_part(keep=False)
            return
        part.handle.write(data[start:end])

    def _on_part_end(self) -> None:
        if self._part.handle is not None:
            self._close_part(keep=True)

    def _close_part(self, *, keep: bool) -> None:
        part = self._part
        assert part.handle is not None and part.path is not None
        part.handle.close()
        part.handle = None
        if keep:
            self.files.append(ReceivedFile(part.path, part.name))
        else:
            part.path.unlink(missing_ok=True)

    @property
    def stopped(self) -> bool:
        """A file passed the size limit or the upload passed a cap: the rest of the body is not kept."""
        return bool(self.too_large or self.over_cap)

    @property
    def unfinished(self) -> bool:
        """A file part was begun and never ended: the body stopped before its part's boundary."""
        return self._part.handle is not None

    def abort(self) -> None:
        if self._part.handle is not None:
            self._close_part(keep=False)
        discard(self.files)
        self.files = []


async def receive_multipart(request: Request, settings: EngineSettings, caps: UploadCaps) -> list[ReceivedFile]:
    """Stream a multipart body's file parts to ``home/tmp``.

    Raises
    ------
    MediaError
        4002 when a file passes ``settings.max_upload_bytes`` (nothing is kept).
    Refusal
        4000 for a body that is not multipart or holds no file; what ``caps`` answers when the upload passes one.
    """
    _, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if not boundary:
        raise bad_request("body", "multipart upload without a boundary")
    sink = _MultipartSink(settings, caps)
    parser = _parser(boundary, sink)
    chunks = request.stream()
    try:
        await _feed(parser, chunks, sink)
    except BaseException as exc:
        sink.abort()
        if disk_full(exc):
            await _drain(chunks)  # so that the client reads the 507 instead of a reset connection
        raise
    if sink.too_large:
        sink.abort()
        await _drain(chunks)
        raise too_large(sink.too_large, settings.max_upload_bytes)
    if sink.over_cap:
        sink.abort()
        await _drain(chunks)
        raise sink.over_cap
    if sink.unfinished:
        sink.abort()
        raise bad_request(
            "body", "the multipart body ends before its closing boundary: the upload was cut; send it again"
        )
    if not sink.files:
        raise bad_request("files", "send one or more files as multipart fields named 'files'")
    return sink.files


def _parser(boundary: bytes, sink: _MultipartSink) -> MultipartParser:
    callbacks: Any = sink.callbacks()
    try:
        # the default cap on a header line (4 KB) refuses long file names; the name is cut to 200 characters
        # anyway, so the cap only needs to keep a part's headers from filling memory
        return MultipartParser(boundary, callbacks, max_header_size=MAX_PART_HEADER_BYTES)
    except TypeError:  # python-multipart before 0.0.18 has no such cap
        return MultipartParser(boundary, callbacks)


async def _feed(parser: MultipartParser, chunks: AsyncIterator[bytes], sink: _MultipartSink) -> None:
    from python_multipart.exceptions import FormParserError

    try:
        async for chunk in chunks:
            parser.write(chunk)
            if sink.stopped:
                return
        parser.finalize()
    except FormParserError as exc:
        raise bad_request(
            "body", f"the multipart body is malformed ({exc}): send each file as a form field named 'files'"
        ) from exc


async def drain(request: Request) -> None:
    """Read and drop a request's body when it is small enough to be worth it (a refusal then arrives cleanly)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) <= _DRAIN_CAP_BYTES:
        await _drain(request.stream())


async def _drain(chunks: AsyncIterator[bytes]) -> None:
    """Read what the client still sends (up to a cap), so that it can read the 4002 answer instead of a reset."""
    drained = 0
    async for chunk in chunks:
        drained += len(chunk)
        if drained > _DRAIN_CAP_BYTES:
            return
