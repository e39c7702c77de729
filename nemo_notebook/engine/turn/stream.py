"""One accepted chat turn, streamed as ADK events as the agent's steps happen.

The agent's ``execute`` runs in a worker thread; its steps, and the words it narrates from inside long calls
(``ctx.narrate``), cross to the event loop through an asyncio queue and leave as SSE ``data:`` lines. The turn is never
silent for long: when no words came for ``words_interval_s`` the stream says what is still going on and for how long
("still analysing the music (10 s)… "), and a ``: ping`` comment goes out whenever nothing at all was sent for the
heartbeat interval. Such progress words (the clock, "40 %… ") stream as partial text and stay out of the message's
whole text, the final event: they say how the work goes while it goes, and the reply that stays says what was done.
When the client goes away the stream is cancelled, the turn's context is cancelled, and nothing
it staged is written.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from ...protocol import events
from ...protocol.events import Event
from ..agent.context import AgentStep, Intent, Say, StateChanged, ToolFinished, ToolStarted
from ..agent.replies import t
from ..credits import Reservation
from ..errors import EngineError, TurnCancelled, fault_reference, without_paths
from .context import SessionContext

log = logging.getLogger("nemo_notebook.engine.turn")


class Agent(Protocol):
    """The two phases of a turn (see ``agent.context``)."""

    def interpret(self, text: str, ctx: Any) -> Intent: ...

    def execute(self, intent: Intent, ctx: Any) -> Iterator[AgentStep]: ...


@dataclass(frozen=True)
class _Done:
    pass


@dataclass(frozen=True)
class _Failed:
    message: str


@dataclass(frozen=True)
class _Narrated:
    """Words from inside a long call (``ctx.narrate``) or for a silence: progress, streamed but left out of the
    message's whole text."""

    text: str


_Item = AgentStep | _Narrated | _Done | _Failed


@dataclass
class Turn:
    """Everything one turn needs once it has been accepted."""

    agent: Agent
    intent: Intent
    ctx: SessionContext
    reservation: Reservation
    release: Callable[[], None]
    heartbeat_interval_s: float
    started: bool = False

    def close(self) -> None:
        """After the response: cancel whatever still runs; give back the lock and credits if work never began."""
        self.ctx.cancel()
        if not self.started:
            self.started = True
            self.reservation.release()
            self.release()


def _work(turn: Turn, put: Callable[[_Item], None]) -> None:
    """The worker thread: run the agent, then write what it staged unless the turn was cancelled."""
    try:
        _run_steps(turn, put)
        if not turn.ctx.cancelled:
            turn.ctx.finish(charge=turn.reservation.amount)
    except TurnCancelled:
        pass
    except Exception as exc:
        reference = fault_reference()
        log.error(
            "turn on session %s failed (reference %s): %s",
            turn.ctx.session_id,
            reference,
            exc,
            exc_info=not isinstance(exc, EngineError),
        )
        put(_Failed(_failure_words(exc, reference)))
    finally:
        turn.reservation.release()
        turn.release()
        put(_Done())


def _run_steps(turn: Turn, put: Callable[[_Item], None]) -> None:
    steps = iter(turn.agent.execute(turn.intent, turn.ctx))
    try:
        for step in steps:
            if turn.ctx.cancelled:
                return
            put(step)
    finally:
        close = getattr(steps, "close", None)  # a generator's own finally blocks run now, not at garbage collection
        if callable(close):
            close()


def _failure_words(exc: Exception, reference: str) -> str:
    """An engine error's own words (less any path on this machine); an unexpected fault's never, only its reference."""
    detail = without_paths(str(exc))[:300] if isinstance(exc, EngineError) else ""
    what = detail or f"an internal error, reference {reference} in the engine's log"
    return f"Sorry, I could not finish that ({what}). Nothing was changed; try again or ask differently."


class _EventWriter:
    """Turns agent steps into ADK events; consecutive ``Say`` steps make one message, whose whole text (the final
    event) leaves out the progress words streamed between them."""

    def __init__(self, ctx: SessionContext) -> None:
        self._invocation = "inv_" + secrets.token_hex(8)
        self._ctx = ctx
        self._text: list[str] = []

    def _ids(self) -> tuple[str, str, float]:
        return "evt_" + secrets.token_hex(8), self._invocation, time.time()

    def events_for(self, item: _Item) -> list[Event]:
        if isinstance(item, (Say, _Narrated)):
            text = without_paths(item.text)
            if isinstance(item, Say):
                self._text.append(text)
            return [events.text_event(*self._ids(), text, partial=True)]
        out = self.flush_text()
        if isinstance(item, ToolStarted):
            out.append(events.function_call_event(*self._ids(), item.call_id, item.name, _jsonable(item.args)))
        elif isinstance(item, ToolFinished):
            response = _without_paths(_jsonable(item.response))
            out.append(events.function_response_event(*self._ids(), item.call_id, item.name, response))
        elif isinstance(item, StateChanged):
            out.append(events.state_delta_event(*self._ids(), self._state_delta(item.version)))
        elif isinstance(item, _Failed):
            out.append(events.text_event(*self._ids(), item.message, partial=False))
        return out

    def flush_text(self) -> list[Event]:
        """The whole message said since the last one (none where only progress words were streamed)."""
        whole, self._text = "".join(self._text), []
        return [events.text_event(*self._ids(), whole, partial=False)] if whole else []

    def turn_complete(self) -> Event:
        return events.turn_complete_event(*self._ids())

    def _state_delta(self, version: int) -> dict[str, Any]:
        delta: dict[str, Any] = {"version": version}
        staged = self._ctx.staged_draft(version)
        if staged is not None:
            delta["draft"] = staged.to_wire()
        return delta


