"""Benchmarks: speed and memory figures, each printed with its ratio to a reference measured in the same run.

Run with ``python -m tests.benchmarks [topic …]`` (``make bench``). Each ``bench_<topic>.py`` module exposes
``run() -> list[Figure]``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure. ``reference`` is a comparable figure measured in the same run (the floor or baseline),
    ``goal`` the target for ``value`` (or for the ratio when ``goal_is_ratio``)."""

    name: str
    value: float
    unit: str
    reference: float | None = None
    reference_name: str = ""
    goal: float | None = None
    goal_is_ratio: bool = False

    @property
    def ratio(self) -> float | None:
        if self.reference is None or self.reference == 0:
            return None
        return self.value / self.reference

    @property
    def meets_goal(self) -> bool | None:
        if self.goal is None:
            return None
        measured = self.ratio if self.goal_is_ratio else self.value
        return None if measured is None else measured <= self.goal

    def line(self) -> str:
        text = f"{self.name}: {self.value:.3f} {self.unit}"
        if self.ratio is not None:
            text += (
                f" | {self.reference_name or 'reference'}: {self.reference:.3f} {self.unit} | ratio {self.ratio:.2f}×"
            )
        if self.goal is not None:
            target = f"{self.goal}×" if self.goal_is_ratio else f"{self.goal} {self.unit}"
            text += f" | goal ≤ {target}: {'met' if self.meets_goal else 'NOT met'}"
        return text
