"""A picture whose views look alike moves from an edge of itself, so its showings differ where they are seen.

A picture too small for a near view, or whose nearest is hardly nearer (held-out export 01 of stop 52: a 1920x1080
blue abstract's only near view at 1.16 in a 1080p frame), looked the same at every showing: its moves are centred
on the picture's middle (``render.camera``), so a pan left and a pan right, or a push in and a pull out, pass the
same frame half way, and the middle frames of its five showings differed by 6 of 255 at least. Here its moves keep
to an edge (``m.move_from`` "edge"): a pan right from the left edge of the motion margin, a pan left from the right
one, a push in into the left edge, a pull out from the right one; its showings already take moves the one before
did not have (``shot_moves.ShotMoves``, ``views_apart``), so two showings in a row show other parts of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ...protocol import Segment

View = tuple[str, float]
ALIKE_ZOOM = 1.3  # a picture whose nearest view is less near than this looks alike in all its views


def alike(views: Sequence[View]) -> bool:
    """Whether a picture with these framings (``holds.held_framings``: name, zoom) looks alike in all of them."""
    return max((zoom for _, zoom in views), default=1.0) < ALIKE_ZOOM


def edge_pans(shots: Sequence[Segment], views_of: Mapping[str, Sequence[View]]) -> list[Segment]:
    """``shots`` with each pan or zoom of a picture whose views look alike (``views_of``: each picture's framings, by
    media id) marked to keep to an edge (``m.move_from``: "edge").

    Examples
    --------
    >>> [s.meta.get("move_from") for s in edge_pans(lane, {"small": ()})]  # doctest: +SKIP
    ['edge', None, 'edge']
    """
    plain = {src for src, views in views_of.items() if alike(views)}
    return [
        replace(s, meta={**s.meta, "move_from": "edge"})
        if s.src in plain and str(s.meta.get("motion", "")).startswith(("pan_", "zoom_"))
        else s
        for s in shots
    ]
