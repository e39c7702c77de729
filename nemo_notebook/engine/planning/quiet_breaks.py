"""A quiet break in driving music is held: one picture (or two) over it, not quick cuts.

Held-out 01 of stop 53 (a 156 BPM pop-rock song whose breakdown at 41-49 s falls from -10.4 to -15 LUFS) cut to a
clip's 6 s shot over it, whose own cuts (43.7, 44.4, 46.7, 48.7 s) came where the music drops, "the pacing works
against the song there" to a blind reviewer; a painting held 42.1-49.8 s "suits the music". Here a stretch of the
song ``BREAK_DB`` or more under its body (the median of its energy, each value a second's mean), ``DEEP_DB`` at its
quietest, ``BREAK_MS`` to ``LONGEST_BREAK_MS`` long, between its first and last loud seconds (a quiet intro and outro have their own plans: ``quiet_intro``,
``song_ending``), is a break; the shots that begin in it become one hold of a picture among them (the longest shown,
not a weak one, not the picture beside the hold), or two where one would last over ``MAX_HOLD_MS``.
"""

from __future__ import annotations

import itertools
import statistics
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
MAX_HOLD_MS = 8000  # a hold over a break lasts this long at most
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


def held_over_breaks(shots: Sequence[Segment], breaks: Sequence[Span], pictures: Collection[str]) -> list[Segment]:
    """``shots`` (the visuals lane) with the shots that begin in each of ``breaks`` joined into holds of one of
    ``pictures`` (media ids: the pictures that may be held, not weak ones) among them, each ``MAX_HOLD_MS`` at most;
    a run with no such picture, or only the picture of the shot before or after it, stays as it is."""
    lane = sorted(shots, key=lambda s: s.start_ms)
    for start, end in breaks:
        inside = [k for k, s in enumerate(lane) if start <= s.start_ms < end]
        for run in reversed(_runs(lane, inside)):
            lane = _held(lane, run, pictures)
    return lane


def _runs(lane: Sequence[Segment], inside: Sequence[int]) -> list[list[int]]:
    """``inside`` (indices of shots in a row) in runs of shots lasting ``MAX_HOLD_MS`` at most together."""
    runs: list[list[int]] = []
    for k in inside:
        if runs and lane[k].end_ms - lane[runs[-1][0]].start_ms <= MAX_HOLD_MS:
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _held(lane: list[Segment], run: Sequence[int], pictures: Collection[str]) -> list[Segment]:
    if len(run) < 2:
        return lane
    first, last = run[0], run[-1]
    beside = {
        s.src for s in (lane[first - 1] if first else None, lane[last + 1] if last + 1 < len(lane) else None) if s
    }
    held = [k for k in run if lane[k].src in pictures and lane[k].src not in beside and lane[k].in_ms is None]
    if not held:
        return lane
    chosen = lane[max(held, key=lambda k: lane[k].duration_ms)]
    meta = {key: value for key, value in chosen.meta.items() if key not in NEARER_KEYS and key not in ENTRY_KEYS}
    meta |= {key: value for key, value in lane[first].meta.items() if key in ENTRY_KEYS}
    hold = replace(
        chosen, start_ms=lane[first].start_ms, duration_ms=lane[last].end_ms - lane[first].start_ms, meta=meta
    )
    return [*lane[:first], hold, *lane[last + 1 :]]
