"""nemo-notebook: make music videos and video music from a Jupyter notebook.

>>> from nemo_notebook import Client
>>> session = Client().sessions.create()            # doctest: +SKIP

The public names load lazily, so that ``import nemo_notebook`` and ``%load_ext nemo_notebook`` stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

__all__ = [
    "APIError",
    "AsyncClient",
    "Client",
    "NemoError",
    "Studio",
    "__version__",
    "load_ipython_extension",
    "unload_ipython_extension",
]

if TYPE_CHECKING:
    from .client import APIError, AsyncClient, Client, NemoError
    from .notebook import Studio

_LAZY = {
    "Client": "client",
    "AsyncClient": "client",
    "NemoError": "client",
    "APIError": "client",
    "Studio": "notebook",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'nemo_notebook' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{module}", __name__), name)


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext nemo_notebook``: registers ``%nemo``; loads only the notebook layer."""
    from .notebook import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    from .notebook import unload_ipython_extension as unload

    unload(ipython)
