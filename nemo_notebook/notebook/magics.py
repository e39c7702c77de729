"""``%nemo`` and ``%%nemo``: parse, route, delegate. The work lives in :mod:`.commands`, the connection in
:mod:`.controller`; nothing heavy loads until the first command runs.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from IPython.core.magic import Magics, line_cell_magic, magics_class, no_var_expand
from IPython.core.magic_arguments import argument, magic_arguments
from IPython.utils.text import DollarFormatter

from .messages import NemoCellError, describe
from .routing import route
from .settings import Nemo

_LEADING_RAW = re.compile(r"^\s*--raw(\s+|$)")


def is_rich(shell: Any) -> bool:
    """True when a front end can show HTML and widgets (a Jupyter kernel), false in a terminal."""
    return getattr(shell, "kernel", None) is not None


def expand_vars(text: str, namespace: dict[str, Any]) -> str:
    """``{name}`` and ``$name`` replaced from ``namespace`` as IPython does; the text unchanged if any is unknown."""
    try:
        return str(DollarFormatter().vformat(text, args=[], kwargs=namespace))
    except Exception:  # IPython's own var_expand leaves text it cannot format as it was
        return text


def translate_error(exc: BaseException) -> NemoCellError | None:
    """A :class:`NemoCellError` for the client's errors and for file problems; None for anything else."""
    client = sys.modules.get("nemo_notebook.client")
    if (client is not None and isinstance(exc, client.NemoError)) or isinstance(exc, OSError):
        return NemoCellError(describe(exc))
    return None


@magics_class
class NemoMagics(Magics):  # type: ignore[misc]  # IPython's Magics is untyped
    """The ``%nemo`` magic. ``settings`` is the kernel's ``Nemo`` configurable."""

    def __init__(self, shell: Any, settings: Nemo) -> None:
        super().__init__(shell)
        self.settings = settings
        self._commands: Any = None

    @property
    def commands(self) -> Any:
        if self._commands is None:
            from .commands import Commands
            from .controller import Controller
            from .where import notebook_path

            controller = Controller(self.settings, notebook=lambda: notebook_path(self.shell))
            self._commands = Commands(controller, rich=is_rich(self.shell))
        return self._commands

    def known_session_ids(self) -> list[str]:
        """This backend's sessions from the client's local records (no request), once connected; for completion."""
        if self._commands is None or not self._commands.controller.connected:
            return []
        return [session.id for session in self._commands.controller.client.sessions.list()]

    @line_cell_magic  # type: ignore[untyped-decorator, misc]
    @no_var_expand  # type: ignore[untyped-decorator, misc]
    @magic_arguments()  # type: ignore[untyped-decorator, no-untyped-call, misc]
    @argument(  # type: ignore[untyped-decorator, no-untyped-call, misc]
        "--raw", action="store_true", help="Send the text as written: no {name} or $name expansion."
    )
    @argument(  # type: ignore[untyped-decorator, no-untyped-call, misc]
        "text", nargs="*", help="A command (upload, status, credits, export, …) or words for the agent."
    )
    def nemo(self, line: str, cell: str | None = None) -> Any:
        """Make music videos and video music: ``%nemo help`` lists the commands; ``%nemo`` alone opens the Studio."""
        raw = bool(_LEADING_RAW.match(line))
        line = _LEADING_RAW.sub("", line, count=1)
        text = line if cell is None else f"{line}\n{cell}".strip()
        if self.settings.expand_vars and not raw:
            text = expand_vars(text, self.shell.user_ns if self.shell is not None else {})
        return self.run(text)

    def run(self, text: str) -> Any:
        """Route ``text`` and run the command; the client's errors come out as one readable line."""
        where = route(text)
        try:
            if where.command == "studio":
                return self.studio()
            return getattr(self.commands, where.command)(where.rest)
        except KeyboardInterrupt:
            raise
        except Exception as exc:
            translated = translate_error(exc)
            if translated is None:
                raise
            raise translated from None

    def studio(self) -> Any:
        if not is_rich(self.shell):
            print("The Studio needs a notebook (JupyterLab, Notebook 7, VS Code). Here, use the commands:\n")
            self.commands.help("")
            return None
        from .studio import Studio

        return Studio(controller=self.commands.controller)
