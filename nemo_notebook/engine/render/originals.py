"""The source behind what a render reads, for every decision about how a picture or clip is shown.

A render reads copies: pictures scaled to its size (``sources.scaled_pictures``), clips' used stretches at its size
and rate (``sources.clip_copies``). Those differ from quality to quality (a preview's 716-pixel copy of a photo, its
15 fps copy of a clip decoded without its loop filter), and the in-process measures of a file are kept by its path
or content whichever render asked first (issue 29: one draft rendered at ``high`` twice put the visualizer at the top
for 41 s in one run and at the bottom throughout in the other; a painting cropped to fill in the preview sat whole
on its fill at 1080p). So every measure of a source (its thumbnail, saliency, figures, fine detail, views' detail)
is taken on the source's own pixels, and every enlargement it is judged by is judged at ``REFERENCE_LINES`` from the
source's own size, never the copy's or the render's: a render is a function of the draft and the media.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from ..analysis.cache import by_content
from .fills import REFERENCE_LINES
from .graph import Canvas, even

T = TypeVar("T")
P = ParamSpec("P")

# a picture's copy (its file) → the picture's file and its size, while a render is built
_ORIGINALS: ContextVar[Mapping[Path, tuple[Path, tuple[int, int]]] | None] = ContextVar("originals", default=None)


@contextmanager
def measuring_originals(originals: Mapping[Path, tuple[Path, tuple[int, int]]]) -> Iterator[None]:
    """Within the block, a picture's copy (its file → the picture's file and width and height) is measured as the
    picture, and judged by the picture's size."""
    token = _ORIGINALS.set({**(_ORIGINALS.get() or {}), **originals})
    try:
        yield
    finally:
        _ORIGINALS.reset(token)


def original_path(path: Path) -> Path:
    """The file whose pixels are measured for ``path``: the picture a copy was made from, else ``path`` itself."""
    found = (_ORIGINALS.get() or {}).get(path)
    return path if found is None else found[0]


def by_source(maxsize: int) -> Callable[[Callable[Concatenate[Path, P], T]], Callable[Concatenate[Path, P], T]]:
    """A measure of a picture or clip (a function of its path and other hashable arguments, which reads its pixels
    through ``original_path``) kept for the content of the source behind the path (``cache.by_content``), the
    ``maxsize`` latest, every argument spelled out (its defaults too): a picture's copy is measured as the picture,
    once for both, and a file edited in place is measured again. Kept by the path and arguments as asked
    (``lru_cache``), ``saliency_of(p)`` and ``saliency_of(p, 0)`` were two measures: the saliency map and fine detail
    of a 3-minute video's 96 photos were worked out 186 times (3.1 of the engine's 33 CPU s under cProfile), and a
    picture edited in place kept its old thumbnail, saliency, focus and look for as long as the engine ran."""

    def wrap(measure: Callable[Concatenate[Path, P], T]) -> Callable[Concatenate[Path, P], T]:
        kept = by_content(maxsize)(measure)
        signature = inspect.signature(measure)

        @functools.wraps(measure)
        def measured(path: Path, /, *args: P.args, **kwargs: P.kwargs) -> T:
            # every argument spelled out, defaults too: ``saliency_of(p)`` and ``saliency_of(p, 0)`` are one measure
            asked = signature.bind(original_path(path), *args, **kwargs)
            asked.apply_defaults()
            return kept(*asked.args, **asked.kwargs)  # type: ignore[arg-type]

        return measured

    return wrap


def original_size(path: Path, size: tuple[int, int]) -> tuple[int, int]:
    """The width and height of the source behind ``path`` (``size``: what ``path`` itself has)."""
    found = (_ORIGINALS.get() or {}).get(path)
    return size if found is None else found[1]


def reference_canvas(canvas: Canvas) -> Canvas:
    """``canvas`` of the same shape at ``REFERENCE_LINES``: what a render's enlargements are judged on.

    >>> reference_canvas(Canvas(640, 360, 15, 15, 1000)).width
    1920
    """
    k = REFERENCE_LINES / max(min(canvas.width, canvas.height), 1)
    return replace(canvas, width=even(canvas.width * k), height=even(canvas.height * k))
