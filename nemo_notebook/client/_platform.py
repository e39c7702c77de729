"""Where the client runs, for the ``X-Skill-Platform`` header, found without importing IPython."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path


def detect_platform(
    environ: Mapping[str, str] | None = None,
    modules: Mapping[str, object] | None = None,
    parent_cmdline: str | None = None,
) -> str:
    """One of ``jupyterlab``, ``notebook``, ``vscode``, ``colab``, ``binder``, ``ipython`` or ``unknown``.

    The arguments exist for tests; by default the process's environment, ``sys.modules`` and parent are read.
    """
    env = os.environ if environ is None else environ
    mods = sys.modules if modules is None else modules
    if "google.colab" in mods or "COLAB_RELEASE_TAG" in env:
        return "colab"
    if any(key in env for key in ("VSCODE_PID", "VSCODE_CWD", "VSCODE_IPC_HOOK_CLI")):
        return "vscode"
    if any(key in env for key in ("BINDER_SERVICE_HOST", "BINDER_REQUEST", "BINDER_LAUNCH_HOST")):
        return "binder"
    jupyter = any(key in env for key in ("JPY_SESSION_NAME", "JPY_PARENT_PID")) or any(
        key.startswith("JUPYTERHUB_") for key in env
    )
    cmdline = _parent_cmdline() if parent_cmdline is None else parent_cmdline
    if "jupyter-lab" in cmdline or "jupyterlab" in cmdline:
        return "jupyterlab"
    if "jupyter-notebook" in cmdline or "notebook" in cmdline:
        return "notebook"
    if jupyter:
        # A kernel whose front end we cannot see: JupyterHub serves JupyterLab by default, plain servers Notebook 7.
        return "jupyterlab" if "JUPYTERHUB_SERVICE_PREFIX" in env else "notebook"
    return "ipython" if "IPython" in mods else "unknown"


def _parent_cmdline() -> str:
    """The parent process's command line where the OS shows it (Linux ``/proc``), else ``""``."""
    try:
        raw = Path(f"/proc/{os.getppid()}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode("utf-8", "replace").lower()
