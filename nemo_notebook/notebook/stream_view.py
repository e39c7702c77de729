"""The streaming reply: the agent's words appear in the cell as they arrive.

A :class:`Reply` gathers the client's chat events (words, tool use, heartbeats); a :class:`StreamView` feeds it and
shows it through a *sink* no more than ``max_rate_hz`` times a second: a display handle updated in place in a
notebook, an HTML widget in the Studio, or plain text written as it comes in a terminal.

Events are recognised by their class name (``TextDelta``, ``Message``, ``ToolCall``, ``ToolResult``, ``Heartbeat``,
``StateChanged``, ``TurnComplete``), so that this module does not need the client to load.
"""

from __future__ import annotations

import contextvars
import html
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TextIO

from .tool_words import doing

STILL_WORKING = "⏳ Still working…"
THINKING = "💬 …"
WORKING = "⏳ Working…"
TICK_S = 1.0


@dataclass
class ToolUse:
    """One of the agent's steps: ``name`` is the tool's (kept for programs), ``label()`` says it in words."""

    name: str
    state: str = "running"  # "running" | "done" | "failed"

    def label(self) -> str:
        mark = {"running": "…", "done": " ✓", "failed": " ✗"}[self.state]
        return f"{doing(self.name)}{mark}"


def clock_text(seconds: float) -> str:
    """``75.2`` → ``"1:15"``: elapsed time as a person reads it on a working line."""
    whole = max(int(seconds), 0)
    return f"{whole // 60}:{whole % 60:02d}"


@dataclass
class Reply:
    """What one chat turn has said so far. Mutable: the stream view fills it as events arrive."""

    messages: list[str] = field(default_factory=list)
    partial: str = ""
    tools: list[ToolUse] = field(default_factory=list)
    notice: str = ""
    footer: str = ""
    complete: bool = False
    elapsed_s: float = 0.0

    @property
    def text(self) -> str:
        return "\n\n".join([*self.messages, self.partial] if self.partial else self.messages)

    def apply(self, event: Any) -> str:
        """Take in one event; returns what it was (``"words"``, ``"tool"``, ``"heartbeat"``, ``"end"``, ``""``)."""
        kind = type(event).__name__
        if kind == "TextDelta":
            self.partial += str(event.text)
        elif kind == "Message":
            self.messages.append(str(event.text))
            self.partial = ""
        elif kind == "ToolCall":
            self.tools.append(ToolUse(str(event.name)))
        elif kind == "ToolResult":
            self._finish_tool(str(event.name), getattr(event, "response", None))
        elif kind == "TurnComplete":
            self.complete = True
            return "end"
        elif kind == "Heartbeat":
            return "heartbeat"
        else:
            return ""
        return "words" if kind in ("TextDelta", "Message") else "tool"

    def _finish_tool(self, name: str, response: Any) -> None:
        failed = isinstance(response, dict) and bool(response.get("error"))
        for tool in reversed(self.tools):
            if tool.name == name and tool.state == "running":
                tool.state = "failed" if failed else "done"
                return
        self.tools.append(ToolUse(name, "failed" if failed else "done"))

    def tools_line(self) -> str:
        return " · ".join(tool.label() for tool in self.tools)

    def working_line(self) -> str:
        """``⏳ Working… 0:12`` while the turn runs (the notice instead, after long silence); the time it took after."""
        if self.complete:
            return f"⏱ {self.elapsed_s:.1f} s" if self.elapsed_s else ""
        return f"{self.notice or WORKING} {clock_text(self.elapsed_s)}"

    def to_text(self) -> str:
        lines = [self.tools_line(), self.text or ("" if self.complete else THINKING), self.notice, self.footer]
        return "\n".join(line for line in lines if line)

    def to_html(self) -> str:
        def block(text: str, name: str, style: str) -> str:
            return f'<div class="nemo-{name}" style="{style}">{html.escape(text)}</div>' if text else ""

        body = self.text or ("" if self.complete else THINKING)
        return (
            '<div class="nemo-reply" style="line-height:1.45">'
            + block(self.tools_line(), "steps", "opacity:0.7;font-size:90%;margin-bottom:4px")
            + block(body, "words", "white-space:pre-wrap")
            + block(self.footer, "footer", "opacity:0.75;font-family:monospace;font-size:90%;margin-top:6px")
            + block(self.working_line(), "working", "opacity:0.7;font-size:90%;margin-top:4px")
            + "</div>"
        )


class ReplyDisplay:
    """A snapshot of a :class:`Reply` for IPython's display machinery (HTML in notebooks, text elsewhere)."""

    def __init__(self, reply: Reply) -> None:
        self._html = reply.to_html()
        self._text = reply.to_text()

    def _repr_html_(self) -> str:
        return self._html

    def __repr__(self) -> str:
        return self._text


class Sink(Protocol):
    def show(self, reply: Reply) -> None: ...


class DisplaySink:
    """Shows the reply in the cell's output through one display handle, updated in place."""

    def __init__(self) -> None:
        self._handle: Any = None

    def show(self, reply: Reply) -> None:
        from ._ipython import display

        if self._handle is None:
            self._handle = display(ReplyDisplay(reply), display_id=True)
        else:
            self._handle.update(ReplyDisplay(reply))


