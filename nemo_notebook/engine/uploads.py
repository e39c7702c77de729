"""Receiving files: multipart bodies streamed to disk part by part, and URLs fetched with httpx.

Neither path holds a whole file in memory: multipart bytes go from the socket through ``python_multipart``'s
streaming parser into a file under ``home/tmp``, URL bodies through ``httpx``'s ``aiter_bytes``. The size limit is
checked on every chunk; a file over it is removed at once and the answer is 4002. URL uploads only reach public
addresses (every resolved address of every hop, redirects included) unless ``allow_private_urls`` is set.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import socket
import unicodedata
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote

import httpcore
import httpx
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from ..protocol import ErrorCode
from .responses import ApiError, bad_request
from .settings import EngineSettings

_FORM_ESCAPE = re.compile(r"%([01][0-9A-Fa-f]|22)")
MAX_URLS = 20
URL_DEADLINE_FACTOR = 20
"""A whole URL fetch may take this many times ``url_timeout_s`` (600 s by default)."""
MAX_PART_HEADER_BYTES = 64 * 1024
MAX_REDIRECTS = 5
_DRAIN_CAP_BYTES = 64 * 1024 * 1024
_CONTENT_TYPE_SUFFIX = {
    "audio/mpeg": "mp3",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/flac": "flac",
    "audio/ogg": "ogg",
    "audio/aac": "aac",
    "audio/mp4": "m4a",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
    "video/x-matroska": "mkv",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
}


@dataclass(frozen=True)
class ReceivedFile:
    """A file that arrived whole under ``home/tmp``; ``name`` is the user's, sanitised for display."""

    path: Path
    name: str


def display_name(raw: str, *, fallback: str = "upload") -> str:
    """The user's file name, safe to show: no folders, no control characters, at most 200 characters."""
    base = re.split(r"[\\/]", raw)[-1]
    cleaned = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    cleaned = cleaned.strip().strip(".") or fallback
    return cleaned[:200]


def form_filename(raw: bytes) -> str:
    """A multipart part's file name as the user named the file.

    Browsers escape ``"``, CR and LF in it as ``%22``, ``%0D``, ``%0A`` (HTML's form encoding) and httpx escapes
    every control character the same way; those escapes are undone (control characters then go in `display_name`).
    Other ``%`` sequences are left alone: ``100%25.mp3`` may well be the file's real name.
    """
    return _FORM_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), raw.decode("utf-8", "replace"))


def _suffix(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ext if re.fullmatch(r"[a-z0-9]{1,5}", ext) else ""


def _temp_path(settings: EngineSettings, name: str) -> Path:
    suffix = _suffix(name)
    # the claimed suffix stays: FFmpeg's image demuxer picks its decoder by extension; home/tmp is emptied on start
    return settings.tmp_dir / f"up_{secrets.token_hex(8)}{'.' + suffix if suffix else ''}"


def discard(files: list[ReceivedFile]) -> None:
    for received in files:
        received.path.unlink(missing_ok=True)


def _too_large(name: str, limit: int) -> ApiError:
    mib = 1024 * 1024
    shown = f"{limit // mib} MB" if limit % mib == 0 else f"{limit} bytes"
    return ApiError(
        ErrorCode.MEDIA_TOO_LARGE, f"{name} is larger than the limit of {shown}: compress or trim it and try again"
    )


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    name: str = ""
    path: Path | None = None
    handle: IO[bytes] | None = None
    size: int = 0


class _MultipartSink:
    """python_multipart callbacks that write each file part straight into its own file."""

    def __init__(self, settings: EngineSettings) -> None:
        self.settings = settings
        self.files: list[ReceivedFile] = []
        self.too_large: str | None = None
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
        self._part.name = display_name(form_filename(filename))
        self._part.path = _temp_path(self.settings, self._part.name)
        self._part.handle = self._part.path.open("wb")

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        part = self._part
        if part.handle is None or self.too_large:
            return
        part.size += end - start
        if part.size > self.settings.max_upload_bytes:
            self.too_large = part.name
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

    def abort(self) -> None:
        if self._part.handle is not None:
            self._close_part(keep=False)
        discard(self.files)
        self.files = []


async def receive_multipart(request: Request, settings: EngineSettings) -> list[ReceivedFile]:
    """Stream a multipart body's file parts to ``home/tmp``.

    Raises
    ------
    ApiError
        4002 when a file passes ``settings.max_upload_bytes`` (nothing is kept), 4000 for a body that is not
        multipart or holds no file.
    """
    _, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if not boundary:
        raise bad_request("body", "multipart upload without a boundary")
    sink = _MultipartSink(settings)
    parser = _parser(boundary, sink)
    chunks = request.stream()
    try:
        await _feed(parser, chunks, sink)
    except BaseException:
        sink.abort()
        raise
    if sink.too_large:
        sink.abort()
        await _drain(chunks)
        raise _too_large(sink.too_large, settings.max_upload_bytes)
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
            if sink.too_large:
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


# URL uploads


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )


