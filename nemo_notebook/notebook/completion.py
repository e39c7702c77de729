"""Tab completion for ``%nemo``: the commands, then what each takes (files to upload, export's options and qualities,
session actions and ids). Registered with IPython's ``complete_command`` hook for ``%nemo``; works in JupyterLab,
Notebook 7, VS Code and a terminal alike.

Nothing here sends a request: session ids come from the client's local records, and only once connected.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable
from typing import Any

from ..protocol import QUALITIES, SUPPORTED_FORMATS

COMMAND_WORDS = ("upload", "status", "credits", "export", "renders", "cancel", "report", "session", "help", "--raw")
MEDIA_SUFFIXES = tuple(f".{ext}" for exts in SUPPORTED_FORMATS.values() for ext in exts)
EXPORT_OPTIONS = ("--quality", "-o", "--embed", "--format")
SessionIds = Callable[[], list[str]]


def paths(prefix: str, suffixes: tuple[str, ...]) -> list[str]:
    """Folders (ending in ``/``) and files with one of ``suffixes`` that start with ``prefix``."""
    found = []
    for path in sorted(glob.glob(os.path.expanduser(prefix) + "*")):
        if os.path.isdir(path):
            found.append(path + "/")
        elif path.lower().endswith(suffixes):
            found.append(path)
    if prefix.startswith("~"):
        home = os.path.expanduser("~")
        found = ["~" + p[len(home) :] if p.startswith(home) else p for p in found]
    return found


def candidates(text_until_cursor: str, session_ids: SessionIds = list) -> list[str]:
    """What may come next after ``%nemo …`` typed up to the cursor.

    >>> candidates("%nemo ex")[:3]
    ['upload', 'status', 'credits']
    >>> candidates("%nemo export --quality ")[-1]
    'low'
    """
    words = text_until_cursor.split()
    current = "" if text_until_cursor.endswith((" ", "\t")) else (words.pop() if len(words) > 1 else "")
    before = [w for w in words[1:] if w != "--raw"]
    if not before:
        return list(COMMAND_WORDS)
    command, last = before[0], before[-1]
    if command == "upload":
        return paths(current.strip("'\""), MEDIA_SUFFIXES)
    if command == "export":
        if last in ("--quality", "-q"):
            return list(QUALITIES)
        if last in ("-o", "--output"):
            return paths(current, (".mp4", ".otio", ".fcpxml", ".xml", ".edl"))
        if last in ("--format", "-f"):
            return ["mp4", "otio", "fcpxml", "xml", "edl"]
        return list(EXPORT_OPTIONS)
    if command == "session":
        return session_ids() if last == "use" else (["new", "list", "use"] if len(before) == 1 else [])
    if command == "renders" and len(before) == 1:
        return ["download"]
    return []


def make_matcher(session_ids: SessionIds) -> Callable[[Any], dict[str, Any]]:
    """A matcher for IPython's completer (its API v2): on a ``%nemo`` line it offers exactly `candidates`, each as
    the whole last word, and suppresses the other matchers (Python names, Jedi), which otherwise bury them."""
    from IPython.core.completer import SimpleCompletion, context_matcher

    @context_matcher()  # type: ignore[untyped-decorator, misc]
    def nemo_matcher(context: Any) -> dict[str, Any]:
        line = str(context.text_until_cursor).lstrip()
        if not line.startswith("%nemo") or line[5:6] not in (" ", "\t"):
            return {"completions": [], "suppress": False}
        fragment = "" if line.endswith((" ", "\t")) else line.split()[-1]
        found = [c for c in candidates(line, session_ids) if c.startswith(fragment)]
        kind = "path" if found and any("/" in c for c in found) else "keyword"
        return {
            "completions": [SimpleCompletion(text=c, type=kind) for c in found],
            "matched_fragment": fragment,
            "suppress": True,
        }

    return nemo_matcher  # type: ignore[no-any-return]


def make_completer(session_ids: SessionIds) -> Callable[[Any, Any], list[str]]:
    """The function IPython's ``complete_command`` hook calls (with the shell and an event)."""

    def complete(shell: Any, event: Any) -> list[str]:
        return candidates(str(event.text_until_cursor), session_ids)

    return complete


def register(ipython: Any, session_ids: SessionIds) -> None:
    ipython.set_hook("complete_command", make_completer(session_ids), str_key="%nemo")
    completer = getattr(ipython, "Completer", None)
    if completer is not None and hasattr(completer, "custom_matchers"):
        unregister_matcher(ipython)
        completer.custom_matchers.insert(0, make_matcher(session_ids))


def unregister_matcher(ipython: Any) -> None:
    completer = getattr(ipython, "Completer", None)
    matchers = getattr(completer, "custom_matchers", [])
    matchers[:] = [m for m in matchers if getattr(m, "__name__", "") != "nemo_matcher"]


def unregister(ipython: Any) -> None:
    unregister_matcher(ipython)
    dispatcher = getattr(ipython, "strdispatchers", {}).get("complete_command")
    if dispatcher is not None:
        dispatcher.strs.pop("%nemo", None)