def _within(text: str, written: str) -> bool:
    """Whether every character of ``text`` was written, in order: a message whose whole text leaves out the progress
    words streamed between its pieces ("40 %… ") is already on the terminal.

    >>> _within("Analysing… 130 BPM.", "Analysing… 40 %… 130 BPM.")
    True
    >>> _within("Done: 12 shots.", "Analysing… ")
    False
    """
    left = iter(written)
    return all(char in left for char in text)


class TextSink:
    """A terminal: words are written as they come; tools and notices get their own lines."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._written = ""
        self._tools_shown = 0
        self._notice = ""
        self._at_line_start = True

    def show(self, reply: Reply) -> None:
        for tool in reply.tools[self._tools_shown :]:
            self._line(tool.label())
        self._tools_shown = len(reply.tools)
        text = reply.text
        if text.startswith(self._written):
            self._write(text[len(self._written) :])
        elif not _within(text, self._written):  # a final message replaced the deltas with other words: a fresh line
            self._line(text)
        self._written = text
        if reply.notice and reply.notice != self._notice:
            self._line(reply.notice)
        self._notice = reply.notice
        if reply.complete:
            self._line(reply.footer)
        (self._stream or sys.stdout).flush()

    def _write(self, text: str) -> None:
        if text:
            (self._stream or sys.stdout).write(text)
            self._at_line_start = text.endswith("\n")

    def _line(self, text: str) -> None:
        """``text`` on a line of its own (nothing but a line end when ``text`` is empty)."""
        if not self._at_line_start:
            self._write("\n")
        if text:
            self._write(text + "\n")


Timer = Callable[[float, Callable[[], None]], Any]


def start_timer(delay_s: float, action: Callable[[], None]) -> threading.Timer:
    """Run ``action`` once after ``delay_s`` in a daemon thread, in the caller's context: ipykernel keeps the cell's
    parent header in a context variable, so the display update still belongs to the cell."""
    context = contextvars.copy_context()
    timer = threading.Timer(delay_s, context.run, args=(action,))
    timer.daemon = True
    timer.start()
    return timer


class StreamView:
    """Feeds events into a :class:`Reply` and shows it through ``sink``, at most ``max_rate_hz`` times a second.

    Parameters
    ----------
    sink
        Where the reply is shown.
    max_rate_hz
        Upper bound on display updates per second (words arriving faster are batched).
    silence_notice_s
        Seconds without words after which the reply says :data:`STILL_WORKING`.
    clock
        Monotonic clock in seconds (tests pass their own).
    timer
        Schedules the trailing update, so that words held back by the rate limit show within one interval even
        when nothing follows them for a while; None to wait for the next event instead.
    """

    def __init__(
        self,
        sink: Sink,
        *,
        max_rate_hz: float = 10.0,
        silence_notice_s: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
        timer: Timer | None = start_timer,
    ) -> None:
        self.reply = Reply()
        self._sink = sink
        self._interval_s = 1.0 / max_rate_hz
        self._silence_notice_s = silence_notice_s
        self._clock = clock
        self._last_words = clock()
        self._last_shown = float("-inf")
        self._pending = False
        self._timer = timer
        self._scheduled: Any = None
        self._lock = threading.Lock()
        self._started = clock()
        self.updates = 0

    def start(self) -> None:
        """Show the empty reply at once, so the cell says something before the first word; then, when there is a
        timer, move the elapsed time on the working line once a second until the turn is over."""
        self._started = self._clock()
        self._last_words = self._started
        self._show()
        if self._timer is not None:
            self._timer(TICK_S, self._tick)

    def _tick(self) -> None:
        with self._lock:
            if self.reply.complete:
                return
            self._show()
        assert self._timer is not None
        self._timer(TICK_S, self._tick)

    def feed(self, event: Any) -> None:
        """Take in one chat event and update the display if enough time has passed since the last update."""
        now = self._clock()
        kind = self.reply.apply(event)
        if kind in ("words", "tool"):
            self._last_words = now
            self.reply.notice = ""
        elif kind == "heartbeat":
            silent_s = max(now - self._last_words, float(getattr(event, "silent_for_s", 0) or 0))
            if silent_s >= self._silence_notice_s and not self.reply.notice:
                self.reply.notice = STILL_WORKING
                self._pending = True
        with self._lock:
            if kind:
                self._pending = True
            if self._pending and (now - self._last_shown >= self._interval_s or kind == "heartbeat"):
                self._show()
            elif self._pending and self._timer is not None and self._scheduled is None:
                wait_s = max(self._interval_s - (now - self._last_shown), 0.0)
                self._scheduled = self._timer(wait_s, self._flush)

    def _flush(self) -> None:
        with self._lock:
            self._scheduled = None
            if self._pending and not self.reply.complete:
                self._show()

    def finish(self, footer: str = "") -> Reply:
        """The turn is over: show the final words and ``footer`` (the one-line timeline)."""
        with self._lock:
            if self._scheduled is not None:
                self._scheduled.cancel()
                self._scheduled = None
            self.reply.complete = True
            self.reply.notice = ""
            self.reply.footer = "" if footer and footer in self.reply.text else footer
            self._show()
        return self.reply

    def _show(self) -> None:
        self.reply.elapsed_s = self._clock() - self._started
        self._sink.show(self.reply)
        self._last_shown = self._clock()
        self._pending = False
        self.updates += 1
