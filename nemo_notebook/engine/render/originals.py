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

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from pathlib import Path

from .fills import REFERENCE_LINES
from .graph import Canvas, even

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
