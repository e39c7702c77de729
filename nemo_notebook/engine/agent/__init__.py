"""The agent: a deterministic interpreter from what users type to edits of the timeline.

``interpret(text, ctx) -> Intent`` is fast and pure (it prices the turn); ``execute(intent, ctx)`` yields the
steps the server streams (words, tool calls, state changes). See ``context`` for the contract.
"""

from __future__ import annotations

from .actions import execute
from .context import AgentContext, AgentStep, Intent, Say, StateChanged, ToolFinished, ToolStarted
from .costs import COST_COMPOSE, COST_EDIT, COST_MUSIC_VIDEO
from .parse import interpret

__all__ = [
    "COST_COMPOSE",
    "COST_EDIT",
    "COST_MUSIC_VIDEO",
    "AgentContext",
    "AgentStep",
    "Intent",
    "Say",
    "StateChanged",
    "ToolFinished",
    "ToolStarted",
    "execute",
    "interpret",
]
