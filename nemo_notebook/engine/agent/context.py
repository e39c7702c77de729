"""The agent's view of a session, and the steps it reports while it works.

The server owns storage, credits and streaming; the agent owns understanding. A turn runs in two phases:

1. ``interpret(text, ctx) -> Intent``: fast and pure (no analysis, no I/O beyond reading the context). The intent
   says what it will cost, so that the server can refuse with 2001 before anything changes.
2. ``execute(intent, ctx) -> Iterator[AgentStep]``: does the work in a worker thread. The server turns each step
   into an ADK event (``Say`` → partial text, ``ToolStarted``/``ToolFinished`` → functionCall/functionResponse,
   ``StateChanged`` → ``actions.stateDelta``), keeps talking while a step takes long (``Say.working`` names what
   goes on; ``ctx.narrate`` sends words from inside a long call, such as a progress callback), and ends with the
   whole message and ``turnComplete``. When the client goes away ``ctx.cancelled`` turns true; the agent stops at its next
   step without committing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ...protocol import Draft, MediaInfo
from ..analysis.types import AudioAnalysis, VideoAnalysis


@dataclass(frozen=True)
class Say:
    """Words for the user; consecutive ``Say`` steps add up to the reply.

    ``working`` names a long step these words begin ("analysing the music"): until the next words, the server says
    it is still at it every few seconds, so the user never waits long in silence.
    """

    text: str
    working: str = ""


@dataclass(frozen=True)
class Aside(Say):
    """Words for after the reply's first line, which says what was made (``actions.run_ops`` holds them until then):
    what to say next (an artist's name, no end card), then how loud the song plays. Held-out replies of stop 56 led
    with a paragraph of loudness figures before what was made (both blind reviewers). Said in place by a caller that
    does not hold them."""


@dataclass(frozen=True)
class ToolStarted:
    call_id: str
    name: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ToolFinished:
    call_id: str
    name: str
    response: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StateChanged:
    """A new draft version was committed through ``ctx.commit``."""

    version: int


AgentStep = Say | ToolStarted | ToolFinished | StateChanged
Progress = Callable[[float], None]
"""Told the fraction done, 0..1, as a long call works."""


class AgentContext(Protocol):
    """What the server lends the agent for one turn."""

    session_id: str
    language: str

    @property
    def cancelled(self) -> bool: ...

    def narrate(self, text: str) -> None:
        """Words for the user now, from inside a long call (a progress callback): sent like a yielded ``Say``."""
        ...

    def draft(self) -> Draft: ...

    def version(self) -> int: ...

    def media(self) -> Sequence[MediaInfo]:
        """The user's uploads, in upload order."""
        ...

    def generated(self) -> Sequence[MediaInfo]:
        """Files the engine made for this session (composed music), oldest first."""
        ...

    def media_path(self, media_id: str) -> Path: ...

    def audio_analysis(self, media_id: str, *, progress: Progress | None = None) -> AudioAnalysis:
        """Analysis of an audio file, or of a video's sound; cached per file; ``progress`` hears 0..1 as its stages
        end (not when cached)."""
        ...

    def video_analysis(self, media_id: str, *, progress: Progress | None = None) -> VideoAnalysis:
        """Analysis of a video's pictures; ``progress`` hears 0..1 as its frames are read (not when cached)."""
        ...

    def picture_appeal(self, media_id: str) -> float | None:
        """How strong a picture is to open a video on, 0..1 (``analysis.picture.appeal``); None where it cannot be
        read."""
        ...

    def picture_sharpness(self, media_id: str) -> float | None:
        """How sharp a picture is at the size a video shows it, 0..1 (``analysis.picture.sharpness``); None where it
        cannot be read."""
        ...

    def picture_coarseness(self, media_id: str) -> float | None:
        """How blocky or plain a picture is, 1 or more coarse (``analysis.picture.coarseness``); None where it cannot
        be read."""
        ...

    def picture_blocky(self, media_id: str) -> bool | None:
        """Whether a coarse picture is so by the blocks of its compression rather than plain
        (``analysis.picture.blocky``); None where it cannot be read."""
        ...

    def picture_lettered(self, media_id: str) -> bool | None:
        """Whether a picture may hold lettering (``analysis.picture.PictureMeasures.lettered``): it is not shown
        mirrored; None where it cannot be read."""
        ...

    def picture_colour(self, media_id: str) -> tuple[float, float] | None:
        """A picture's mean colour, its a* and b* (``analysis.picture.colour``); None where it cannot be read."""
        ...

    def new_file(self, suffix: str) -> Path:
        """A fresh path inside the engine's home for a file the agent is about to generate."""
        ...

    def add_generated(self, path: Path, name: str) -> MediaInfo:
        """Probe a generated file at ``path`` (from ``new_file``) and add it to the session."""
        ...

    def commit(self, draft: Draft, *, note: str) -> int:
        """Store ``draft`` as the new current version and return its number."""
        ...

    def undo(self) -> Draft | None:
        """Go back one version (a new version number whose draft is the earlier one); None when nothing to undo."""
        ...

    def redo(self) -> Draft | None: ...

    def credits_available(self) -> int | None:
        """Credits left, or None when the quota is unlimited."""
        ...


@dataclass(frozen=True)
class Intent:
    """What the agent understood: an action name, its arguments, and its cost in credits.

    For ``action`` "edit", ``args["ops"]`` is a tuple of ``operations.Edit`` values, run in order.
    """

    action: str
    args: Mapping[str, Any] = field(default_factory=dict)
    cost: int = 0
