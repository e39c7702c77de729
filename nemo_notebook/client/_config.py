"""Which backend the client talks to, with which token, and where it keeps its files.

Explicit arguments win, then the environment (``NEMO_TOKEN``, ``NEMO_BACKEND``, ``NEMO_BASE_URL``, ``NEMO_HOME``),
then the defaults (the embedded engine, the platform's user data folder).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .._home import nemo_home
from ..protocol import paths
from ._errors import NemoError

Backend = Literal["local", "cloud", "remote"]
_BACKENDS = ("local", "cloud")


class Secret:
    """A token that never shows itself in a repr, a str or a format string."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Settings:
    """Where to connect. ``base_url`` is None for ``local`` until the engine has started."""

    backend: Backend
    base_url: str | None
    token: Secret | None
    home: Path

    @property
    def records_key(self) -> str:
        """The key under which local records of this backend are kept (the engine's port changes each run)."""
        return "local" if self.backend == "local" else (self.base_url or "")


def default_home(environ: Mapping[str, str]) -> Path:
    """``NEMO_HOME`` from ``environ``, else the platform's user data folder (resolved by :func:`nemo_home`)."""
    return nemo_home(environ)


def resolve(
    *,
    backend: str | None = None,
    base_url: str | None = None,
    token: str | None = None,
    home: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """The settings from explicit arguments, then the environment, then the defaults."""
    env = os.environ if environ is None else environ
    if backend is not None and backend not in _BACKENDS:
        raise NemoError(f"unknown backend {backend!r}", hint="use backend='local' or backend='cloud'")
    where = Path(home).expanduser() if home is not None else default_home(env)
    chosen = _backend(backend, base_url, token, env)
    if chosen == "local":
        return Settings("local", None, None, where)
    url = base_url or (env.get("NEMO_BASE_URL") if backend is None else None) or paths.CLOUD_BASE_URL
    secret = token if token is not None else env.get("NEMO_TOKEN") or None
    kind: Backend = "cloud" if url.rstrip("/") == paths.CLOUD_BASE_URL else "remote"
    return Settings(kind, url.rstrip("/"), Secret(secret) if secret else None, where)


def _backend(backend: str | None, base_url: str | None, token: str | None, env: Mapping[str, str]) -> str:
    if base_url:
        return "remote"
    if backend:
        return backend
    if token:
        return "cloud"
    env_backend = env.get("NEMO_BACKEND", "").strip().lower()
    if env.get("NEMO_BASE_URL"):
        return "remote"
    if env_backend in _BACKENDS:
        return env_backend
    return "cloud" if env.get("NEMO_TOKEN") else "local"
