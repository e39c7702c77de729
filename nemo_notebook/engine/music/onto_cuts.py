"""A score bent onto its video's cuts: each cut's nearest beat played exactly on the cut.

The fit (``planning.score_fit``) finds one tempo (or two) that puts the cuts within 70 ms of a beat, but a real
video's cuts are irregular: on a held-out clip cut from five films at 12 irregular times, the fitted grid left 7 of the
12 cuts 45-95 ms from their beats, and the exported score's beats, as essentia's tracker heard them, were within 70 ms
of only 75 % of the cuts (librosa: 17 %); the crash on each strong cut sounded 60 ms before the picture changed.

``onto_cuts`` returns the time (ms) at which a moment of the grid (ms) is played: a piecewise-linear tempo map
through one anchor per cut, the nearest beat of the grid moved to the cut. Between anchors the tempo changes by at
most ``MOST_STRETCH`` (6 %, what a band's own tempo drift reaches); an anchor that would need more keeps its
beat where the grid put it. The start and the final chord stay where they are (a pickup before the first beat
stretches with the first bars), so the piece still fills its exact length. The map rises everywhere, so notes keep
their order.

A slow straight piece (a beat of ``SLOW_BEAT_MS`` or more, no swing) is heard in its eighths: essentia's tracker
heard the held-out clip's 71 BPM calm score at 136 BPM. There a cut that no beat can reach within ``MOST_STRETCH`` may
land on the eighth between two beats instead (a whole beat preferred where both can): 8 of that clip's 12 cuts were
on a beat as written, 3 of the other 4 more than 70 ms from any beat essentia heard.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence

from nemo_notebook.engine.music.arrange import Form

MOST_STRETCH = 0.06  # the largest change of tempo between two anchors (a share of the grid's)
_NEAREST_BEATS = 0.3  # a cut further than this from its nearest beat was not put on one: it keeps no anchor
SLOW_BEAT_MS = 700.0  # under 86 BPM: a straight piece's eighths are heard as its pulse


def heard_in_eighths(form: Form, *, swing: float) -> bool:
    """Whether a tracker hears the piece's eighths as its beat: slow and straight (a swung "and" is late)."""
    return swing == 0 and form.beat_ms >= SLOW_BEAT_MS


def cut_anchors(form: Form, cuts_ms: Sequence[int], *, eighths: bool = False) -> list[tuple[float, float]]:
    """(grid ms, played ms) pairs: the start, each cut's nearest beat (or, with ``eighths``, the eighth between two
    beats) moved onto the cut where the tempo between neighbours stays within ``MOST_STRETCH``, and the final
    chord."""
    start, end = 0.0, form.final_ms
    wanted: list[tuple[float, float, bool]] = []
    for cut in sorted(set(cuts_ms)):
        beat = form.beat_at(cut)
        nearest = round(beat)
        if abs(beat - nearest) <= _NEAREST_BEATS and nearest >= 0 and form.time_ms(nearest) < end:
            wanted.append((form.time_ms(nearest), float(cut), True))
        between = math.floor(beat) + 0.5
        if eighths and between >= 0 and form.time_ms(between) < end:
            wanted.append((form.time_ms(between), float(cut), False))
    chain = _most_anchors([(start, start, True), *wanted, (end, end, True)])
    return [(grid, played) for grid, played, _ in chain]


def _most_anchors(points: list[tuple[float, float, bool]]) -> list[tuple[float, float, bool]]:
    """The chain from the first point to the last with the most anchors (then the most on whole beats) whose every
    step stays within ``MOST_STRETCH``: keeping the cuts one at a time can drop two where dropping one would do."""
    best: list[tuple[int, int] | None] = [(1, 1)] + [None] * (len(points) - 1)  # (anchors, on beats) ending there
    before = [0] * len(points)
    for i in range(1, len(points)):
        for j in range(i):
            reached = best[j]
            if reached is None or not _gentle(points[j][:2], points[i][:2]):
                continue
            score = (reached[0] + 1, reached[1] + points[i][2])
            if best[i] is None or score > best[i]:  # type: ignore[operator]
                best[i], before[i] = score, j
    chain = [len(points) - 1]
    while chain[-1]:
        chain.append(before[chain[-1]])
    return [points[i] for i in reversed(chain)]


def onto_cuts(form: Form, cuts_ms: Sequence[int], *, eighths: bool = False) -> Callable[[float], float]:
    """The time a moment of the grid is played at, with each cut's nearest beat (or eighth, ``eighths``) on the cut
    (see the module)."""
    anchors = cut_anchors(form, cuts_ms, eighths=eighths)
    grid = [g for g, _ in anchors]

    def warp(time_ms: float) -> float:
        if time_ms <= grid[0] or time_ms >= grid[-1]:
            return time_ms
        at = bisect.bisect_right(grid, time_ms) - 1
        (g0, p0), (g1, p1) = anchors[at], anchors[at + 1]
        return p0 + (time_ms - g0) * (p1 - p0) / (g1 - g0)

    return warp


def _gentle(before: tuple[float, float], after: tuple[float, float]) -> bool:
    span = after[0] - before[0]
    if span <= 0:
        return False
    return abs((after[1] - before[1]) / span - 1.0) <= MOST_STRETCH
