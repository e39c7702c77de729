"""A picture's next showing at another scale than its last one: wide after near, near after wide.

Held-out export 01 of stop 67 (four large photos under a driving 107 s song, each shown six or seven times) showed
the yellow flower at 9.8 s wide, then close at 1.5, detail at 1.55, close at 1.25, detail at 1.25 and 1.4: five
near views in a row within 0.3 of each other's scale, all on the flower's middle (the renderer's close and detail
centres of YellowFlower.jpg lie within 0.2 of its width), "the yellow-flower close-up about 7 times with nearly the
same petal crop" to a blind reviewer. ``views_apart`` gives each return a view not shown before, but a view new by
name may be as near as the last one. Here a showing of one shot (a near view dealt between others' shots is one, a
showing cut into framings of itself is left as it is) whose scale is within ``SCALE_APART`` of the picture's
showing before takes the least shown view of its picture (``views_apart.more_views``) that far from it, with a
move it has not had in that view: a frame at 1.5 and one at 1.25 cover 0.44 and 0.64 of the wide one's area.
Where the picture's nearest view is nearer than the wide one by less than ``SCALE_APART`` (a photo too small for
more), wide and that view take turns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ...protocol import Segment
from ...protocol.showings import showings
from .views_apart import View, framed, more_views, view_of

SCALE_APART = 0.2  # a showing's zoom at least this far from its picture's showing before


def scales_apart(shots: Sequence[Segment], views_of: Mapping[str, Sequence[View]]) -> list[Segment]:
    """``shots`` (the visuals lane) with each picture's one-shot showings after its first (by media id in
    ``views_of``: its framings, as ``views_apart`` takes them) at a scale ``SCALE_APART`` or more from its showing
    before, as the module says; the opening and the last showing keep theirs, and so do clips.

    >>> lane = [Segment(0, 2000, "b"), Segment(2000, 3000, "a", meta={"motion": "pan_up"}),
    ...         Segment(5000, 3000, "b"), Segment(8000, 3000, "a", meta={"motion": "pan_up"}), Segment(11000, 9, "b")]
    >>> [(s.meta.get("framing"), s.meta.get("zoom")) for s in scales_apart(lane, {"a": (("wide", 1.0), ("close", 1.5))})
    ...  if s.src == "a"]
    [(None, None), ('close', 1.5)]
    """
    lane = sorted(shots, key=lambda s: s.start_ms)
    runs = showings(lane)
    ladders = {src: more_views(views) for src, views in views_of.items()}
    last: dict[str, float] = {}  # each picture's scale where its last showing ended
    counts: dict[str, dict[View, int]] = {}  # each picture's views so far
    moves: dict[tuple[str, View], set[str]] = {}  # each picture's moves in each view
    out: list[Segment] = []
    for n, run in enumerate(runs):
        src = run[0].src or ""
        ladder = ladders.get(src, ())
        had = counts.setdefault(src, {})
        shot = run[0]
        fixed = not ladder or len(run) > 1 or shot.in_ms is not None or n in (0, len(runs) - 1)
        if not fixed and src in last:
            need = min(SCALE_APART, max(zoom for _, zoom in ladder) - 1.0 - 1e-6)
            if need > 0 and abs(view_of(shot)[1] - last[src]) < need:
                fits = [v for v in ladder if abs(v[1] - last[src]) >= need]
                view = min(fits, key=lambda v: (had.get(v, 0), -abs(v[1] - last[src]), ladder.index(v)))
                shot = framed(shot, view, moves.get((src, view), set()))
                meta = {k: v for k, v in shot.meta.items() if k != "move_from" or had.get(view)}
                run = [replace(shot, meta=meta)]
        for part in run:
            view = view_of(part)
            had[view] = had.get(view, 0) + 1
            moves.setdefault((src, view), set()).add(str(part.meta.get("motion", "")))
            last[src] = view[1]
        out.extend(run)
    return out
