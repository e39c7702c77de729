"""IPython's untyped helpers, given types once here so the rest of the layer stays strict."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from IPython.core import magic_arguments as _magic_arguments
from IPython.display import Video as _Video
from IPython.display import display as _display
from IPython.utils import process as _process

display: Callable[..., Any] = _display
Video: Callable[..., Any] = _Video
arg_split: Callable[..., list[str]] = _process.arg_split  # type: ignore[attr-defined]
MagicArgumentParser: Callable[..., Any] = _magic_arguments.MagicArgumentParser
