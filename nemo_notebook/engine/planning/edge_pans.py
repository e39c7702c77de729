"""A picture whose views look alike pans from the edge of its margin, so its showings differ where they are seen.

A picture too small for a near view, or whose nearest is hardly nearer (held-out export 01 of stop 52: a 1920x1080
blue abstract's only near view at 1.16 in a 1080p frame), looked the same at every showing: a pan is centred on the
picture's middle (``render.camera.pan_corner``), so a pan left and a pan right pass the same frame half way, and
the middle frames of its five showings differed by 6 of 255 at least. Here its pans start at the edge of the motion
margin they leave (``m.pan_from`` "edge"): a pan right from the left edge, a pan left from the right one, so two
showings moving apart show other parts of it all the way through; its showings already take moves the one before
did not have (``music_video._Moves``, ``views_apart``).
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
    """``shots`` with each pan of a picture whose views look alike (``views_of``: each picture's framings, by media
    id) marked to start at the edge of its margin (``m.pan_from``: "edge").

    Examples
    --------
    >>> [s.meta.get("pan_from") for s in edge_pans(lane, {"small": ()})]  # doctest: +SKIP
    ['edge', None, 'edge']
    """
    plain = {src for src, views in views_of.items() if alike(views)}
    return [
        replace(s, meta={**s.meta, "pan_from": "edge"})
        if s.src in plain and str(s.meta.get("motion", "")).startswith("pan_")
        else s
        for s in shots
    ]
