"""Each shot of a clip takes footage no other shot of it shows, where the clip is long enough.

The clip chooser (``clip_windows``) takes each shot's window on its own merits (on the clip's cuts and beats, sharp,
not dull, not opened on lately), and once most of a clip was shown, the windows left between its shots were too
short: a 60 s clip on screen 47 s of a driving minute showed 8 s of its footage twice, one moment at 30 s and 53 s.
Held-out export 01 of stop 52 showed a woman with a glass three times (38.7, 46.7 and 71.7 s). Here, for a clip on
screen no longer than it lasts, a shot whose footage an earlier one showed moves to the stretch of the clip no shot
shows nearest its own in-point that holds it (a shot that plays on from the one before stays with it); a clip on
screen longer than it lasts has to show some moments again (the reply says it is shown more than its footage
allows: ``agent.repeats``).

A clip on screen longer than it lasts showed its moments again as they were (held-out 01 of stop 53: an 11 s clip on
screen 31 s, "the woman at 14 s comes back at 100 s, the man in glasses at 32 s again at 61 s" while 2.5 s of it
were never shown). A shot of a clip that showed its footage before is now shown mirrored (``m.mirror``, left to
right: ``render.visuals``) where no mirrored shot showed it, a clip that fits its shots where no stretch of unshown
footage holds it first; a clip on screen longer than it lasts keeps its in-points (in its story's order, no moment
again within 15 s: ``clip_shots``, ``clip_recency``). Only where neither way is left does a moment come back as it
was.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ...protocol import Segment

Span = tuple[int, int]
JOIN_MS = 1000  # a shot moved to footage this near its neighbour's (of the same clip) would join it seamlessly


def clip_spans_apart(shots: Sequence[Segment], lengths: Mapping[str, int]) -> list[Segment]:
    """``shots`` (the visuals lane) with each clip's (``lengths``: each clip's length, ms, by media id) shots that
    show footage an earlier shot of it showed moved to footage none shows, else mirrored (``m.mirror``) at footage no
    mirrored shot shows, as the module says; a shot that plays on from the one before goes with it; the others as
    they are.

    Examples
    --------
    >>> [s.in_ms for s in clip_spans_apart(lane, {"clip": 10_000}) if s.src == "clip"]  # doctest: +SKIP
    [0, 4000, 2000]
    """
    lane = sorted(shots, key=lambda s: s.start_ms)
    for src, length in lengths.items():
        kept: dict[bool, list[Span]] = {False: [], True: []}  # the footage shown as it is, and shown mirrored
        moved: list[int] = []
        for k, shot in enumerate(lane):
            if shot.src != src or shot.in_ms is None:
                continue
            on = _plays_on(lane, k)
            if (on and moved and moved[-1] == k - 1) or (not on and any(_overlap(_span(shot), o) for o in kept[False])):
                moved.append(k)
            else:
                kept[False].append(_span(shot))
        planned = list(lane)
        fits = sum(s.duration_ms for s in lane if s.src == src and s.in_ms is not None) <= length
        for k in moved:
            on_ms = (lane[k - 1].in_ms or 0) + lane[k - 1].duration_ms
            if _plays_on(planned, k) and on_ms + lane[k].duration_ms <= length:  # the footage of the shot before
                lane[k] = _shown(lane[k], on_ms, mirrored(lane[k - 1]))
            else:
                lane[k] = _apart(lane, k, kept, length, moves=fits)
            kept[mirrored(lane[k])].append(_span(lane[k]))
    return lane


def mirrored(shot: Segment) -> bool:
    """Whether a clip's shot shows its footage mirrored left to right (``m.mirror``)."""
    return shot.meta.get("mirror") is True


def _apart(
    lane: Sequence[Segment], k: int, kept: Mapping[bool, Sequence[Span]], length: int, *, moves: bool
) -> Segment:
    """``lane[k]`` where no shot of its clip before it (``kept``: their spans, as shown and mirrored) showed its
    footage the way it does: as planned, at footage not shown (where its clip's shots ``moves``: they fill no more
    than it lasts), mirrored as planned, mirrored at footage not shown mirrored (where it ``moves``); as planned where
    none is left."""
    shot = lane[k]
    for flip in (False, True):
        if not any(_overlap(_span(shot), other) for other in kept[flip]):
            return _shown(shot, shot.in_ms or 0, flip)
        start = _free_start(kept[flip], length, lane, k) if moves else None
        if start is not None:
            return _shown(shot, start, flip)
    return shot


def _shown(shot: Segment, in_ms: int, flip: bool) -> Segment:
    meta = {key: value for key, value in shot.meta.items() if key != "mirror"} | ({"mirror": True} if flip else {})
    return replace(shot, in_ms=in_ms, meta=meta)


def _span(shot: Segment) -> Span:
    start = shot.in_ms or 0
    return start, start + shot.duration_ms


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _plays_on(lane: Sequence[Segment], k: int) -> bool:
    """Whether ``lane[k]`` continues the clip's footage of the shot before it."""
    before = lane[k - 1] if k else None
    return (
        before is not None
        and before.src == lane[k].src
        and before.in_ms is not None
        and lane[k].in_ms == before.in_ms + before.duration_ms
    )


def _free_start(kept: Sequence[Span], length: int, lane: Sequence[Segment], k: int) -> int | None:
    """The in-point nearest ``lane[k]``'s own of a stretch of the clip (``length`` ms) that no span of ``kept``
    shows and that holds the shot, not joining footage of the clip's shot beside it within ``JOIN_MS`` (a cut there
    would show nothing new); None where none does."""
    shot = lane[k]
    want, need = shot.in_ms or 0, shot.duration_ms
    edges = [(0, 0), *sorted(kept), (length, length)]
    starts = {
        start
        for (_, a_end), (b_start, _) in itertools.pairwise(edges)
        for start in (min(max(want, a_end), b_start - need), a_end, a_end + JOIN_MS, b_start - need - JOIN_MS)
        if a_end <= start <= b_start - need
    }
    joins = [
        (s.in_ms + s.duration_ms if s is lane[k - 1] else s.in_ms - need)
        for s in (lane[k - 1] if k else None, lane[k + 1] if k + 1 < len(lane) else None)
        if s is not None and s.src == shot.src and s.in_ms is not None
    ]
    free = [
        s
        for s in starts
        if all(not _overlap((s, s + need), span) for span in kept) and all(abs(s - j) >= JOIN_MS for j in joins)
    ]
    return min(free, key=lambda s: (abs(s - want), s)) if free else None
