"""URL uploads: each URL fetched with httpx into ``home/tmp``, streamed, all or nothing.

The size limit is checked on every chunk; a file over it is removed at once and the answer is 4002. URL uploads only
reach global addresses (every resolved address of every hop, redirects included; see ``addresses``) unless
``allow_private_urls`` is set.

Every way of not reaching a server (an address that is not global, a name that does not resolve, a refused
connection, a timeout, a reply that is not HTTP) gets the one answer `UNREACHABLE`: were they told apart, a caller
could map which ports answer on the engine's network.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

import httpcore
import httpx
from python_multipart.multipart import parse_options_header

from ..errors import BadInput, EngineError
from ..settings import EngineSettings
from .addresses import is_public as _is_public
from .files import ReceivedFile, discard, disk_full, display_name, open_private, suffix_of, temp_path, too_large

MAX_URLS = 20
URL_DEADLINE_FACTOR = 20
"""A whole URL fetch may take this many times ``url_timeout_s`` (600 s by default)."""
MAX_REDIRECTS = 5
UNREACHABLE = (
    "cannot fetch it: the address is not a public internet address, or its server could not be reached; "
    "check the URL, or download the file and upload it instead"
)
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
    "image/heic": "heic",
    "image/heif": "heif",
    "image/avif": "avif",
    "audio/opus": "opus",
    "audio/webm": "webm",
}


def _check_url(url: httpx.URL, where: str) -> None:
    if not url.scheme:
        raise BadInput(where, "is not a URL: give an address starting with http:// or https://")
    if url.scheme not in ("http", "https"):
        raise BadInput(
            where, f"only http and https URLs can be fetched, not {url.scheme[:16]!r}: upload the file itself"
        )
    if not url.host:
        raise BadInput(where, "the URL has no host")


class PrivateAddress(EngineError):
    """A URL upload would connect to an address that is not global (loopback, private, shared, link-local, …)."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to {address}, which is not a global address")


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
    if not suffix_of(name):
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type in _CONTENT_TYPE_SUFFIX:
            name += "." + _CONTENT_TYPE_SUFFIX[content_type]
    return name


async def fetch_urls(urls: Any, settings: EngineSettings) -> list[ReceivedFile]:
    """Fetch each URL of a JSON upload body into ``home/tmp``; all or nothing."""
    if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
        raise BadInput("urls", "must be a non-empty list of http(s) URLs")
    if len(urls) > MAX_URLS:
        raise BadInput("urls", f"at most {MAX_URLS} URLs in one upload")
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
        raise BadInput(
            where, f"fetching it took longer than {deadline_s:g} s: download the file and upload it instead"
        ) from exc


async def _fetch_one(http: httpx.AsyncClient, raw_url: str, where: str, settings: EngineSettings) -> ReceivedFile:
    try:
        url = httpx.URL(raw_url)
    except httpx.InvalidURL as exc:
        raise BadInput(where, "is not a valid URL: give one like https://example.com/song.mp3") from exc
    for _ in range(MAX_REDIRECTS + 1):
        _check_url(url, where)
        try:
            async with http.stream("GET", url) as response:
                if response.is_redirect and "location" in response.headers:
                    url = url.join(response.headers["location"])
                    continue
                return await _save_body(response, url, where, settings)
        except (PrivateAddress, OSError, httpx.TransportError) as exc:  # OSError: the name does not resolve
            if disk_full(exc):
                raise
            raise BadInput(where, UNREACHABLE) from exc
        except httpx.HTTPError as exc:
            raise BadInput(where, f"could not fetch the URL ({type(exc).__name__})") from exc
    raise BadInput(where, f"more than {MAX_REDIRECTS} redirects")


async def _save_body(response: httpx.Response, url: httpx.URL, where: str, settings: EngineSettings) -> ReceivedFile:
    if response.status_code != 200:
        raise BadInput(where, f"the server answered HTTP {response.status_code}")
    name = _name_from(response, url)
    limit = settings.max_upload_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(name, limit)
    path = temp_path(settings, name)
    size = 0
    try:
        with open_private(path) as out:
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise too_large(name, limit)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return ReceivedFile(path, name)
