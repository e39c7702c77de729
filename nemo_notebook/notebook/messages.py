"""Errors → one readable line that says what went wrong and what to do, with nothing of the raw API in it.

The client's errors carry a ``hint`` (what to do); here the hint is said in the notebook's own words where the
notebook offers the way out (``%nemo session new``), and anything that looks like a token is cut out.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from IPython.core.error import UsageError

_BEARER = re.compile(r"(?i)\bbearer\s+\S+")
_LONG_RUN = re.compile(r"[A-Za-z0-9_\-]{32,}")


def _looks_secret(run: str) -> bool:
    """A long run of letters mixed with many digits reads as a token; words and ids (``ses_…``) are shorter."""
    return sum(c.isdigit() for c in run) >= 8 and sum(c.isalpha() for c in run) >= 8


def _hide(match: re.Match[str]) -> str:
    return "[hidden]" if _looks_secret(match.group(0)) else match.group(0)


_NOTEBOOK_HINTS = {
    "SessionNotFound": "Start a new one with `%nemo session new` (your files need uploading again).",
    "AuthError": "Check NEMO_TOKEN, or `%config Nemo.backend = 'local'` to work on this machine without an account.",
    "PlanBlocked": "Register or upgrade your plan to unlock export, or `%config Nemo.backend = 'local'`.",
    "Timeout": "The work may still finish: try `%nemo status` or `%nemo renders` in a minute.",
}


class NemoCellError(Exception):
    """Raised by the magic with a message already fit to show; the shell shows it as one line, no traceback."""


def one_line(text: str) -> str:
    """``text`` on a single line, whitespace collapsed, secrets removed."""
    line = _BEARER.sub("[hidden]", " ".join(str(text).split()))
    token = os.environ.get("NEMO_TOKEN", "")
    if len(token) >= 8:
        line = line.replace(token, "[hidden]")
    return _LONG_RUN.sub(_hide, line)


def describe(error: BaseException) -> str:
    """One line for ``error``: its message, then what to do.

    Examples
    --------
    >>> describe(FileNotFoundError("no file matches 'x.mp3'"))
    "no file matches 'x.mp3'"
    """
    name = type(error).__name__
    message = str(getattr(error, "message", "") or error) or name
    hint = _NOTEBOOK_HINTS.get(name) or str(getattr(error, "hint", "") or "")
    hint = hint[:1].upper() + hint[1:]
    line = message.rstrip(". ") + "." if hint else message
    if hint and hint.lower() not in message.lower():
        line = f"{line} {hint}"
    line = one_line(line)
    return line[:1].upper() + line[1:]


def show_cell_error(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: int | None = None) -> list[str]:
    """IPython custom exception handler for :class:`NemoCellError`: the message, on one line, on stderr."""
    print(f"❌ {one_line(str(value))}", file=sys.stderr)
    return []


def usage(message: str) -> UsageError:
    """A mistake in how ``%nemo`` was called: IPython shows it as one line."""
    return UsageError(one_line(message))
