"""Waiting export jobs, one line per owner, served in turn; a cap on how many one owner may keep waiting.

>>> line = FairLine(max_waiting=2)
>>> for owner, job in [("ann", "a1"), ("ann", "a2"), ("bob", "b1")]:
...     line.put(owner, job)
>>> [line.take() for _ in range(3)]
['a1', 'b1', 'a2']
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from typing import Generic, TypeVar

from ..errors import EngineError

Job = TypeVar("Job")


class LineFull(EngineError):
    """The owner already has ``waiting`` renders waiting, the most one owner may have."""

    def __init__(self, waiting: int) -> None:
        super().__init__(
            f"you already have {waiting} exports waiting to render, the most one token may queue: "
            "wait until one of them starts rendering (poll its GET /api/render/proxy/lambda/<id>), then export again"
        )
        self.waiting = waiting


class FairLine(Generic[Job]):
    """Jobs by owner. ``take`` serves owners in turn (round-robin), each owner's jobs in the order they came.

    Thread-safe; ``take`` blocks until a job or ``close``.
    """

    def __init__(self, max_waiting: int | None) -> None:
        self._max_waiting = max_waiting
        self._lines: OrderedDict[str, deque[Job]] = OrderedDict()
        self._changed = threading.Condition(threading.RLock())
        self._closed = False

    def check_room(self, owner: str) -> None:
        """Raise `LineFull` when ``owner`` already has the most jobs one owner may keep waiting."""
        waiting = self.waiting(owner)
        if self._max_waiting is not None and waiting >= self._max_waiting:
            raise LineFull(waiting)

    def put(self, owner: str, job_id: Job, *, enforce: bool = True, first: bool = False) -> None:
        """Queue ``job_id`` behind the owner's others (before them when ``first``: a paused render that goes on before
        the owner's later exports); raises `LineFull` when ``enforce`` and the owner is at the cap."""
        with self._changed:
            if enforce:
                self.check_room(owner)
            line = self._lines.get(owner)
            if line is None:
                line = self._lines[owner] = deque()  # a new owner joins at the back of the turn
            if first:
                line.appendleft(job_id)
            else:
                line.append(job_id)
            self._changed.notify()

    def take(self) -> Job | None:
        """The next job: the first of the owner whose turn it is (who then goes to the back). None once closed."""
        with self._changed:
            while not self._lines and not self._closed:
                self._changed.wait()
            return self.poll()

    def poll(self) -> Job | None:
        """`take` without waiting: None when no job waits (or the line is closed)."""
        with self._changed:
            if self._closed or not self._lines:
                return None
            owner, line = next(iter(self._lines.items()))
            job_id = line.popleft()
            del self._lines[owner]
            if line:
                self._lines[owner] = line
            return job_id

    def owners(self) -> frozenset[str]:
        """The owners with a job waiting."""
        with self._changed:
            return frozenset(self._lines)

    def waiting(self, owner: str) -> int:
        with self._changed:
            return len(self._lines.get(owner, ()))

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
