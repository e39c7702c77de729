"""The engine's own errors. The HTTP edge turns them into API.md envelopes; nothing here knows about HTTP.

::

    EngineError
    ├── EngineStartError  the engine could not start: the port is taken, the home folder is not writable, …
    ├── BadInput          a request's field that cannot work (answered 4000, naming the field)
    ├── MediaError        a file that cannot be read, probed or decoded (carries the API code to answer with)
    ├── AnalysisError     audio or video analysis failed on a file that did probe
    ├── RenderError       ffmpeg failed: the command, its exit code and the tail of its stderr
    │   └── RenderCancelled   (render.run) the job was cancelled and ffmpeg stopped
    ├── SynthesisError    (music.synth) the SoundFont synthesizer could not render the score
    ├── EditError         (agent.errors) an edit that does not fit the draft; the message says why
    │   └── NotAvailable      a part of the engine the edit needs is not installed or built yet
    ├── OutOfCredits      a turn costs more than its owner has left (answered 2001)
    ├── LineFull          (jobs.fair) a token has the most exports waiting that one may (answered 429)
    ├── ClusterError      (jobs.cluster) the Dask cluster cannot be reached, went away, or its workers died
    ├── WorkFailed        (workers) a media worker passed its deadline or its memory, or died (the file is refused)
    ├── WorkerFault       (workers) an unexpected exception inside a media worker (its traceback is logged)
    ├── Refusal           (http.refusals) the answer a handler gives instead of success: an API.md code, a message
    ├── TurnCancelled     the client went away: the turn stops without committing
    └── UnknownMedia      a media id that the session does not have

What an error may say to the person who sent the request: an engine error's own words, less any absolute path
(`without_paths`: a path shows how the machine is laid out, its base name says which file); never the words of an
unexpected exception, which are logged beside its traceback under a short `fault_reference` that the answer names.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence

# an absolute path: "/dir/.../name" (two parts at least, not one of the API's own "/api/…" paths) or "C:\dir\name",
# not inside a URL or a word; the name after the last separator is kept
_ABSOLUTE_PATH = re.compile(r"(?<![\w.~:/\\-])(?:/(?!api/)(?:[^\s/\\'\"():,;]+/)+|[A-Za-z]:\\(?:[^\s\\'\"():,;]+\\)*)")


def without_paths(text: str) -> str:
    """``text`` with every absolute path cut to its base name.

    >>> without_paths("cannot open '/home/ann/.nemo/media/ses_1/a.mp3': no such file")
    "cannot open 'a.mp3': no such file"
    >>> without_paths("poll GET /api/render/proxy/lambda/<id>, or see https://example.com/a/b.mp3")
    'poll GET /api/render/proxy/lambda/<id>, or see https://example.com/a/b.mp3'
    """
    return _ABSOLUTE_PATH.sub("", text)


def fault_reference() -> str:
    """A short id for one unexpected fault: the answer names it, the log line with the traceback carries it."""
    return "err_" + secrets.token_hex(4)


class EngineError(Exception):
    """Base of every error the engine raises on purpose."""


class EngineStartError(EngineError):
    """The engine could not start (the port is taken, the home folder is not writable, …)."""


class BadInput(EngineError):
    """A field of a request that cannot work; ``field`` names it in dotted form, ``problem`` says why."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class MediaError(EngineError):
    """A file the engine cannot use. ``code`` is the API code to answer with (4001 unsupported, 4002 too large)."""

    def __init__(self, message: str, *, code: int = 4001) -> None:
        super().__init__(message)
        self.code = code


class AnalysisError(EngineError):
    """Analysis could not run on a file that probed as valid media."""


class RenderError(EngineError):
    """ffmpeg exited with an error while rendering."""

    def __init__(
        self, message: str, *, cmd: Sequence[str] = (), returncode: int | None = None, stderr_tail: str = ""
    ) -> None:
        super().__init__(message)
        self.cmd = list(cmd)
        self.returncode = returncode
        self.stderr_tail = stderr_tail


class OutOfCredits(EngineError):
    """``needed`` credits are more than the ``available`` ones."""

    def __init__(self, needed: int, available: int) -> None:
        super().__init__(f"this needs {needed} credits and {available} are left: register or top up credits")
        self.needed = needed
        self.available = available


class TurnCancelled(EngineError):
    """The client went away; the turn must stop without committing."""


class UnknownMedia(EngineError):
    """A media id that this session does not have."""
