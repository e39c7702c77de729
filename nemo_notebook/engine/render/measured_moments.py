"""Where in a clip its faces and figures are looked for: a moment of a lattice, where the picture is the one asked for.

A 3-minute video cut from a 60 s clip asks for the faces (``faces``) and figures (``figures``) of 209 moments of it,
many a frame or two of its measuring copy apart (shots that reuse a stretch of the clip start a little later or end a
little earlier): 62 of them one frame (67 ms) after another. So a moment's faces and figures are those of the nearest
whole second (``COARSE_MS``) where the picture there barely differs from the one asked for (``STILL``: the mean
difference of the two frames ``_WIDTH`` pixels wide; a cut between them, or a fast move, differs more), else of the
nearest moment of a lattice ``LATTICE_MS`` apart where it barely differs, and those of the moment itself where
neither does: the decode benchmark's 3-minute video looks for them on 97 distinct frames of its clip (161 with the
200 ms lattice alone, 187 before it). A moment keeps its answer whatever was asked before (the lattices are fixed),
so a render after another is the render made fresh.

What it changes is about what the face cascade changes from one frame of the copy to the next: over 120 moments of
``Megamind.avi`` (OpenCV's sample clip, faces in 81 of them) the places (the top or bottom fifth) a head lies across
differ from those of the moment that stands for it in 34 (23 with the 200 ms lattice alone), and from the next
frame's (67 ms later) in 40; a face's in 22 (9), and 20; the figures' in 7 (7), and 6. Over 120 moments
each of Big Buck Bunny, ``vtest.avi`` and ``tree.avi`` the heads' in 1, 0, 0 (as before, and from the next frame's);
the figures' in 9, 6, 1 (3, 2, 0; from the next frame's 5, 2, 0): there the whole second's frame moves a figure out of
a fifth more often than the next frame does (``vtest.avi``'s street camera holds still while its walkers move).
"""

from __future__ import annotations

from pathlib import Path

from .frames import small_frame

LATTICE_MS = 200  # 3 frames of the measuring copy (15 fps): a moment is read at most 100 ms from where it was asked
COARSE_MS = 1000  # a lattice of whole seconds, tried first: a still stretch's moments share one frame a second
STILL = 0.03  # mean difference (RGB, 0..1) of two frames under which they show one picture (a cut: 0.05 and more)
_WIDTH = 64  # pixels: the frames compared


def measured_at(path: Path, at_ms: int) -> int:
    """The moment (ms) whose faces and figures stand for those of the clip ``path`` at ``at_ms``: the nearest of the
    whole seconds (``COARSE_MS``) and else of the finer lattice (``LATTICE_MS``) whose picture differs from the one
    at ``at_ms`` by ``STILL`` at most, else ``at_ms`` itself (a picture's moment, 0, is on both lattices)."""
    import numpy as np

    asked = None
    for step in (COARSE_MS, LATTICE_MS):
        near = round(at_ms / step) * step
        if near == at_ms:
            return at_ms
        asked = small_frame(path, at_ms, _WIDTH) if asked is None else asked
        there = small_frame(path, near, _WIDTH)
        if asked is None:
            return at_ms
        if there is not None and asked.shape == there.shape and float(np.abs(asked - there).mean()) <= STILL:
            return near
    return at_ms
