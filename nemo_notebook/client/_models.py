"""The values the client hands back: chat events, replies, state, credits, render status."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..protocol import Draft, MediaInfo, RenderState, summarize
from . import _html
from . import _wire as wire


@dataclass(frozen=True)
class TextDelta:
    """A piece of the agent's words, as it arrives. The deltas of a turn add up to the text of its messages."""

    text: str


@dataclass(frozen=True)
class Message:
    """One whole message of the agent. ``synthesized`` is true when the server sent no words and the client wrote
    this from the change in the draft."""

    text: str
    synthesized: bool = False


@dataclass(frozen=True)
class ToolCall:
    """The agent started one of its tools (internal; for programmatic users)."""

    id: str
    name: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ToolResult:
    """One of the agent's tools finished (internal; for programmatic users)."""

    id: str
    name: str
    response: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Heartbeat:
    """The server is alive but quiet. ``silent_for_s``: seconds since the agent's last words (heartbeats do not
    reset it); ``still_working`` turns true once that passes the client's ``still_working_after_s`` (2 minutes),
    the moment to show "⏳ Still working…"."""

    silent_for_s: float
    elapsed_s: float
    still_working: bool = False


@dataclass(frozen=True)
class StateChanged:
    """The turn committed a new draft. ``version`` is the new draft version when the server says it."""

    version: int | None
    delta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TurnComplete:
    """The agent finished the turn; nothing more will come on this stream."""


ChatEvent = TextDelta | Message | ToolCall | ToolResult | Heartbeat | StateChanged | TurnComplete


@dataclass(frozen=True)
class State:
    """A session's state: the draft (timeline), the user's uploads, the files the service made, the draft version
    and the ``bind_id`` for the registration link."""

    draft: Draft
    media: tuple[MediaInfo, ...] = ()
    generated: tuple[MediaInfo, ...] = ()
    version: int = 0
    bind_id: str | None = None

    @classmethod
    def from_wire(cls, data: Any, where: str = "data") -> State:
        """Read a state answer's ``data``; every field but the draft's shape is optional."""
        data = wire.mapping(data, where, optional=True)
        state = wire.mapping(data.get("state"), f"{where}.state", optional=True)
        return cls(
            draft=wire.draft(state.get("draft"), f"{where}.state.draft"),
            media=_media(state, "video_infos", f"{where}.state"),
            generated=_media(state, "generated_media", f"{where}.state"),
            version=wire.integer(state.get("version"), f"{where}.state.version", default=0) or 0,
            bind_id=wire.optional_text(data.get("bind_id", state.get("bind_id")), f"{where}.bind_id"),
        )

    def media_by_id(self) -> dict[str, MediaInfo]:
        return {m.id: m for m in (*self.media, *self.generated)}

    def summary(self) -> str:
        return summarize(self.draft)

    def _repr_html_(self) -> str:
        return _html.state_html(self)


def _media(state: Mapping[str, Any], key: str, where: str) -> tuple[MediaInfo, ...]:
    items = wire.listing(state.get(key), f"{where}.{key}")
    return tuple(wire.media_info(m, f"{where}.{key}[{i}]") for i, m in enumerate(items))


@dataclass(frozen=True)
class Reply:
    """The whole answer to one message.

    Attributes
    ----------
    text
        The agent's words (rewritten where they pointed at buttons this client does not have); when the server
        sent none, a sentence saying what changed.
    changes
        What changed in the draft, one phrase each (``'added Title: "Urban Dreams" (0-3s)'``); empty if nothing.
    events
        Every event of the turn, in order.
    version
        The draft version after the turn.
    complete
        Whether the server said the turn was complete (the hosted service sometimes just closes the stream).
    """

    text: str
    changes: tuple[str, ...] = ()
    events: tuple[ChatEvent, ...] = ()
    version: int = 0
    complete: bool = True

    def __str__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return _html.reply_html(self)


@dataclass(frozen=True)
class Credits:
    """Credit balance: ``available`` to spend, ``frozen`` held by work in progress, ``total``."""

    available: int
    frozen: int
    total: int

    @classmethod
    def from_wire(cls, data: Any, where: str = "data") -> Credits:
        data = wire.mapping(data, where)
        available, frozen, total = (
            wire.integer(data.get(key), f"{where}.{key}", default=0) or 0 for key in ("available", "frozen", "total")
        )
        return cls(available, frozen, total or available + frozen)

    def _repr_html_(self) -> str:
        return _html.credits_html(self)

    def _repr_pretty_(self, printer: _html.Printer, cycle: bool) -> None:
        _html.pretty(printer, _html.credits_text(self))


@dataclass(frozen=True)
class RenderOutput:
    """The finished file: where to fetch it, its size in bytes and length in ms."""

    url: str
    size: int | None = None
    duration_ms: int | None = None


@dataclass(frozen=True)
class RenderStatus:
    """One look at an export: ``status`` is ``queued``, ``rendering``, ``completed``, ``failed`` or ``unknown``
    (the server no longer knows it); ``progress`` 0–1."""

    id: str
    status: str
    progress: float = 0.0
    output: RenderOutput | None = None
    error: str | None = None

    @classmethod
    def from_wire(cls, data: Any, where: str = "data") -> RenderStatus:
        """Read a render answer's ``data``; ``id`` and ``status`` are required, the rest optional."""
        data = wire.mapping(data, where)
        status = wire.text(data.get("status"), f"{where}.status").strip().lower()
        return cls(
            id=wire.text(data.get("id"), f"{where}.id"),
            status=status,
            progress=1.0
            if status == RenderState.COMPLETED
            else wire.fraction(data.get("progress"), f"{where}.progress"),
            output=_output(data.get("output"), f"{where}.output"),
            error=_error_text(data.get("error")),
        )

    @property
    def done(self) -> bool:
        return self.status in (RenderState.COMPLETED, RenderState.FAILED, "unknown")

    def _repr_html_(self) -> str:
        return _html.render_html(self)


def _output(value: Any, where: str) -> RenderOutput | None:
    if value is None:
        return None
    out = wire.mapping(value, where)
    url = wire.optional_text(out.get("url"), f"{where}.url")
    if not url:
        return None
    size = wire.integer(out.get("size"), f"{where}.size")
    return RenderOutput(
        url, size if size and size > 0 else None, wire.integer(out.get("duration_ms"), f"{where}.duration_ms")
    )


def _error_text(value: Any) -> str | None:
    """A render's error: a string, or an object with a message (extra shapes are shown as they came)."""
    if value is None or value == "":
        return None
    if isinstance(value, Mapping):
        value = value.get("message") or value.get("error") or value
    return str(value)
