"""Credits as the cloud counts them, decided here and nowhere else: AI edits and generation cost credits, export is
free.

What a thing costs (a turn: its `Intent`'s cost, which the agent prices; an export: ``EXPORT_COST``), whether an
owner can afford it, and the reserve → charge / release cycle all live in `CreditBook`. What an owner has spent is
stored (a turn's charge is written with its draft versions, in one transaction); what a running turn has reserved
("frozen") lives in memory only, because a turn does not outlive the engine. A quota of None means unlimited; the
balance then shows ``UNLIMITED_CREDITS``.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Protocol

from .errors import OutOfCredits
from .store import Store

UNLIMITED_CREDITS = 1_000_000_000
EXPORT_COST = 0
"""API.md: "generation and AI edits cost credits, export is free"."""


class Priced(Protocol):
    """Work with a price in credits (the agent's `Intent`, which the agent prices from ``agent/costs.py``)."""

    @property
    def cost(self) -> int: ...


@dataclass(frozen=True)
class Balance:
    available: int
    frozen: int
    total: int
    unlimited: bool

    def to_wire(self) -> dict[str, int | bool]:
        return {"available": self.available, "frozen": self.frozen, "total": self.total, "unlimited": self.unlimited}


@dataclass
class Reservation:
    """Credits frozen for one piece of work: ``charge`` after it succeeded, ``release`` in any case (both once)."""

    book: CreditBook
    owner: str
    amount: int
    _released: bool = field(default=False, repr=False)

    def release(self) -> None:
        """Give the frozen credits back; a second call does nothing."""
        if not self._released:
            self._released = True
            self.book._unfreeze(self.owner, self.amount)


class CreditBook:
    """Balances per owner, and reservations for work in progress."""

    def __init__(self, store: Store, quota: int | None) -> None:
        self._store = store
        self._quota = quota
        self._frozen: defaultdict[str, int] = defaultdict(int)
        self._lock = threading.Lock()

    @property
    def starting_credits(self) -> int:
        """What a new owner starts with."""
        return UNLIMITED_CREDITS if self._quota is None else self._quota

    def balance(self, owner: str) -> Balance:
        with self._lock:
            frozen = self._frozen[owner]
        if self._quota is None:
            return Balance(UNLIMITED_CREDITS, frozen, UNLIMITED_CREDITS, True)
        available = max(0, self._quota - self._store.spent(owner) - frozen)
        return Balance(available, frozen, self._quota, False)

    def available(self, owner: str) -> int | None:
        """Credits left to spend, or None when unlimited."""
        return None if self._quota is None else self.balance(owner).available

    def reserve_turn(self, owner: str, intent: Priced) -> Reservation:
        """Freeze what a chat turn costs; `OutOfCredits` (nothing frozen) when the owner lacks it."""
        return self._reserve(owner, max(0, int(intent.cost)))

    def reserve_export(self, owner: str) -> Reservation:
        """Freeze what an export costs (``EXPORT_COST``); `OutOfCredits` when the owner lacks it."""
        return self._reserve(owner, EXPORT_COST)

    def _reserve(self, owner: str, amount: int) -> Reservation:
        with self._lock:
            left = None if self._quota is None else self._quota - self._store.spent(owner) - self._frozen[owner]
            if left is not None and amount > left:
                raise OutOfCredits(amount, max(0, left))
            self._frozen[owner] += amount
        return Reservation(self, owner, amount)

    def charge(self, reservation: Reservation) -> None:
        """Spend a reservation's credits now, then release it. (A turn's charge is written with its draft versions
        instead, in one transaction: ``SessionContext.finish(charge=reservation.amount)``.)"""
        if reservation.amount:
            self._store.add_spent(reservation.owner, reservation.amount)
        reservation.release()

    def _unfreeze(self, owner: str, amount: int) -> None:
        with self._lock:
            self._frozen[owner] = max(0, self._frozen[owner] - amount)
