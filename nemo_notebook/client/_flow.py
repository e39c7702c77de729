"""What the client's operations ask a driver to do: the sans-I/O half of every request.

Each operation (a call with its retries, a chat turn, waiting for an export, a download) is written once, as a
generator in the style of httpx's ``Auth.auth_flow``: it yields an :data:`Effect` and is sent the result. Two thin
drivers (:mod:`._drivers`) carry the effects out, one with ``httpx.Client`` and ``time.sleep``, one with
``httpx.AsyncClient`` and ``anyio.sleep``. Responses a flow opens are closed by the driver when the flow ends, however
it ends, so a flow never needs a ``finally`` that does I/O.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

from ._models import ChatEvent
from ._upload import Multipart

T = TypeVar("T")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
"""RFC 9110's idempotent methods: sent twice, they do what once does."""


@dataclass(frozen=True)
class Send:
    """Send a request; the result is the ``httpx.Response`` (its body unread when ``stream``)."""

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)  # it holds the token
    json: Any = None
    upload: Multipart | None = None
    stream: bool = False
    what: str = "the server"
    streaming: bool = False
    """A broken connection counts as a broken answer (:class:`StreamError`), as for a download."""
    read_timeout_s: float | None = None
    """A tighter read timeout for this request (a chat stream's silence clock), when shorter than the client's."""
    answer_within_s: float | None = None
    """How long the server may work before it answers (an upload's check): the read timeout is at least this."""
    keyed: bool = False
    """The body names what it makes (an export's render id): a server acts on it once however often it comes."""

    @property
    def repeatable(self) -> bool:
        """Safe to send again when the connection broke: an idempotent method or a keyed body, never an upload."""
        return self.upload is None and (self.method.upper() in IDEMPOTENT_METHODS or self.keyed)


@dataclass(frozen=True)
class Read:
    """Read the whole body of a streamed response (an error answer)."""

    response: httpx.Response
    what: str


@dataclass(frozen=True)
class Close:
    response: httpx.Response


@dataclass(frozen=True)
class NextChunk:
    """The next bytes of a streamed response, or ``None`` at its end."""

    response: httpx.Response
    what: str


@dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclass(frozen=True)
class Locked:
    """Run ``flow`` holding the client's token lock (so that a token refresh is single-flight)."""

    flow: Flow[Any]


@dataclass(frozen=True)
class Emit:
    """Hand one chat event to the caller as it arrives (only a chat turn emits)."""

    event: ChatEvent


Effect = Send | Read | Close | NextChunk | Sleep | Locked | Emit
Flow = Generator[Effect, Any, T]
