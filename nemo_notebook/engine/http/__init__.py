"""The HTTP edge: the only code of the package that imports Starlette or uvicorn.

``app`` assembles the ASGI app around an `Engine` (``services``: settings, store, auth, credits, turn locks, render
queue) that it is handed; one module per route group (``session_routes``, ``chat_routes``, ``upload_routes``,
``export_routes``); ``auth`` checks bearer tokens; ``refusals`` holds API.md's envelope and `Refusal`, into which
engine errors are translated in one place; ``handlers`` wraps each handler and reads JSON bodies; ``multipart``
streams upload bodies to disk; ``hosts`` answers only requests addressed to the engine's names (DNS rebinding);
``deadlines`` closes connections that stall in a request's head or body; ``server`` runs uvicorn in a thread on a
loopback port.

Offers `start_in_background`, `RunningEngine`, `build_server`, `bind_socket`, `served_under` and `url_for`. Importing this package
loads neither Starlette nor uvicorn: they load when an engine starts.
"""

from __future__ import annotations

from .server import RunningEngine, bind_socket, build_server, served_under, start_in_background, url_for

__all__ = ["RunningEngine", "bind_socket", "build_server", "served_under", "start_in_background", "url_for"]
