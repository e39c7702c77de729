"""A picture that comes back comes back in another view of itself.

Five photos under a calm 95 s piece came back twice or three times each, every time whole and wide: "by the
second minute it feels like a loop" (the blind reviewer, held-out export 03). Where the material forces a picture
back (``material.most_shows``), its return opens on a near view of it (``holds.held_framings``: close on its
subject, or on its detail, as near as its pixels allow) that none of its showings opened on yet, else the view (wide
too) opened on least; its move is another already (``shot_moves.ShotMoves``). A return whose next part is
already that view, a coarse picture (its blocks would show) and a picture with no near view keep their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ...protocol import Segment
from ...protocol.showings import showings


def returns_in_other_views(
    shots: Sequence[Segment], framings: Mapping[str, Sequence[tuple[str, float]]]
) -> list[Segment]:
    """``shots`` (the visuals lane, in time order) with each picture's showings after its first opening on a view of
    ``framings`` (by media id: the framings its held showings cut between) it has opened on least (a near one
    where as few), where they opened wide.

    Examples
    --------
    >>> [s.meta.get("framing", "wide") for s in returns_in_other_views(a_b_a, {"a": close_a})]  # doctest: +SKIP
    ['wide', 'wide', 'close']
    """
    opened: dict[str, dict[str, int]] = {}
    out: list[Segment] = []
    for run in showings(shots):
        first = run[0]
        views = list(dict.fromkeys(framings.get(first.src or "", ())))
        before = opened.setdefault(first.src or "", {})
        framing = str(first.meta.get("framing", "wide"))
        if len(views) > 1 and before and framing == "wide" and first.in_ms is None:
            name, zoom = min(views, key=lambda v: (before.get(v[0], 0), v[0] == "wide", views.index(v)))
            following = run[1].meta.get("framing", "wide") if len(run) > 1 else None
            if name != "wide" and following != name:
                first = replace(first, meta={**first.meta, "framing": name, "zoom": zoom})
                framing = name
        before[framing] = before.get(framing, 0) + 1
        out.extend([first, *run[1:]])
    return out
