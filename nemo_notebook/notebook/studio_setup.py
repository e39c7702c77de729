"""How the Studio starts: the controller it shares with the notebook's magics, and the quality its menu opens on."""

from __future__ import annotations

from .controller import Controller


def default_controller() -> Controller:
    """The controller of this kernel's ``%nemo`` (so that both use one session), or a new one outside a kernel."""
    from IPython import get_ipython

    from .settings import Nemo
    from .where import notebook_path

    shell = get_ipython()
    state = getattr(shell, "_nemo_notebook", None)
    if state is not None:
        return state[1].commands.controller  # type: ignore[no-any-return]
    settings = Nemo(parent=shell) if shell is not None else Nemo()
    return Controller(settings, notebook=lambda: notebook_path(shell))


def shaping_quality(configured: str) -> str:
    """The Quality menu starts at ``preview`` (seconds, while the timeline is being shaped) unless a lower quality
    was chosen; ``high`` is for the final export, picked from the menu."""
    return configured if configured in ("low", "preview") else "preview"
