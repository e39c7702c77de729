"""Render time shared between owners: a render that has had its turn gives its slot to another owner's waiting export
(it is paused, and goes on when its owner's turn comes again), and a render past the time limit is stopped.

>>> renders = {("ann", "long"): Turn("ann", CancelFlag(), started_s=0.0), ("bob", "b"): Turn("bob", CancelFlag(), 50.0)}
>>> yielding(renders, waiting={"cy"}, now_s=70.0, turn_s=60.0)
('ann', 'long')
>>> yielding(renders, waiting={"ann"}, now_s=70.0, turn_s=60.0) is None  # ann's own exports wait for ann's render
True
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass

JobKey = tuple[str, str]  # (owner, render id)


class CancelFlag(threading.Event):
    """A stop signal a renderer may test either as an event (``cancel.is_set()``) or as a callable (``cancel()``);
    ``held`` is set while the render must pause (its ffmpeg stopped, not killed)."""

    def __init__(self) -> None:
        super().__init__()
        self.held = threading.Event()

    def __call__(self) -> bool:
        return self.is_set()


@dataclass
class Turn:
    """One started render's time: ``started_s`` is when its current stretch began (monotonic seconds), ``used_s``
    what it rendered before; ``movable`` is False for a render on a cluster, which cannot be paused."""

    owner: str
    flag: CancelFlag
    started_s: float
    used_s: float = 0.0
    movable: bool = True

    @property
    def held(self) -> bool:
        return self.flag.held.is_set()

    def stretch_s(self, now_s: float) -> float:
        return 0.0 if self.held else now_s - self.started_s

    def rendered_s(self, now_s: float) -> float:
        return self.used_s + self.stretch_s(now_s)

    def hold(self, now_s: float) -> None:
        self.used_s += self.stretch_s(now_s)
        self.flag.held.set()

    def resume(self, now_s: float) -> None:
        self.started_s = now_s
        self.flag.held.clear()


def running(renders: Mapping[JobKey, Turn]) -> int:
    """How many renders hold a slot (are not paused)."""
    return sum(not turn.held for turn in renders.values())


def yielding(renders: Mapping[JobKey, Turn], *, waiting: Collection[str], now_s: float, turn_s: float) -> JobKey | None:
    """The render that gives its slot to a waiting owner: the one that has rendered longest since it last started,
    at least ``turn_s``, among those of owners other than a waiting one; None when there is none."""
    due = [
        (turn.stretch_s(now_s), key)
        for key, turn in renders.items()
        if turn.movable and not turn.held and turn.stretch_s(now_s) >= turn_s and set(waiting) - {turn.owner}
    ]
    return max(due)[1] if due else None


def overdue(renders: Mapping[JobKey, Turn], *, now_s: float, limit_s: float | None) -> list[JobKey]:
    """The renders that have rendered longer than ``limit_s`` (paused time not counted)."""
    if limit_s is None:
        return []
    return [key for key, turn in renders.items() if turn.rendered_s(now_s) > limit_s and not turn.flag.is_set()]
