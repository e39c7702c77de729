"""Server-sent events, parsed on bytes as the WHATWG spec reads them.

Lines end with CR, LF or CRLF, and are split as bytes before decoding: ``str.splitlines`` (and httpx's
``iter_lines``) would also split on U+2028, U+0085 and friends, which JSON carries unescaped. A CR at the end of one
chunk and an LF at the start of the next are one line end. ``data:`` lines accumulate (joined by LF); an empty line
dispatches; a line starting with ``:`` is a comment, which the hosted service and the engine send as heartbeats.
At the end of the stream an event that was not dispatched is dropped, so a cut-off event never reaches a caller.

Memory is bounded: a line longer than ``MAX_LINE_BYTES``, or an event whose data passes ``MAX_EVENT_BYTES``, is a
:class:`~._errors.StreamError` (a server that never ends its line must not fill the kernel's memory).
"""

from __future__ import annotations

from dataclasses import dataclass

from ._errors import StreamError

MAX_LINE_BYTES = 1024 * 1024
MAX_EVENT_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class SSEMessage:
    """One dispatched event: its ``data`` (lines joined by LF), ``event`` type, last ``id`` and ``retry`` (ms)."""

    data: str
    event: str = "message"
    id: str | None = None
    retry_ms: int | None = None


@dataclass(frozen=True)
class SSEComment:
    """A comment line (``: ping``): nothing for the user, but proof that the server is alive."""

    text: str


SSEItem = SSEMessage | SSEComment


class SSEDecoder:
    """Feed it chunks of bytes as they arrive; it returns the events and comments that became complete.

    >>> d = SSEDecoder()
    >>> d.feed(b'data: {"a"') + d.feed(b': 1}\\r\\n\\r\\n')
    [SSEMessage(data='{"a": 1}', event='message', id=None, retry_ms=None)]
    """

    def __init__(self) -> None:
        self._tail: list[bytes] = []
        self._tail_bytes = 0
        self._event_bytes = 0
        self._skip_lf = False
        self._started = False
        self._data: list[str] = []
        self._has_data = False
        self._event = ""
        self._last_id: str | None = None
        self._retry_ms: int | None = None

    def feed(self, chunk: bytes) -> list[SSEItem]:
        if self._skip_lf and chunk[:1] == b"\n":
            chunk = chunk[1:]
        self._skip_lf = False
        if not chunk:
            return []
        if b"\n" not in chunk and b"\r" not in chunk:
            self._keep(chunk)  # a long line across many chunks is joined once, when it ends
            return []
        lines = b"".join([*self._tail, chunk]).splitlines(keepends=True)
        self._tail, self._tail_bytes = [], 0
        if lines[-1].endswith((b"\n", b"\r")):
            self._skip_lf = lines[-1].endswith(b"\r")
        else:
            self._keep(lines.pop())
        out: list[SSEItem] = []
        for line in lines:
            _check_line(len(line))
            self._line(line.rstrip(b"\r\n"), out)
        return out

    def _keep(self, piece: bytes) -> None:
        self._tail_bytes += len(piece)
        _check_line(self._tail_bytes)
        self._tail.append(piece)

    def end(self) -> list[SSEItem]:
        """The stream is over. An event without its blank line, or a last line without its end, is dropped."""
        self._tail, self._tail_bytes = [], 0
        self._data, self._event_bytes = [], 0
        self._has_data = False
        return []

    def _line(self, raw: bytes, out: list[SSEItem]) -> None:
        if not self._started:
            self._started = True
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw:
            self._dispatch(out)
            return
        if raw[:1] == b":":
            out.append(SSEComment(raw[1:].decode("utf-8", "replace").strip()))
            return
        name, _, value = raw.partition(b":")
        self._field(name.decode("utf-8", "replace"), value.removeprefix(b" ").decode("utf-8", "replace"))

    def _field(self, name: str, value: str) -> None:
        if name == "data":
            self._event_bytes += len(value) + 1
            if self._event_bytes > MAX_EVENT_BYTES:
                raise StreamError(
                    f"an event of the stream is longer than {MAX_EVENT_BYTES // 2**20} MiB", hint=_LIMIT_HINT
                )
            self._data.append(value)
            self._has_data = True
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._last_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry_ms = int(value)

    def _dispatch(self, out: list[SSEItem]) -> None:
        if self._has_data:
            out.append(SSEMessage("\n".join(self._data), self._event or "message", self._last_id, self._retry_ms))
        self._data, self._event_bytes = [], 0
        self._has_data = False
        self._event = ""


_LIMIT_HINT = "the server is not sending server-sent events as API.md describes; check the base URL"


def _check_line(size: int) -> None:
    if size > MAX_LINE_BYTES:
        raise StreamError(f"a line of the stream is longer than {MAX_LINE_BYTES // 2**20} MiB", hint=_LIMIT_HINT)
