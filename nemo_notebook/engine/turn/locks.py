"""One turn at a time per session."""

from __future__ import annotations

import threading


class TurnLocks:
    """Which sessions have a turn running; ``acquire`` is False when the session is busy."""

    def __init__(self) -> None:
        self._busy: set[str] = set()
        self._lock = threading.Lock()

    def acquire(self, session_id: str) -> bool:
        with self._lock:
            if session_id in self._busy:
                return False
            self._busy.add(session_id)
            return True

    def release(self, session_id: str) -> None:
        with self._lock:
            self._busy.discard(session_id)
