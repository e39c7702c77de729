"""What each operation costs, in credits: the one table the agent charges by.

API.md: "generation and AI edits cost credits, export is free". Building a music video and composing music are
generation; every change the agent makes to the timeline is an AI edit; answering (help, status, credits, export
instructions) and walking history (undo, redo) are free.
"""

from __future__ import annotations

from collections.abc import Iterable

COST_MUSIC_VIDEO = 5
COST_COMPOSE = 10
COST_EDIT = 1
COST_FREE = 0

_GENERATION = {"build_music_video": COST_MUSIC_VIDEO, "compose_music": COST_COMPOSE}


def op_cost(name: str) -> int:
    """Credits for one operation named ``name`` (generation by its table, any other edit ``COST_EDIT``)."""
    return _GENERATION.get(name, COST_EDIT)


def total_cost(names: Iterable[str]) -> int:
    """Credits for a message that runs the operations ``names``."""
    return sum(op_cost(n) for n in names)
