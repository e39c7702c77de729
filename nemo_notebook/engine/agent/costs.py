"""What each operation costs, in credits: the one table the agent charges by.

API.md: "generation and AI edits cost credits, export is free". Building a music video and composing music are
generation; every change the agent makes to the timeline is an AI edit; answering (help, status, credits, export
instructions) and walking history (undo, redo) are free.
"""

from __future__ import annotations

from collections.abc import Iterable

from .operations import BuildMusicVideo, ComposeMusic, Edit

COST_MUSIC_VIDEO = 5
COST_COMPOSE = 10
COST_EDIT = 1
COST_FREE = 0

_GENERATION: dict[type[Edit], int] = {BuildMusicVideo: COST_MUSIC_VIDEO, ComposeMusic: COST_COMPOSE}


def edit_cost(edit: Edit) -> int:
    """Credits for one edit: generation by its type's price, any other edit ``COST_EDIT``.

    Examples
    --------
    >>> edit_cost(ComposeMusic(words="calm piano"))
    10
    """
    return _GENERATION.get(type(edit), COST_EDIT)


def total_cost(edits: Iterable[Edit]) -> int:
    """Credits for a message that runs ``edits``."""
    return sum(edit_cost(edit) for edit in edits)
