"""A song cut to a length, musically: the parts of it to play, in order, joined on downbeats, with its hook kept.

A shorter version of a song is made the way an editor makes a radio edit: few joins, each on a downbeat (at a
section's start or a phrase's, every four bars counted from one, where the song allows), the same loudness on both
sides of a join, the chorus or drop kept, and an ending that ends: the song's own last bars where they fit, else a
part cut on a downbeat plus what the target still asks for, which the video's fade takes out.

Every candidate edit of the shapes an editor uses is scored and the best kept: the song's start then the rest from
some downbeat on; the start, the hook, then the song's end; or one part (from the hook, or ending with the song).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from ..analysis.types import AudioAnalysis
from .cutting import beat_grid_ms, beat_length_ms, loudest_section, mean_energy, section_cuts_ms
from .edit_fade import faded_at_a_cut

Span = tuple[int, int]

PHRASE_BARS = 4
HOOK_BARS = 8  # a song with one section: its hook is its loudest eight bars
MIN_SPAN_BARS = 2  # a part shorter than this sounds like a stutter, not a part of the song
JOIN_COST = 0.5  # each join, against the hook lost (2.0: all of it) or a second of length off
HOOK_COST = 2.0  # the whole hook lost
POINT_COST = {"section": 0.0, "phrase": 0.25, "bar": 0.75}
ENERGY_COST = 2.0  # per unit of energy between the bar before a join and the bar after it
CUT_ENDING_COST = 0.5  # the song's own ending is better than a fade
LATE_START_COST = 1.5  # the song's own start is better than starting in its middle
CUT_OFF_TAIL_MS = 500  # a file whose last half second is still this loud (``energy``, 1 at the loud passages, 0 at 40
CUT_OFF_ENERGY = 0.6  # dB under them) stops mid-phrase: of 18 recordings, three files cut off at 2:08 and 4:00 read
# 0.88-0.93 there, the songs that end (a fade, a last chord ringing out, a final hit) 0.00-0.40


@dataclass(frozen=True)
class SongEdit:
    """The parts of the song to play, in order (``spans``: (in, out) ms of the song), and whether the last part is
    the song's own ending (else the video fades it out)."""

    spans: tuple[Span, ...]
    ends_with_song: bool

    @property
    def duration_ms(self) -> int:
        return sum(out - start for start, out in self.spans)

    @property
    def joins_ms(self) -> tuple[int, ...]:
        """Where each join falls on the edited timeline (ms)."""
        return tuple(itertools.accumulate(out - start for start, out in self.spans[:-1]))


@dataclass(frozen=True)
class _Points:
    """The song's downbeats (ms) and what each one starts: a section, a phrase or only a bar."""

    downbeats: tuple[int, ...]
    kinds: dict[int, str]
    bar_ms: float
    beat_ms: float
    duration_ms: int
    ending: bool = True  # whether the file's end is the song's ending (not a file cut off mid-phrase)


def hook_span(analysis: AudioAnalysis) -> Span:
    """(start, end) ms of the song's hook: its loudest section (the chorus or the drop) moved to the downbeats
    nearest its edges, or where the song has one section, its loudest eight bars from a phrase's start.

    Examples
    --------
    >>> hook_span(analysis_of_a_song)  # doctest: +SKIP
    (47040, 62080)
    """
    points = _points(analysis)
    whole_end = _whole_sections_end(analysis, points)
    loudest = loudest_section(analysis, whole_end)
    if loudest is not None and len(points.downbeats) > 1:
        start, end = (_nearest(points.downbeats, t) for t in loudest)
        end = analysis.duration_ms if loudest[1] >= analysis.duration_ms else end
        if end > start:
            return start, end
    starts = [d for d in points.downbeats if points.kinds[d] != "bar"] or [0]
    length = round(HOOK_BARS * points.bar_ms)
    starts = [d for d in starts if d + length <= whole_end] or starts

    def loudness(start: int) -> float:
        return mean_energy(analysis, start, min(start + length, analysis.duration_ms))

    best = max(starts, key=loudness)
    return best, min(best + length, analysis.duration_ms)


