"""Where in a clip its faces and figures are looked for: a moment of a lattice, where the picture is the one asked for.

A 3-minute video cut from a 60 s clip asks for the faces (``faces``) and figures (``figures``) of 209 moments of it,
many a frame or two of its measuring copy apart (shots that reuse a stretch of the clip start a little later or end a
little earlier): 62 of them one frame (67 ms) after another. So a moment's faces and figures are those of the nearest
moment of a lattice ``LATTICE_MS`` apart, where the picture there barely differs from the one asked for (``STILL``:
the mean difference of the two frames ``_WIDTH`` pixels wide; a cut between them, or a fast move, differs more), and
those of the moment itself where it does: the decode benchmark's 3-minute video looks for them on 161 distinct
frames of its clip, 187 before. A moment keeps its answer whatever was asked before (the lattice is fixed), so a
render after another is the render made fresh.

What it changes is within what the face cascade changes from one frame of the copy to the next: over 120 moments of
``Megamind.avi`` (OpenCV's sample clip, faces in 80 of them) the places (the top or bottom fifth) a head lies across
differ from the nearest lattice moment's in 30, and from the next frame's (67 ms later) in 44; the figures' in 6 and
9; over Big Buck Bunny, ``vtest.avi`` and ``tree.avi`` (360 moments) the heads' in none either way, the figures' in
4 and 3.
"""

from __future__ import annotations

from pathlib import Path

from .frames import small_frame

LATTICE_MS = 200  # 3 frames of the measuring copy (15 fps): a moment is read at most 100 ms from where it was asked
STILL = 0.03  # mean difference (RGB, 0..1) of two frames under which they show one picture (a cut: 0.05 and more)
_WIDTH = 64  # pixels: the frames compared


def measured_at(path: Path, at_ms: int) -> int:
    """The moment (ms) whose faces and figures stand for those of the clip ``path`` at ``at_ms``: the nearest of the
    lattice, ``LATTICE_MS`` apart, where its picture differs from the one at ``at_ms`` by ``STILL`` at most, else
    ``at_ms`` itself (a picture's moment, 0, is on the lattice)."""
    import numpy as np

    near = round(at_ms / LATTICE_MS) * LATTICE_MS
    if near == at_ms:
        return at_ms
    asked, there = small_frame(path, at_ms, _WIDTH), small_frame(path, near, _WIDTH)
    if asked is None or there is None or asked.shape != there.shape:
        return at_ms
    return near if float(np.abs(asked - there).mean()) <= STILL else at_ms
