"""Running the engine: uvicorn in a daemon thread on a free loopback port (for the client), or in the foreground
(``nemo-notebook serve``). starlette and uvicorn load here, when an engine starts, not when the package is imported.
"""

from __future__ import annotations

import math
import os
import secrets
import socket
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ..errors import EngineStartError
from ..settings import EngineSettings

if TYPE_CHECKING:
    from ..turn import Agent

STARTUP_TIMEOUT_S = 30.0


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0: a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    if os.name != "nt":  # on Windows SO_REUSEADDR would let two engines share a port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # accepted connections inherit this: without it a response's head and body, written separately, wait on the
    # peer's delayed ACK (about 40 ms on Linux) for every request
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise EngineStartError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def served_under(settings: EngineSettings, host: str) -> EngineSettings:
    """``settings`` accepting ``host`` in the ``Host`` header too, when it is one address beyond loopback."""
    from dataclasses import replace

    from .hosts import LOOPBACK_NAMES, host_name

    name = host_name(host)
    if name in LOOPBACK_NAMES or name in ("0.0.0.0", "::", "") or name in settings.allowed_hosts:
        return settings
    return replace(settings, allowed_hosts=(*settings.allowed_hosts, name))


def url_for(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def build_server(
    settings: EngineSettings, token: str, *, agent: Agent | None = None, quiet: bool = True, graceful_s: int = 5
) -> Any:
    """A `uvicorn.Server` for the engine app (not yet running)."""
    import uvicorn

    from .app import create_app
    from .connections import accept_batch, capped_protocol
    from .deadlines import header_deadline_protocol
    from .services import open_engine

    app = create_app(open_engine(settings, token, agent=agent))
    config = uvicorn.Config(
        app,
        log_level="warning" if quiet else "info",
        access_log=not quiet,
        lifespan="on",
        http=capped_protocol(header_deadline_protocol(settings.header_timeout_s), settings.connection_cap),
        timeout_keep_alive=max(1, math.ceil(settings.keep_alive_s)),
        timeout_graceful_shutdown=graceful_s,
        server_header=False,
        backlog=accept_batch(settings.connection_cap),
    )
    return uvicorn.Server(config)


class RunningEngine:
    """An engine serving on ``url`` in a background thread. ``stop()`` (or leaving a ``with`` block) ends it."""

    def __init__(
        self, *, url: str, token: str, settings: EngineSettings, server: Any, thread: threading.Thread
    ) -> None:
        self.url = url
        self.token = token
        self.settings = settings
        self._server = server
        self._thread = thread

    def __repr__(self) -> str:
        return f"RunningEngine(url={self.url!r}, home={str(self.settings.home)!r}, running={self.running})"

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self, timeout_s: float = 15.0) -> None:
        """Shut the server down and wait for it (renders in progress are cancelled and marked failed)."""
        self._server.should_exit = True
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout_s)

    def __enter__(self) -> RunningEngine:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def start_in_background(
    *,
    home: Path | None = None,
    token: str | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    settings: EngineSettings | None = None,
    agent: Agent | None = None,
) -> RunningEngine:
    """Start the embedded engine in a daemon thread and return once it accepts connections.

    Parameters
    ----------
    home
        The engine's state folder; overrides ``settings.home``. Default: ``NEMO_HOME`` or the user data folder.
    token
        The bearer token it accepts; a random one (``secrets.token_urlsafe``) when None.
    host, port
        Where it listens; port 0 picks a free port.
    settings
        Limits and switches (`EngineSettings`); defaults otherwise.
    agent
        For tests: an object with ``interpret`` and ``execute`` used in place of ``nemo_notebook.engine.agent``.

    Examples
    --------
    >>> with start_in_background(home=tmp) as engine:          # doctest: +SKIP
    ...     httpx.get(engine.url + "/api/credits/balance/simple", headers={"Authorization": f"Bearer {engine.token}"})
    """
    settings = settings or EngineSettings()
    if home is not None:
        settings = _with_home(settings, home)
    settings = served_under(settings, host)
    token = token or secrets.token_urlsafe(32)
    sock = bind_socket(host, port)
    try:
        server = build_server(settings, token, agent=agent)
    except BaseException:
        sock.close()
        raise
    thread = threading.Thread(target=_serve, args=(server, sock), name="nemo-engine", daemon=True)
    thread.start()
    _wait_started(server, thread, sock)
    return RunningEngine(
        url=url_for(host, sock.getsockname()[1]), token=token, settings=settings, server=server, thread=thread
    )


def _with_home(settings: EngineSettings, home: Path) -> EngineSettings:
    from dataclasses import replace

    return replace(settings, home=Path(home))


def _serve(server: Any, sock: socket.socket) -> None:
    try:
        server.run(sockets=[sock])
    except SystemExit:  # uvicorn exits this way when the app's startup fails; the starter reports it
        pass
    finally:
        sock.close()


def _wait_started(server: Any, thread: threading.Thread, sock: socket.socket) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive():
            raise EngineStartError("the engine stopped while starting; see the log above for why")
        if time.monotonic() > deadline:
            server.should_exit = True
            raise EngineStartError(f"the engine did not start within {STARTUP_TIMEOUT_S:g} s")
        time.sleep(0.01)
