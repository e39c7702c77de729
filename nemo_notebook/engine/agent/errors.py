"""The agent's errors: its branch of the engine's error tree (``engine/errors.py``).

::

    EngineError
    └── EditError         an edit that does not fit the draft (no title to change, nothing to trim): the message says
        │                 why, in words the agent can say to the user
        └── NotAvailable  a part of the engine the edit needs is not installed or not built yet

Planners and the composer raise ``ValueError`` for options they refuse; ``making`` turns those into ``EditError`` at
the one place it calls them, so that a turn only ever catches ``EngineError``.
"""

from __future__ import annotations

from ..errors import EngineError

__all__ = ["EditError", "NotAvailable"]


class EditError(EngineError):
    """An operation that does not fit the draft (no title to change, nothing to trim): the message says why."""


class NotAvailable(EditError):
    """A part of the engine the operation needs is not installed or not built yet."""
