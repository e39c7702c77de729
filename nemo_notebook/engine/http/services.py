"""`Engine`: what the handlers share (settings, the store and the services built on it), and `open_engine`, which
builds it over a home folder. The app is assembled around an `Engine` it is handed (``app.create_app``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from starlette.requests import Request

from ...protocol import ErrorCode
from ..credits import CreditBook
from ..jobs import RenderQueue
from ..settings import EngineSettings
from ..store import (
    HomeClaim,
    SessionRecord,
    Store,
    clean_orphan_media,
    clean_tmp,
    make_private,
    rename_upgraded_renders,
)
from ..turn import Agent, TurnLocks, default_agent
from .auth import Authenticator
from .card_measures import CardMeasures
from .refusals import Refusal, shown_id


@dataclass
class Engine:
    """What the handlers share: settings, the store, and the services built on it."""

    settings: EngineSettings
    store: Store
    auth: Authenticator
    credits: CreditBook
    turns: TurnLocks
    renders: RenderQueue
    claim: HomeClaim
    agent: Agent | None = None
    cards: CardMeasures = field(default_factory=CardMeasures)

    def owner(self, request: Request) -> str:
        return self.auth.owner(request.headers.get("authorization"), now=time.time())

    def session(self, session_id: str, owner: str) -> SessionRecord:
        """The owner's session, or 1002 (also for someone else's session: its existence is not told)."""
        record = self.store.session(session_id)
        if record is None or record.owner != owner:
            raise Refusal(ErrorCode.SESSION_NOT_FOUND, f"session {shown_id(session_id)} not found: start a new session")
        return record

    def the_agent(self) -> Agent:
        """The agent given at start, else the engine's own (imported with the first turn)."""
        if self.agent is None:
            self.agent = default_agent()
        return self.agent

    def start(self) -> None:
        """Start the render worker (recovering a dead run's jobs unless another engine shares the home)."""
        self.renders.start(recover=self.claim.alone)
        self.claim.share()

    def close(self) -> None:
        self.renders.stop()
        self.cards.close()
        self.store.close()
        self.claim.release()


def open_engine(settings: EngineSettings, token: str, *, agent: Agent | None = None) -> Engine:
    """An `Engine` over ``settings.home``, cleaned up after a dead run when no other engine uses the home."""
    settings.make_dirs()
    claim = HomeClaim(settings.home)
    make_private(settings)
    if claim.alone:
        clean_tmp(settings)
    store = Store(settings.db_path)
    if store.upgraded_jobs:
        rename_upgraded_renders(settings, store)
    if claim.alone:
        clean_orphan_media(settings, store)
    return Engine(
        settings=settings,
        store=store,
        auth=Authenticator(store, settings, token),
        credits=CreditBook(store, settings.credit_quota),
        turns=TurnLocks(),
        renders=RenderQueue(store, settings),
        claim=claim,
        agent=agent,
    )
