"""Credits as the cloud counts them: AI edits and generation cost credits, export is free.

What an owner has spent is stored; what a running turn has reserved ("frozen") lives in memory only, because a turn
does not outlive the engine. A quota of None means unlimited; the balance then shows ``UNLIMITED_CREDITS``.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass

from .store import Store

UNLIMITED_CREDITS = 1_000_000_000


@dataclass(frozen=True)
class Balance:
    available: int
    frozen: int
    total: int
    unlimited: bool

    def to_wire(self) -> dict[str, int | bool]:
        return {"available": self.available, "frozen": self.frozen, "total": self.total, "unlimited": self.unlimited}


class CreditBook:
    """Balances per owner, and reservations for turns in progress."""

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

    def freeze(self, owner: str, amount: int) -> bool:
        """Reserve ``amount`` for a turn; False (and nothing reserved) when the owner does not have it."""
        with self._lock:
            if self._quota is not None:
                left = self._quota - self._store.spent(owner) - self._frozen[owner]
                if amount > left:
                    return False
            self._frozen[owner] += amount
            return True

    def unfreeze(self, owner: str, amount: int) -> None:
        with self._lock:
            self._frozen[owner] = max(0, self._frozen[owner] - amount)
