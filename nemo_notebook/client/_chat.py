"""One chat turn, without I/O: SSE items in, typed events out, with the watchdogs.

Both clients feed a :class:`TurnReader` the bytes of ``/run_sse`` as they arrive. It parses them
(:class:`~._sse.SSEDecoder`), turns ADK events into :data:`~._models.ChatEvent` values, rewrites screen words, and
keeps two clocks that heartbeats do not reset: the time since the agent's last words (``silence_timeout_s``) and the
time since the turn started (``deadline_s``).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..protocol.events import STREAM_MAX_S
from ._errors import NemoError, Timeout, api_error
from ._http import envelope_code
from ._models import ChatEvent, Heartbeat, Message, StateChanged, TextDelta, ToolCall, ToolResult, TurnComplete
from ._sse import SSEComment, SSEDecoder, SSEItem
from ._words import StreamingRewriter, rewrite_screen_words

logger = logging.getLogger("nemo_notebook.client")

_ADK_KEYS = frozenset({"content", "actions", "author", "partial", "turnComplete", "invocationId"})
_AFTER_TIMEOUT = "the agent may still finish: look at session.summary() in a minute, or send the message again"


@dataclass(frozen=True)
class ChatLimits:
    """Clocks of a chat turn, in seconds.

    still_working_after_s
        Silence after which heartbeats say ``still_working`` (the notebook shows "⏳ Still working…").
    silence_timeout_s
        Silence (no words; heartbeats do not count) after which the turn fails with :class:`Timeout`. API.md says a
        stream may last up to 15 minutes, and a turn may work that long with nothing but heartbeats. The stream's
        read timeout is never longer, so a server that sends no bytes at all is caught too.
    deadline_s
        Longest a turn may take in all.
    """

    still_working_after_s: float = 120.0
    silence_timeout_s: float = STREAM_MAX_S
    deadline_s: float = STREAM_MAX_S


class TurnReader:
    """Turns the bytes of one ``/run_sse`` answer into chat events."""

    def __init__(self, limits: ChatLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self.started = clock()
        self.last_words = self.started
        self._decoder = SSEDecoder()
        self._rewriter = StreamingRewriter()
        self.messages: list[str] = []
        self.complete = False
        self.started_work = False
        self.state_version: int | None = None

    @property
    def saw_text(self) -> bool:
        return bool(self.messages) or self._rewriter.has_text

    def new_stream(self) -> None:
        """The message is sent again (only ever before the agent did anything): read the new answer afresh."""
        self._decoder = SSEDecoder()

    def feed(self, chunk: bytes) -> list[ChatEvent]:
        events: list[ChatEvent] = []
        for item in self._decoder.feed(chunk):
            events += self._item(item)
        self.check_clocks()
        return events

    def finish(self) -> list[ChatEvent]:
        """The stream ended: give out words held back, and a whole message for text that never got one."""
        self._decoder.end()
        if not self._rewriter.has_text:
            return []
        return self._close_message(self._rewriter.text)

    def check_clocks(self, *, grace_s: float = 0.0) -> None:
        """Raise :class:`Timeout` when a clock ran out (``grace_s`` early: a read timeout set to the silence clock
        fired, and the two clocks may differ by a hair)."""
        now = self._clock() + grace_s
        if now - self.started > self.limits.deadline_s:
            raise Timeout(f"the agent's reply took longer than {_span(self.limits.deadline_s)}", hint=_AFTER_TIMEOUT)
        if now - self.last_words > self.limits.silence_timeout_s:
            raise Timeout(f"no words from the agent for {_span(self.limits.silence_timeout_s)}", hint=_AFTER_TIMEOUT)

    def _item(self, item: SSEItem) -> list[ChatEvent]:
        if isinstance(item, SSEComment) or not item.data.strip():
            return [self._heartbeat()]
        try:
            raw = json.loads(item.data)
        except ValueError:
            logger.warning("skipped a chat event that is not JSON (%d characters)", len(item.data))
            return []
        if not isinstance(raw, Mapping) or not raw:
            return [self._heartbeat()]
        return self._adk_event(raw)

    def _heartbeat(self) -> Heartbeat:
        now = self._clock()
        silent = now - self.last_words
        return Heartbeat(silent, now - self.started, silent >= self.limits.still_working_after_s)

    def _adk_event(self, raw: Mapping[str, Any]) -> list[ChatEvent]:
        _raise_for_error(raw)
        events: list[ChatEvent] = []
        content = raw.get("content")
        for part in (content.get("parts") if isinstance(content, Mapping) else None) or ():
            if isinstance(part, Mapping):
                events += self._part(part, partial=bool(raw.get("partial")))
        delta = (raw.get("actions") or {}).get("stateDelta") if isinstance(raw.get("actions"), Mapping) else None
        if isinstance(delta, Mapping) and delta:
            version = _version(delta)
            self.state_version = version if version is not None else self.state_version
            events.append(StateChanged(version, dict(delta)))
        if raw.get("turnComplete"):
            self.complete = True
            events.append(TurnComplete())
        self.started_work = self.started_work or bool(events)
        return events

    def _part(self, part: Mapping[str, Any], *, partial: bool) -> list[ChatEvent]:
        call, response = part.get("functionCall"), part.get("functionResponse")
        if isinstance(call, Mapping):
            args = call.get("args")
            args = dict(args) if isinstance(args, Mapping) else {} if args is None else {"args": args}
            return [ToolCall(str(call.get("id", "")), str(call.get("name", "")), args)]
        if isinstance(response, Mapping):
            body = response.get("response")
            body = dict(body) if isinstance(body, Mapping) else {"result": body}
            return [ToolResult(str(response.get("id", "")), str(response.get("name", "")), body)]
        text = part.get("text")
        if not isinstance(text, str) or not text or part.get("thought"):
            return []
        self.last_words = self._clock()
        self.started_work = True
        if partial:
            piece = self._rewriter.feed(text)
            return [TextDelta(piece)] if piece else []
        return self._close_message(text)

    def _close_message(self, whole: str) -> list[ChatEvent]:
        """A message is complete: give out the rest of its words as a delta, then the whole message."""
        events: list[ChatEvent] = []
        given = self._rewriter.text
        if whole.startswith(given):  # the usual case: the whole message extends the pieces already streamed
            rest = self._rewriter.feed(whole[len(given) :]) + self._rewriter.flush()
        else:
            rest = self._rewriter.flush()
        if rest:
            events.append(TextDelta(rest))
        text = rewrite_screen_words(whole)
        self.messages.append(text)
        self._rewriter = StreamingRewriter()
        return [*events, Message(text)]


def _version(delta: Mapping[str, Any]) -> int | None:
    for key in ("version", "draft_version", "draftVersion"):
        value = delta.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def _span(seconds: float) -> str:
    return f"{seconds / 60:.0f} minutes" if seconds >= 120 else f"{seconds:.0f} s"


def _raise_for_error(raw: Mapping[str, Any]) -> None:
    """An error inside the stream becomes this library's error: API.md's envelope (``code`` other than 0 with a
    ``message``, as the hosted service sends it on a stream), or ADK's ``errorCode`` / ``errorMessage``."""
    code = envelope_code(raw)
    if code and not _ADK_KEYS & raw.keys():
        raise api_error(code, 200, str(raw.get("message") or raw.get("msg") or f"error {code}"))
    code, message = raw.get("errorCode"), raw.get("errorMessage")
    if code is None and message is None:
        return
    text = str(message or code)
    try:
        number = int(code) if code is not None else 5000
    except (TypeError, ValueError):
        raise NemoError(f"the agent stopped: {text}", hint="send the message again") from None
    raise api_error(number, 200, text)
