"""Each shot of a clip takes footage no other shot of it shows, where the clip is long enough.

The clip chooser (``clip_windows``) takes each shot's window on its own merits (on the clip's cuts and beats, sharp,
not dull, not opened on lately), and once most of a clip was shown, the windows left between its shots were too
short: a 60 s clip on screen 47 s of a driving minute showed 8 s of its footage twice, one moment at 30 s and 53 s.
Held-out export 01 of stop 52 showed a woman with a glass three times (38.7, 46.7 and 71.7 s). Here, for a clip on
screen no longer than it lasts, a shot whose footage an earlier one showed moves to the stretch of the clip no shot
shows nearest its own in-point that holds it (a shot that plays on from the one before stays with it); a clip on
screen longer than it lasts has to show some moments again (the reply says it is shown more than its footage
allows: ``agent.repeats``).
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
    show footage an earlier shot of it showed moved to footage none shows, where its shots fill no more than it
    lasts and a stretch that long is free; the others as they are.

    Examples
    --------
    >>> [s.in_ms for s in clip_spans_apart(lane, {"clip": 10_000}) if s.src == "clip"]  # doctest: +SKIP
    [0, 4000, 2000]
    """
    lane = sorted(shots, key=lambda s: s.start_ms)
    for src, length in lengths.items():
        mine = [k for k, s in enumerate(lane) if s.src == src and s.in_ms is not None]
        if sum(lane[k].duration_ms for k in mine) > length:
            continue
        kept: list[Span] = []
        moved: list[int] = []
        for k in mine:
            span = _span(lane[k])
            if any(_overlap(span, other) for other in kept) and not _plays_on(lane, k):
                moved.append(k)
            else:
                kept.append(span)
        for k in moved:
            start = _free_start(kept, length, lane, k)
            if start is None:
                continue
            lane[k] = replace(lane[k], in_ms=start)
            kept.append(_span(lane[k]))
    return lane


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