def _jsonable(value: Any) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(json.dumps(dict(value), default=str))
    return loaded


def _without_paths(value: Any) -> Any:
    """A tool's result with every string `without_paths`: an edit's error may name a file where it lies."""
    if isinstance(value, str):
        return without_paths(value)
    if isinstance(value, dict):
        return {key: _without_paths(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_paths(item) for item in value]
    return value


def _sse(event: Event) -> bytes:
    return b"data: " + json.dumps(event, ensure_ascii=False, default=str).encode("utf-8") + b"\n\n"


async def stream_turn(turn: Turn) -> AsyncIterator[bytes]:
    """The SSE body of one turn; cancelling the iteration (a client disconnect) cancels the turn."""
    loop = asyncio.get_running_loop()
    items: asyncio.Queue[_Item] = asyncio.Queue()

    def put(item: _Item) -> None:
        try:
            loop.call_soon_threadsafe(items.put_nowait, item)
        except RuntimeError:  # the loop is closed: the server is shutting down
            turn.ctx.cancel()

    writer = _EventWriter(turn.ctx)
    turn.started = True
    turn.ctx.narrator = lambda text: put(_Narrated(text))
    threading.Thread(target=_work, args=(turn, put), name="nemo-turn", daemon=True).start()
    pace = _Pace(turn.heartbeat_interval_s, turn.ctx.words_interval_s, turn.ctx.language, loop.time())
    try:
        async for item in _paced(items, pace):
            if item is None:
                yield events.HEARTBEAT_COMMENT
                continue
            for event in writer.events_for(item):
                yield _sse(event)
        for event in writer.flush_text():
            yield _sse(event)
        yield _sse(writer.turn_complete())
    finally:
        turn.ctx.cancel()


@dataclass
class _Pace:
    """When the stream last sent anything and last sent words, and what the agent said it is working on."""

    heartbeat_s: float
    words_s: float
    language: str
    started: float
    working: str = ""
    told: bool = False

    def __post_init__(self) -> None:
        self.last_sent = self.last_words = self.started

    @property
    def deadline(self) -> float:
        return self.started + events.STREAM_MAX_S

    def next_due(self) -> float:
        return min(self.last_sent + self.heartbeat_s, self.last_words + self.words_s, self.deadline)

    def sent(self, item: _Item | None, now: float) -> None:
        self.last_sent = now
        if isinstance(item, (Say, _Narrated)):
            self.last_words = now
        if isinstance(item, Say):
            self.working, self.told = item.working, False
        elif isinstance(item, (ToolStarted, ToolFinished)):
            self.working, self.told = "", False

    def still(self, now: float) -> _Narrated:
        """Words for a silence: what is still going on, and for how long the turn has worked."""
        seconds = round(now - self.started)
        if self.told:  # the step was named a moment ago: the time alone says it goes on
            return _Narrated(t(self.language, "still_again", seconds=seconds))
        self.told = True
        what = self.working or t(self.language, "still_generic")
        return _Narrated(t(self.language, "still", what=what, seconds=seconds))


async def _paced(items: asyncio.Queue[_Item], pace: _Pace) -> AsyncIterator[_Item | None]:
    """The worker's items until it is done, with words after a silence of ``pace.words_s``, None where a heartbeat is
    due, and a failure when the deadline passes."""
    loop = asyncio.get_running_loop()
    while True:
        now = loop.time()
        if now > pace.deadline:
            yield _Failed("This took longer than 15 minutes, so I stopped. Nothing was changed.")
            return
        try:
            item: _Item | None = await asyncio.wait_for(items.get(), timeout=max(pace.next_due() - now, 0.0))
        except asyncio.TimeoutError:
            now = loop.time()
            item = pace.still(now) if now >= pace.last_words + pace.words_s else None
        if isinstance(item, _Done):
            return
        pace.sent(item, loop.time())
        yield item
