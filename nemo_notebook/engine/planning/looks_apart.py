"""No return of a picture in a look an earlier showing of it had, where it has a look left: a last pass over a
montage's stills, after every pass that moves showings about.

``views_apart`` deals each picture's returns views it has not shown, but it runs before ``loop_free``, which moves
showings about (and so which showing of a picture comes first). Under a driving 156 BPM song with seven photos of
held-out 01's sizes and two clips, 2 of 7 returns in one look (seed 1) were of pictures with a near view none of
their showings before had had. A blind reviewer of held-out 01 (stop 68) found returns in one view with another
move at frame correlations of 0.97-0.99: another move of one view is no other look. Here a look is a framing and
its zoom (``same_look``: one framing within ``ZOOM_APART``); in time order, a picture's shot in a look an earlier
showing of it had takes one of its ladder (``views_apart.more_views``) none had: of its own framing where one is
left (the framings the reframes dealt keep theirs), else, for a whole picture shown on its own, of a framing the
picture shows at least two times fewer (so that none then comes more often); the farthest in zoom from its
showing before. The opening and the last showing keep theirs (held whole on purpose: the last may rhyme with the
first). A picture with no look left (one with no near view: held-out 01's orange/lime, Messi, grass) keeps its
view: fewer returns of it is the material's and the shot order's choice, not this pass's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence

from ...protocol import MediaInfo, MediaKind, Segment
from ...protocol.showings import showings
from .holds import held_framings
from .views_apart import View, framed, more_views, view_of

ZOOM_APART = 0.2  # two views of one framing nearer in zoom than this look alike (1.55 and 1.4: corr 0.98)


def same_look(a: View, b: View) -> bool:
    """Whether two views of a picture look alike: one framing, zooms within ``ZOOM_APART``.

    >>> same_look(("detail", 1.55), ("detail", 1.4)), same_look(("close", 1.5), ("close", 1.25))
    (True, False)
    """
    return a[0] == b[0] and abs(a[1] - b[1]) < ZOOM_APART


def looks_apart(shots: Sequence[Segment], views_of: Mapping[str, Sequence[View]]) -> list[Segment]:
    """``shots`` (the visuals lane) with each shot of a picture (media ids in ``views_of``: their framings) that
    repeats the look of an earlier showing of it put in a look none had, where its ladder has one, as the module
    says."""
    ladders = {src: ladder for src, views in views_of.items() if (ladder := more_views(views))}
    lane = sorted(shots, key=lambda s: s.start_ms)
    runs = showings(lane)
    run_of = [n for n, run in enumerate(runs) for _ in run]
    seen: dict[str, list[tuple[int, View]]] = {}  # each picture's looks so far, with the showing that had them
    for k, shot in enumerate(lane):
        src = shot.src or ""
        n, had = run_of[k], seen.setdefault(src, [])
        earlier = [v for m, v in had if m < n]
        if src in ladders and 0 < n < len(runs) - 1 and any(same_look(view_of(shot), v) for v in earlier):
            fresh = [v for v in ladders[src] if not any(same_look(v, e) for e in earlier)]
            fits = [v for v in fresh if v[0] == view_of(shot)[0]]
            if not fits and len(runs[n]) == 1 and "framing" not in shot.meta:  # a whole picture on its own: a
                names = Counter(view_of(s)[0] for s in lane if s.src == src)  # framing it shows less, none then
                fits = [v for v in fresh if names[v[0]] < names[view_of(shot)[0]] - 1]  # shown more often
            if fits:
                look = max(fits, key=lambda v: abs(v[1] - earlier[-1][1]))
                moved = {str(s.meta.get("motion")) for s in lane[:k] if s.src == src and same_look(view_of(s), look)}
                lane[k] = shot = framed(shot, look, moved)
        had.append((n, view_of(shot)))
    return lane


def looks_apart_of(shots: Sequence[Segment], visuals: Sequence[tuple[MediaInfo, object]], aspect: str,
                   coarse: Collection[str]) -> list[Segment]:  # fmt: skip
    """``looks_apart`` for the visuals lane of ``visuals`` in a frame of ``aspect`` (``coarse``: the ids of pictures
    not cut to nearer views of themselves)."""
    fine = {i.id: held_framings(i, aspect) for i, _ in visuals if i.kind == MediaKind.IMAGE and i.id not in coarse}
    return looks_apart(shots, fine)