def song_edit(analysis: AudioAnalysis, target_ms: int) -> SongEdit:
    """The parts of the song to play for a version ``target_ms`` long: joins on downbeats, the hook kept where it
    fits, the total within a beat of the target (exact unless the song's own ending is kept).

    Parameters
    ----------
    analysis : the song's beats, downbeats, sections and energy.
    target_ms : the length of the version; at the song's length or longer, the whole song.

    Examples
    --------
    >>> song_edit(analysis_of_a_song, 30000).spans  # doctest: +SKIP
    ((0, 15040), (47040, 62000))
    """
    points = _points(analysis)
    if target_ms >= analysis.duration_ms - points.beat_ms or len(points.downbeats) < 2:
        whole = target_ms >= analysis.duration_ms and points.ending
        return SongEdit(((0, min(target_ms, analysis.duration_ms)),), whole)
    hook = hook_span(analysis)
    candidates = _candidates(points, hook, target_ms)
    return min(candidates, key=lambda edit: _cost(edit, analysis, points, hook, target_ms))


def short_edit(analysis: AudioAnalysis, target_ms: int) -> SongEdit:
    """The parts of the song a short plays (a vertical clip for TikTok, Reels or Shorts): from the hook's first
    downbeat (or the downbeat a bar before it, a pickup into it) on, then where the length asks for it a join on a
    downbeat to the song's ending. A hook too near the end for that is played in one part from an earlier
    downbeat; as ``song_edit`` where nothing of that fits.

    Examples
    --------
    >>> short_edit(analysis_of_a_song, 15000).spans  # doctest: +SKIP
    ((47040, 62040),)
    """
    points = _points(analysis)
    if target_ms >= analysis.duration_ms - points.beat_ms or len(points.downbeats) < 2:
        return song_edit(analysis, target_ms)
    hook = hook_span(analysis)
    pickup = [d for d in points.downbeats if hook[0] - 1.5 * points.bar_ms < d < hook[0]]
    out: list[SongEdit | None] = []
    for start in (hook[0], *pickup[-1:]):
        out.append(_with_tail([], start, target_ms, points))
        for a in points.downbeats[bisect.bisect_right(points.downbeats, start) :]:
            if a - start >= target_ms:
                break
            for d in points.downbeats[bisect.bisect_right(points.downbeats, a) :]:
                out.append(_with_tail([(start, a)], d, target_ms - (a - start), points))
    edits = [e for e in out if e is not None and abs(e.duration_ms - target_ms) <= points.beat_ms]
    if not edits:  # the hook near the end: one part from an earlier downbeat, to the song's end where it can
        tails = (_with_tail([], d, target_ms, points) for d in points.downbeats if d < hook[0])
        edits = [e for e in tails if e is not None and abs(e.duration_ms - target_ms) <= points.beat_ms]
    if not edits:
        return song_edit(analysis, target_ms)
    return min(edits, key=lambda edit: _cost(edit, analysis, points, hook, target_ms))


def _candidates(points: _Points, hook: Span, target_ms: int) -> list[SongEdit]:
    """Edits of the shapes an editor uses, each within a beat of the target: one part (from the start, the hook or
    any downbeat), the start and the rest from a downbeat on, the start, the hook and the rest."""
    end = points.duration_ms
    out = [_with_tail([], start, target_ms, points) for start in (0, *points.downbeats)]
    for a in points.downbeats:
        if a >= target_ms:
            break
        for b in points.downbeats[bisect.bisect_right(points.downbeats, a) :]:
            out.append(_with_tail([(0, a)], b, target_ms - a, points))
        if a <= hook[0] and a + hook[1] - hook[0] < target_ms:
            for d in points.downbeats[bisect.bisect_right(points.downbeats, hook[1]) :]:
                out.append(_with_tail([(0, a), hook], d, target_ms - a - (hook[1] - hook[0]), points))
    edits = [edit for edit in out if edit is not None and abs(edit.duration_ms - target_ms) <= points.beat_ms]
    return edits or [SongEdit(((0, min(target_ms, end)),), False)]


