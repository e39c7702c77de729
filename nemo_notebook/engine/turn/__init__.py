"""One chat message, from words to a committed draft: the session lent to the agent (`SessionContext`), the turn
accepted once its cost is reserved (`begin_turn`), its steps streamed as ADK events as they happen (`stream_turn`),
and one turn at a time per session (`TurnLocks`).

Offers `Agent` (the protocol an agent meets), `default_agent`, `begin_turn`, `Turn`, `stream_turn`,
`SessionContext` and `TurnLocks`. Nothing here knows HTTP: the edge turns the bytes into a response.
"""

from __future__ import annotations

from .begin import begin_turn, default_agent
from .context import SessionContext
from .locks import TurnLocks
from .stream import Agent, Turn, stream_turn

__all__ = ["Agent", "SessionContext", "Turn", "TurnLocks", "begin_turn", "default_agent", "stream_turn"]