def _check_url(url: httpx.URL, where: str) -> None:
    if not url.scheme:
        raise bad_request(where, "is not a URL: give an address starting with http:// or https://")
    if url.scheme not in ("http", "https"):
        raise bad_request(where, f"only http and https URLs can be fetched, not {url.scheme!r}: upload the file itself")
    if not url.host:
        raise bad_request(where, "the URL has no host")


class PrivateAddress(Exception):
    """A URL upload would connect to a loopback, private or link-local address."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"refusing to fetch from {host}: it is a loopback, private or link-local address ({address})")


class _PublicOnlyBackend(httpcore.AnyIOBackend):
    """Resolves each host itself and connects to the address it checked, so that a DNS answer cannot change
    between the check and the connection (DNS rebinding). TLS still verifies the host name, not the address."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        import anyio

        infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        addresses = [str(info[4][0]) for info in infos]
        for address in addresses:
            if not _is_public(address):
                raise PrivateAddress(host, address)
        return await super().connect_tcp(
            addresses[0], port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )


def _transport(settings: EngineSettings) -> httpx.AsyncHTTPTransport:
    transport = httpx.AsyncHTTPTransport(trust_env=False)
    if not settings.allow_private_urls:
        # httpx has no public hook for the network backend; its pool is replaced by one that uses ours
        transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(), network_backend=_PublicOnlyBackend()
        )
    return transport


def _name_from(response: httpx.Response, url: httpx.URL) -> str:
    _, options = parse_options_header(response.headers.get("content-disposition", ""))
    raw = options.get(b"filename")
    name = display_name(raw.decode("utf-8", "replace") if raw else unquote(url.path), fallback="download")
    if not _suffix(name):
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type in _CONTENT_TYPE_SUFFIX:
            name += "." + _CONTENT_TYPE_SUFFIX[content_type]
    return name


async def fetch_urls(urls: Any, settings: EngineSettings) -> list[ReceivedFile]:
    """Fetch each URL of a JSON upload body into ``home/tmp``; all or nothing."""
    if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
        raise bad_request("urls", "must be a non-empty list of http(s) URLs")
    if len(urls) > MAX_URLS:
        raise bad_request("urls", f"at most {MAX_URLS} URLs in one upload")
    received: list[ReceivedFile] = []
    timeout = httpx.Timeout(settings.url_timeout_s)
    try:
        transport = _transport(settings)
        async with httpx.AsyncClient(
            transport=transport, follow_redirects=False, timeout=timeout, trust_env=False
        ) as http:
            for i, url in enumerate(urls):
                received.append(await _fetch_within_deadline(http, url, f"urls[{i}]", settings))
    except BaseException:
        discard(received)
        raise
    return received


async def _fetch_within_deadline(
    http: httpx.AsyncClient, raw_url: str, where: str, settings: EngineSettings
) -> ReceivedFile:
    """`_fetch_one` with a limit on the whole fetch: httpx's timeouts apply to each read, so a server that drips a
    byte now and then would otherwise hold the upload open for ever."""
    import anyio

    deadline_s = settings.url_timeout_s * URL_DEADLINE_FACTOR
    try:
        with anyio.fail_after(deadline_s):
            return await _fetch_one(http, raw_url, where, settings)
    except TimeoutError as exc:
        raise bad_request(
            where, f"fetching it took longer than {deadline_s:g} s: download the file and upload it instead"
        ) from exc


async def _fetch_one(http: httpx.AsyncClient, raw_url: str, where: str, settings: EngineSettings) -> ReceivedFile:
    try:
        url = httpx.URL(raw_url)
    except httpx.InvalidURL as exc:
        raise bad_request(where, "is not a valid URL: give one like https://example.com/song.mp3") from exc
    for _ in range(MAX_REDIRECTS + 1):
        _check_url(url, where)
        try:
            async with http.stream("GET", url) as response:
                if response.is_redirect and "location" in response.headers:
                    url = url.join(response.headers["location"])
                    continue
                return await _save_body(response, url, where, settings)
        except PrivateAddress as exc:
            raise bad_request(where, str(exc)) from exc
        except OSError as exc:  # the name does not resolve
            raise bad_request(where, f"cannot reach {url.host}: {exc.strerror or exc}") from exc
        except httpx.TimeoutException as exc:
            raise bad_request(where, f"fetching {url.host} timed out after {settings.url_timeout_s:g} s") from exc
        except httpx.HTTPError as exc:
            raise bad_request(where, f"could not fetch the URL ({type(exc).__name__})") from exc
    raise bad_request(where, f"more than {MAX_REDIRECTS} redirects")


async def _save_body(response: httpx.Response, url: httpx.URL, where: str, settings: EngineSettings) -> ReceivedFile:
    if response.status_code != 200:
        raise bad_request(where, f"the server answered HTTP {response.status_code}")
    name = _name_from(response, url)
    limit = settings.max_upload_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(name, limit)
    path = _temp_path(settings, name)
    size = 0
    try:
        with path.open("wb") as out:
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise _too_large(name, limit)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return ReceivedFile(path, name)
