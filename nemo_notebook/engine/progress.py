"""Progress callbacks: a share of a job done, 0..1, told as it goes."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[float], None]


def forward_only(progress: Progress | None) -> Progress:
    """``progress`` told only of a share beyond the furthest it was told, or a no-op where it is None: a stage run
    again (a render retried after a stall starts from 0) never seems to go back.

    >>> told = []
    >>> tell = forward_only(told.append)
    >>> for share in (0.2, 0.5, 0.1, 0.5, 0.9):
    ...     tell(share)
    >>> told
    [0.2, 0.5, 0.9]
    >>> forward_only(None)(0.5)
    """
    reached = [0.0]

    def forward(done: float) -> None:
        if progress is not None and done > reached[0]:
            reached[0] = done
            progress(done)

    return forward
