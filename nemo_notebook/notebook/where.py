"""Which notebook the kernel runs: the key each notebook's session is remembered by.

Jupyter Server (JupyterLab 4, Notebook 7) starts a kernel with ``JPY_SESSION_NAME`` set to the notebook's path, and
ipykernel copies it into the user namespace as ``__session__``; VS Code sets ``__vsc_ipynb_file__``. A terminal
IPython, or a kernel started by a tool that sets neither (nbclient), has only its working folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

_NAMESPACE_KEYS = ("__vsc_ipynb_file__", "__session__")


def notebook_path(shell: Any) -> str:
    """The notebook's path as the front end named it, else the working folder.

    >>> notebook_path(None) == str(Path.cwd()) or "JPY_SESSION_NAME" in os.environ
    True
    """
    namespace = getattr(shell, "user_ns", None) or {}
    for key in _NAMESPACE_KEYS:
        value = namespace.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return os.environ.get("JPY_SESSION_NAME", "").strip() or str(Path.cwd())
