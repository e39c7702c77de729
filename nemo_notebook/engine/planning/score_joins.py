"""A score for clips joined one after another: the joins are the video's biggest changes, so its music changes there.

``joins_of`` finds them; ``seen_cuts`` drops a cut a viewer cannot see (a few frames from a clip's first or last
frame, where the join is the change seen); ``joins_on_bar_lines`` offers ``score_fit`` one-tempo grids with the first
and the last join on bar lines; ``burst_starts`` adds a section where a long shot wakes up (a hand reaching in). A score for joined clips keeps one tempo (no change, no bend onto its cuts): on
held-out 07 (three clips, "an upbeat background track for my travel video") the fit changed from 131.6 to 125.6 BPM
at 6.5 s to land the first clip's cuts under its dialogue; a reviewer heard the groove slow down and found the reply's
"132 BPM" true of 5 s of a 71 s track.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from ..analysis.types import VideoAnalysis
from .sync import BeatGrid

UNSEEN_MS = 300  # a cut this close to a clip's first or last frame is not seen as one
BURST_RATIO = 2.5  # a picture this many times livelier than the stretch before it starts a section
_BURST_FROM_BARS = 8  # a stretch this long or longer may hold a burst (four bars before it at least)


def joins_of(analyses: Sequence[VideoAnalysis]) -> tuple[int, ...]:
    """Where each clip after the first starts (ms): the joins, the video's biggest changes."""
    starts = [0]
    for analysis in analyses:
        starts.append(starts[-1] + analysis.duration_ms)
    return tuple(starts[1:-1])


def seen_cuts(
    cuts: list[int], strengths: list[float], duration: int, joins: tuple[int, ...]
) -> tuple[list[int], list[float], int]:
    """The cuts a viewer sees: none within ``UNSEEN_MS`` of a clip's first or last frame, where the join (or the
    start, or the end) is the change seen (held-out 07: a cut 83 ms into the first clip, reported as a sixth cut)."""
    edges = (0, *joins, duration)
    kept = [(c, s) for c, s in zip(cuts, strengths, strict=True)
            if c in joins or min(abs(c - e) for e in edges) >= UNSEEN_MS]  # fmt: skip
    return [c for c, _ in kept], [s for _, s in kept], duration


def joins_on_bar_lines(joins: tuple[int, ...], span: tuple[float, float], cuts: int) -> list[BeatGrid]:
    """One-tempo grids in ``span`` (BPM) with the first and the last join on bar lines, a whole number of bars apart:
    the music's sections change with the clips, and no tempo change is needed to land them."""
    if len(joins) < 2:
        return []
    length = joins[-1] - joins[0]
    low, high = math.ceil(span[0] * length / 240_000), math.floor(span[1] * length / 240_000)
    found = []
    for bars in range(max(1, low), high + 1):
        tempo = round(240_000.0 * bars / length, 3)
        phase = round(joins[0] % (240_000.0 / tempo))
        found.append(BeatGrid(tempo, phase, 4, 0, cuts))
    return found


def burst_starts(starts: tuple[int, ...], downbeats: Sequence[int], footage: VideoAnalysis) -> tuple[int, ...]:
    """``starts`` (ms, on ``downbeats``) and, in each stretch between them of ``_BURST_FROM_BARS`` or more, the
    first downbeat where the picture wakes up: the motion over the next bar at least ``BURST_RATIO`` times the
    stretch's so far and above the video's mean (held-out 07: a hand reaching into a still shot 23 s long, 35 s in,
    got nothing from the music)."""
    motion, hop = footage.motion, footage.hop_ms
    if not motion or hop <= 0 or len(downbeats) < 2 * _BURST_FROM_BARS:
        return starts

    def mean(begin: float, end: float) -> float:
        window = motion[int(begin // hop) : max(int(end // hop), int(begin // hop) + 1)]
        return sum(window) / len(window) if window else 0.0

    overall = sum(motion) / len(motion)
    edges = sorted({0, *(b for b, at in enumerate(downbeats) if at in starts), len(downbeats) - 1})
    found = []
    for first, last in itertools.pairwise(edges):
        if last - first < _BURST_FROM_BARS:
            continue
        for bar in range(first + _BURST_FROM_BARS // 2, last - 1):  # the first bar much livelier than before it
            after = mean(downbeats[bar], downbeats[bar + 1])
            if after >= BURST_RATIO * mean(downbeats[first], downbeats[bar]) and after > overall:
                found.append(downbeats[bar])
                break
    return tuple(sorted({*starts, *found}))
