"""Accepting a chat turn: the agent understands the message, the turn's cost is reserved, then it may stream.

The agent's ``interpret`` runs before the stream starts, so that a turn the owner cannot pay for is a plain
`OutOfCredits` (answered 402, code 2001) rather than an error in the middle of a stream.
"""

from __future__ import annotations

from collections.abc import Callable

import anyio.to_thread

from ..credits import CreditBook
from .context import SessionContext
from .stream import Agent, Turn


def default_agent() -> Agent:
    """The engine's own agent, imported when the first turn needs it (its tables take a moment to build)."""
    from .. import agent

    return agent


async def begin_turn(
    text: str,
    ctx: SessionContext,
    *,
    agent: Agent,
    credits: CreditBook,
    owner: str,
    release: Callable[[], None],
    heartbeat_interval_s: float,
) -> Turn:
    """Interpret ``text`` in a worker thread and reserve what it costs; raises `OutOfCredits` when unaffordable."""
    intent = await anyio.to_thread.run_sync(agent.interpret, text, ctx)
    reservation = credits.reserve_turn(owner, intent)
    return Turn(
        agent=agent,
        intent=intent,
        ctx=ctx,
        reservation=reservation,
        release=release,
        heartbeat_interval_s=heartbeat_interval_s,
    )
