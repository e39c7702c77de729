"""Which front end and host the kernel runs under, from the signs each leaves in the environment, and the one thing
each needs from us.

- **Binder** (mybinder.org and BinderHub): ``BINDER_LAUNCH_HOST``/``BINDER_REQUEST``/``BINDER_REPO_URL`` are set. A
  Binder has one core and 1–2 GB: exports default to ``preview`` there.
- **Colab**: ``google.colab`` is importable (``COLAB_RELEASE_TAG`` is set). Colab shows third-party widgets only
  after ``google.colab.output.enable_custom_widget_manager()``; the extension calls it on load.
- **VS Code**: ``VSCODE_PID``/``VSCODE_CWD``/``VSCODE_IPC_HOOK_CLI``. Its notebook webviews play H.264 but not AAC,
  so the video shown there carries Opus sound (the MP4 on disk stays H.264/AAC for the platforms).
"""

from __future__ import annotations

import os
import sys

_BINDER_KEYS = ("BINDER_LAUNCH_HOST", "BINDER_REQUEST", "BINDER_REPO_URL", "BINDER_PERSISTENT_REQUEST")
_VSCODE_KEYS = ("VSCODE_PID", "VSCODE_CWD", "VSCODE_IPC_HOOK_CLI")


def on_binder() -> bool:
    return any(os.environ.get(key) for key in _BINDER_KEYS)


def in_colab() -> bool:
    return "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ


def in_vscode() -> bool:
    return any(key in os.environ for key in _VSCODE_KEYS)


def default_quality() -> str:
    """``preview`` on a Binder (one core: a 1080p export there takes minutes), else ``high``."""
    return "preview" if on_binder() else "high"


def enable_colab_widgets() -> bool:
    """In Colab, turn on its custom widget manager (without it the Studio and the bars show nothing); True if done."""
    if not in_colab():
        return False
    try:
        from google.colab import output  # type: ignore[import-not-found]
    except ImportError:
        return False
    output.enable_custom_widget_manager()
    return True
