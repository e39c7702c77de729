"""The engine's own errors. The server turns them into API.md envelopes; nothing here knows about HTTP.

::

    EngineError
    ├── MediaError        a file that cannot be read, probed or decoded (carries the API code to answer with)
    ├── AnalysisError     audio or video analysis failed on a file that did probe
    └── RenderError       ffmpeg failed: the command, its exit code and the tail of its stderr
"""

from __future__ import annotations

from collections.abc import Sequence


class EngineError(Exception):
    """Base of every error the engine raises on purpose."""


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