def _with_tail(spans: list[Span], start: int, left_ms: int, points: _Points) -> SongEdit | None:
    """``spans`` and a last part from ``start``: ``left_ms`` long, or to the song's end where that is within a beat
    of it; None where the song ends too soon or a part would be too short. A file cut off mid-phrase has no ending
    to keep: its last part stops a bar before the cut, at the latest, and is faded out."""
    end = points.duration_ms
    shortest = MIN_SPAN_BARS * points.bar_ms
    if any(out - a < shortest for a, out in spans[1:]) or (spans and spans[0][1] < shortest):
        return None
    if points.ending and abs(end - start - left_ms) <= points.beat_ms and end - start >= shortest:
        return SongEdit((*spans, (start, end)), True)
    last = end - (points.beat_ms if points.ending else points.bar_ms)
    if start + left_ms > last or left_ms < shortest:
        return None
    return SongEdit((*spans, (start, start + left_ms)), False)


def _cost(edit: SongEdit, analysis: AudioAnalysis, points: _Points, hook: Span, target_ms: int) -> float:
    """Lower is better: joins, where they fall, the loudness jump at each, the hook lost, the ending, the start."""
    cost = CUT_ENDING_COST * (not edit.ends_with_song) + LATE_START_COST * (edit.spans[0][0] > 0)
    cost += abs(edit.duration_ms - target_ms) / 1000
    kept = sum(max(0, min(out, hook[1]) - max(start, hook[0])) for start, out in edit.spans)
    cost += HOOK_COST * (1 - kept / max(min(hook[1] - hook[0], target_ms), 1))
    bar = round(points.bar_ms)
    for (_, out), (start, _) in itertools.pairwise(edit.spans):
        cost += JOIN_COST + POINT_COST[points.kinds.get(out, "bar")] + POINT_COST[points.kinds.get(start, "bar")]
        before, after = mean_energy(analysis, out - bar, out), mean_energy(analysis, start, start + bar)
        cost += ENERGY_COST * abs(before - after)
    return cost


def _points(analysis: AudioAnalysis) -> _Points:
    """The downbeats inside the song, each named for what it starts (a section's first downbeat, a phrase's every
    ``PHRASE_BARS`` bars from the last section start, or a bar)."""
    beats = beat_grid_ms(analysis, analysis.duration_ms)
    beat_ms = beat_length_ms(beats)
    downbeats = tuple(sorted({d for d in analysis.downbeats_ms if 0 < d < analysis.duration_ms}))
    sections = set(section_cuts_ms(analysis, beats)) & set(downbeats)
    kinds: dict[int, str] = {}
    count = 0
    for d in downbeats:
        count = 0 if d in sections else count
        kinds[d] = "section" if d in sections else "phrase" if count % PHRASE_BARS == 0 else "bar"
        count += 1
    bar_ms = beat_ms * analysis.beats_per_bar
    return _Points(downbeats, kinds, bar_ms, beat_ms, analysis.duration_ms, not ends_abruptly(analysis))


def _whole_sections_end(analysis: AudioAnalysis, points: _Points) -> int:
    """Where the song's whole sections end: its end, or in a file cut off mid-phrase the start of its last section
    (a section cut short there is no chorus to end a version on; 3:42-4:00 of a file cut at 4:00 was)."""
    if points.ending:
        return analysis.duration_ms
    starts = [s for s in analysis.sections_ms if 0 < s < analysis.duration_ms]
    return starts[-1] if starts else analysis.duration_ms


def ends_abruptly(analysis: AudioAnalysis) -> bool:
    """Whether the file stops mid-phrase, cut off rather than ended: its last ``CUT_OFF_TAIL_MS`` as loud as
    ``CUT_OFF_ENERGY`` of its loud passages, or faded out within a second where it was cut
    (``edit_fade.faded_at_a_cut``; a song's own ending fades, rings out or stops on a hit into silence)."""
    hop = max(analysis.energy_hop_ms, 1)
    tail = analysis.energy[-max(1, CUT_OFF_TAIL_MS // hop) :]
    return bool(tail) and (sum(tail) / len(tail) >= CUT_OFF_ENERGY or faded_at_a_cut(analysis))


def _nearest(values: Sequence[int], target: int) -> int:
    return min(values, key=lambda v: (abs(v - target), v))
