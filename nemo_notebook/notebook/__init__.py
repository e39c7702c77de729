"""The notebook layer: the ``%nemo`` magics, the Studio widget and the displays.

>>> %load_ext nemo_notebook                      # doctest: +SKIP
>>> %nemo upload track.mp3                       # doctest: +SKIP

Loading the extension registers the magic and the ``Nemo`` settings only; ipywidgets, pandas and the client load
when the first ``%nemo`` command runs, so that ``%load_ext`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .studio import Studio

__all__ = ["Studio", "load_ipython_extension", "unload_ipython_extension", "video"]

_STATE_KEY = "_nemo_notebook"


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext nemo_notebook``: register ``%nemo``/``%%nemo``, the ``Nemo`` settings, the error display and tab
    completion."""
    from . import completion
    from .magics import NemoMagics
    from .messages import NemoCellError, show_cell_error
    from .settings import Nemo

    if getattr(ipython, _STATE_KEY, None) is not None:
        return
    settings = Nemo(parent=ipython)
    ipython.configurables.append(settings)
    magics = NemoMagics(ipython, settings)
    ipython.register_magics(magics)
    previous = (ipython.custom_exceptions, getattr(ipython, "CustomTB", None))
    ipython.set_custom_exc((NemoCellError,), show_cell_error)
    completion.register(ipython, magics.known_session_ids)
    setattr(ipython, _STATE_KEY, (settings, magics, previous))
    from .front_end import enable_colab_widgets

    enable_colab_widgets()


def unload_ipython_extension(ipython: Any) -> None:
    """``%unload_ext nemo_notebook``: remove the magic and the error display, close the connection."""
    state = getattr(ipython, _STATE_KEY, None)
    if state is None:
        return
    settings, magics, (previous_exceptions, previous_handler) = state
    if magics._commands is not None:
        magics._commands.controller.close()
    from . import completion

    completion.unregister(ipython)
    for kind in ("line", "cell"):
        ipython.magics_manager.magics[kind].pop("nemo", None)
    if settings in ipython.configurables:
        ipython.configurables.remove(settings)
    if ipython.custom_exceptions == (_cell_error_type(),):
        # put back whatever handler was there before (set_custom_exc would wrap it a second time)
        ipython.custom_exceptions, ipython.CustomTB = previous_exceptions, previous_handler
    setattr(ipython, _STATE_KEY, None)


def video(path: Any, *, embed: bool = False, embed_max_mb: float = 40.0) -> Any:
    """A player for an MP4 on disk, as ``%nemo export`` shows its own: linked by its path relative to the notebook
    (the notebook stays small), embedded where relative files are not served (VS Code, Colab) or when asked; its text
    form names the file, for saved notebooks viewed without a browser."""
    from pathlib import Path

    from .export_view import DownloadLink, SavedVideo, video_player

    file = Path(path)
    saved = SavedVideo(file, file.stat().st_size)
    return video_player(saved, embed=embed, embed_max_mb=embed_max_mb) or DownloadLink(saved)


def _cell_error_type() -> type:
    from .messages import NemoCellError

    return NemoCellError


def __getattr__(name: str) -> Any:
    if name == "Studio":
        from .studio import Studio

        return Studio
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
