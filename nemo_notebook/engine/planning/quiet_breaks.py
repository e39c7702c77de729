"""A quiet break in driving music is held: one picture (or two) over it, not quick cuts.

Held-out 01 of stop 53 (a 156 BPM pop-rock song whose breakdown at 41-49 s falls from -10.4 to -15 LUFS) cut to a
clip's 6 s shot over it, whose own cuts (43.7, 44.4, 46.7, 48.7 s) came where the music drops, "the pacing works
against the song there" to a blind reviewer; a painting held 42.1-49.8 s "suits the music". Here a stretch of the
song ``BREAK_DB`` or more under its body (the median of its energy, each value a second's mean), ``DEEP_DB`` at its
quietest, ``BREAK_MS`` to ``LONGEST_BREAK_MS`` long, between its first and last loud seconds (a quiet intro and outro have their own plans: ``quiet_intro``,
``song_ending``), is a break; the shots that begin in it become slower shots of pictures, cut on bar lines, none longer than
``HOLD_BARS`` bars (and a beat's slack): held-out 01 of stop 54 held one painting 42.1-49.8 s, "the longest shot in a
fast song, and it stalls the video ... cap a still at about 2 bars" (a blind reviewer). The pictures are the shots'
own (the longest shown first, not a weak one, not the picture beside the break), then the strong pictures shown
least, taken in turn, so that two shots side by side are of different pictures where there are two.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace

from ...protocol import Segment
from ..analysis.character import character
from ..analysis.types import ENERGY_RANGE_DB, AudioAnalysis
from .cutting import drive_of, mean_energy

Span = tuple[int, int]
BREAK_DB = 2.0  # a break is this far under the body of the song
DEEP_DB = 5.0  # and its quietest second this far under it (held-out 01: 6.3 dB; 4 dB is a song "a little less loud")
BREAK_MS = 3000  # and lasts this long at least (2 bars at 156 BPM)
LONGEST_BREAK_MS = 12_000  # a quiet stretch longer than this is a section of its own (a verse), cut at its pace
STEP_MS = 500  # the energy is read a second at a time, every this long
HOLD_BARS = 2  # a shot over a break lasts this many bars at most (a beat more where the bars fall so)
NEARER_KEYS = frozenset({"framing", "zoom", "reframe"})  # a held picture is shown whole
ENTRY_KEYS = ("transition_in", "transition_ms")  # how the hold comes in: as its run's first shot did


def quiet_breaks_ms(analysis: AudioAnalysis, duration_ms: int) -> list[Span]:
    """The stretches (start, end ms) of driving music ``BREAK_DB`` or more under its body, as the module says.

    Examples
    --------
    >>> quiet_breaks_ms(pop_rock_with_a_breakdown, 107_692)  # doctest: +SKIP
    [(40000, 46500)]
    """
    if not analysis.energy or character(drive_of(analysis)) != "driving":
        return []
    times = list(range(0, max(duration_ms - 1000, 0), STEP_MS))
    levels = [mean_energy(analysis, t, t + 1000) for t in times]
    if not levels:
        return []
    floor = statistics.median(levels) - BREAK_DB / ENERGY_RANGE_DB
    loud = [t for t, level in zip(times, levels, strict=True) if level > floor]
    if not loud:
        return []
    quiet = [loud[0] < t < loud[-1] and level <= floor for t, level in zip(times, levels, strict=True)]
    deep = statistics.median(levels) - DEEP_DB / ENERGY_RANGE_DB
    spans: list[Span] = []
    for is_quiet, run in itertools.groupby(zip(times, quiet, levels, strict=True), key=lambda tq: tq[1]):
        found = list(run)
        span = (found[0][0], found[-1][0] + 1000)
        if is_quiet and BREAK_MS <= span[1] - span[0] <= LONGEST_BREAK_MS and min(lv for *_, lv in found) <= deep:
            spans.append(span)
    return spans


def held_over_breaks(
    shots: Sequence[Segment], analysis: AudioAnalysis, duration_ms: int, pictures: Collection[str]
) -> list[Segment]:
    """``shots`` (the visuals lane) with the shots that begin in each break of the music (``quiet_breaks_ms``) made
    into shots of ``pictures`` (media ids: the pictures that may be held, not weak ones), cut on its downbeats, each
    ``HOLD_BARS`` bars at most (and a beat's slack); a run of one shot, or with no such picture to show, stays."""
    lane = sorted(shots, key=lambda s: s.start_ms)
    bar_ms = 60_000 / max(analysis.tempo_bpm, 1) * analysis.beats_per_bar
    for start, end in quiet_breaks_ms(analysis, duration_ms):
        inside = [k for k, s in enumerate(lane) if start <= s.start_ms < end]
        if len(inside) >= 2:
            lane = _held(lane, inside, pictures, analysis.downbeats_ms, bar_ms)
    return lane


def held_cuts_ms(start_ms: int, end_ms: int, downbeats_ms: Sequence[int], bar_ms: float) -> list[int]:
    """Where a held stretch from ``start_ms`` to ``end_ms`` is cut: on downbeats, as few parts as keep each within
    ``HOLD_BARS`` bars and a beat (``bar_ms`` a bar, 4 beats), none under a bar, as even as the bars allow and, where
    they cannot be even, the shorter parts last (held first, then cut back into the loud part: a 5-bar stretch held
    2, 1, 2 bars showed a 1-bar shot inside the break, as short as the loud parts' own).

    >>> held_cuts_ms(0, 7700, [1540 * k for k in range(8)], 1540.0)
    [3080, 6160]
    """
    longest = HOLD_BARS * bar_ms + bar_ms / 4
    inner = [d for d in sorted(downbeats_ms) if start_ms + bar_ms * 0.75 <= d <= end_ms - bar_ms * 0.75]
    parts = max(1, math.ceil((end_ms - start_ms) / longest))
    while parts <= len(inner) + 1:
        fits = [
            list(cuts)
            for cuts in itertools.combinations(inner, parts - 1)
            if all(b - a <= longest for a, b in itertools.pairwise([start_ms, *cuts, end_ms]))
        ]
        if fits:
            return min(fits, key=lambda cuts: _evenness([start_ms, *cuts, end_ms]))
        parts += 1
    return inner  # every bar line: downbeats further apart than the bars say


def _evenness(edges: Sequence[int]) -> tuple[int, tuple[int, ...]]:
    """How a cut stretch ranks (lower first): the spread of its parts' lengths, then the longer parts first."""
    lengths = [b - a for a, b in itertools.pairwise(edges)]
    return max(lengths) - min(lengths), tuple(-n for n in lengths)


def _held(
    lane: list[Segment], run: Sequence[int], pictures: Collection[str], downbeats_ms: Sequence[int], bar_ms: float
) -> list[Segment]:
    first, last = run[0], run[-1]
    beside = {
        s.src for s in (lane[first - 1] if first else None, lane[last + 1] if last + 1 < len(lane) else None) if s
    }
    own = [lane[k] for k in sorted(run, key=lambda k: -lane[k].duration_ms)]
    shown = Counter(s.src for s in lane)
    rest = sorted(
        (s for k, s in enumerate(lane) if k not in run), key=lambda s: (shown[s.src], s.start_ms)
    )  # the pictures shown least first
    choices: dict[str, Segment] = {}
    for s in (*own, *rest):
        if s.src in pictures and s.src not in beside and s.in_ms is None and s.src is not None:
            choices.setdefault(s.src, s)
    if not choices:
        return lane
    start, end = lane[first].start_ms, lane[last].end_ms
    edges = [start, *held_cuts_ms(start, end, downbeats_ms, bar_ms), end]
    chosen = list(choices.values())
    held = []
    for k, (a, b) in enumerate(itertools.pairwise(edges)):
        shot = chosen[k % len(chosen)]
        meta = {key: value for key, value in shot.meta.items() if key not in NEARER_KEYS and key not in ENTRY_KEYS}
        if k == 0:  # the first comes in as the run's first shot did; the others are cut to on the bar
            meta |= {key: value for key, value in lane[first].meta.items() if key in ENTRY_KEYS}
        held.append(replace(shot, start_ms=a, duration_ms=b - a, meta=meta))
    return [*lane[:first], *held, *lane[last + 1 :]]
