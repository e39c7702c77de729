"""The embedded engine: API.md served on this machine, with analysis, music, the agent and rendering behind it.

>>> from nemo_notebook.engine import start_in_background
>>> engine = start_in_background()          # doctest: +SKIP
>>> engine.url                              # doctest: +SKIP
'http://127.0.0.1:53817'

Importing this package is light: the web stack loads when an engine starts, the media stack when it is used.
"""

from __future__ import annotations

from .errors import EngineStartError
from .http.server import RunningEngine, start_in_background
from .settings import EngineSettings, default_home

__all__ = ["EngineSettings", "EngineStartError", "RunningEngine", "default_home", "start_in_background"]
