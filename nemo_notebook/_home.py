"""Where nemo-notebook keeps its state: ``NEMO_HOME``, resolved in this one place for the engine, the CLI and the
client.

It lives at the package root, not in ``protocol`` (which is pure and reads no environment), and imports nothing of
the project, so every layer may use it without importing another layer.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def nemo_home(environ: Mapping[str, str] | None = None) -> Path:
    """``NEMO_HOME`` when set (``~`` expanded), else the platform's user data folder for nemo-notebook.

    Parameters
    ----------
    environ
        The environment to read; ``os.environ`` when None.
    """
    env = (os.environ if environ is None else environ).get("NEMO_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("nemo-notebook"))
