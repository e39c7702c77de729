"""Where the cuts of a music video go: on beats, at a rate that follows the music's character and energy.

A shot lasts a whole number of beats. How many depends on how loud the music is where the shot starts, for this
piece (two to four bars in calm passages, two beats in loud ones; see ``loudness_level``), and on the music's drive
(``AudioAnalysis.drive``): calm music (ambient, ballad, orchestral: drive 0) keeps every shot at least
``CALM_BARS`` bars even in its loud passages, driving music (drive 1) is cut by loudness alone, and music in between
gets a floor in between. A caller's fixed rate wins over both. Where a section begins, the cut moves to
that section's first downbeat, so a new part of the song opens on a new picture. No shot is shorter than a person
can take in (``MIN_SHOT_MS``) or longer than keeps a picture alive (``MAX_SHOT_MS``).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from ..analysis.character import character
from ..analysis.types import ENERGY_RANGE_DB, AudioAnalysis

MIN_SHOT_MS = 400
MAX_SHOT_MS = 8000
CALM_MAX_SHOT_MS = 12000  # calm music (drive 0) holds a shot up to this long: four bars at 80 BPM
CALM_BARS = 2  # calm music's shortest shot, in bars; (1 - drive) of it for music in between
CALM_SHOT_MS = 6000  # and at least this long at drive 0 ((1 - drive)² of it in between)
FLOOR_SLACK = 0.9  # a shot of whole steps this much shorter than the floor still meets it
NEAREST_SLACK = 1.4  # a shot of n beats serves a target up to this many times n beats (the nearest step, not above)
# target shot length (ms) for energy at or above each threshold: loud passages cut faster
PACE_BY_ENERGY = ((0.66, 900), (0.4, 1800), (0.2, 3600), (0.0, 7000))
ENERGY_WINDOW_MS = 2000
CALM_LEVEL = 0.4  # a section quieter than this is cut in long shots (two bars or more) and looks calm
FASTEST_SHOT_MS = 500  # the chorus is cut faster than the rest down to one beat up to 120 BPM, not past (it flickers)
SAME_LEVEL = 0.05  # a section this close to the loudest one's level is as loud (a chorus that comes back)
OPENING_MIN_MS = 2000  # the opening shot, the strongest picture, lasts at least this long (to a phrase's downbeat)
PHRASE_BARS = (4, 2, 1)  # the phrase lengths the opening may be held for, longest first
OPENING_DRIVING_MS = 4000  # driving music that opens loud holds its opening shot this long at most
FALLBACK_BEAT_MS = 500  # where analysis found no beats at all, cut on a 120 BPM grid


def beat_grid_ms(analysis: AudioAnalysis, duration_ms: int) -> list[int]:
    """The beats inside (0, duration_ms), or a regular grid at the analysed tempo where there are too few."""
    beats = sorted({b for b in analysis.beats_ms if 0 < b < duration_ms})
    if len(beats) >= 2:
        return beats
    step = round(60000 / analysis.tempo_bpm) if analysis.tempo_bpm > 0 else FALLBACK_BEAT_MS
    return list(range(step, duration_ms, max(step, 1)))


def mean_energy(analysis: AudioAnalysis, start_ms: int, end_ms: int) -> float:
    """Mean of the energy curve over ``[start_ms, end_ms)``; 0.5 when the analysis has no curve."""
    if not analysis.energy:
        return 0.5
    hop = max(analysis.energy_hop_ms, 1)
    lo, hi = max(start_ms // hop, 0), max(end_ms // hop, start_ms // hop + 1)
    window = analysis.energy[lo:hi] or analysis.energy[-1:]
    return sum(window) / len(window)


def loudness_level(analysis: AudioAnalysis, ranked: Sequence[float], start_ms: int) -> float:
    """How loud the music is from ``start_ms`` on, 0..1: half its energy, half where that energy ranks within the
    whole piece. The rank gives a track that is loud throughout its own calm and busy passages; the energy keeps a
    quiet piece calmer than a loud one."""
    return _with_rank(mean_energy(analysis, start_ms, start_ms + ENERGY_WINDOW_MS), ranked)


def drive_of(analysis: AudioAnalysis) -> float:
    """The music's drive, 0..1; 1 (paced by loudness alone) where the analysis did not measure it."""
    return 1.0 if analysis.drive is None else min(max(analysis.drive, 0.0), 1.0)


def calm_floor_ms(drive: float, beat_ms: float, beats_per_bar: int = 4) -> float:
    """The shortest shot music of this drive asks for (ms): ``CALM_BARS`` bars, and ``CALM_SHOT_MS`` where those
    are shorter (a beat found at twice the tempo a listener taps), at drive 0; nothing at drive 1."""
    calm = 1.0 - drive
    return calm * max(CALM_BARS * beats_per_bar * beat_ms, calm * CALM_SHOT_MS)


def longest_shot_ms(drive: float) -> int:
    """The longest shot (ms): ``CALM_MAX_SHOT_MS`` for calm music (drive 0), ``MAX_SHOT_MS`` for driving music."""
    return round(MAX_SHOT_MS + (1.0 - drive) * (CALM_MAX_SHOT_MS - MAX_SHOT_MS))


def beats_for_energy(
    energy: float, beat_ms: float, beats_per_bar: int = 4, slower: float = 1.0, drive: float = 1.0
) -> int:
    """Beats per shot for a passage of this energy, nearest the target shot length (``slower`` times the
    loudness's) and no shorter than the drive's ``calm_floor_ms``: 1, 2 or whole bars, and whole bars in 1, 2 or 4
    (phrases). In three: 1, 3, 6 or 12."""
    target = slower * next(ms for threshold, ms in PACE_BY_ENERGY if energy >= threshold)
    floor_ms = FLOOR_SLACK * calm_floor_ms(drive, beat_ms, beats_per_bar)
    steps = (1, 3, 6, 12) if beats_per_bar == 3 else (1, 2, 4, 8, 16)
    n = steps[0]
    for step in steps[1:]:
        if n * beat_ms * NEAREST_SLACK >= target and n * beat_ms >= floor_ms:
            break
        n = step
    return n


def section_cuts_ms(analysis: AudioAnalysis, beats: Sequence[int]) -> list[int]:
    """Each section boundary (after the first) moved to the nearest downbeat, or the nearest beat if no downbeat is
    within a bar."""
    downbeats = sorted(analysis.downbeats_ms)
    bar_ms = 60000 / max(analysis.tempo_bpm, 1) * analysis.beats_per_bar
    out = []
    for boundary in analysis.sections_ms[1:]:
        snapped = _nearest(downbeats, boundary)
        if snapped is None or abs(snapped - boundary) > bar_ms:
            snapped = _nearest(beats, boundary)
        if snapped is not None:
            out.append(snapped)
    return sorted(set(out))


def _nearest(values: Sequence[int], target: int) -> int | None:
    if not values:
        return None
    i = bisect.bisect_left(values, target)
    candidates = values[max(i - 1, 0) : i + 1]
    return min(candidates, key=lambda v: (abs(v - target), v))


def cut_points_ms(
    analysis: AudioAnalysis,
    duration_ms: int,
    *,
    beats_per_cut: int | None = None,
    chorus_factor: float = 1.0,
    slower: float = 1.0,
) -> list[int]:
    """Cut times (ms, ascending, each a beat) for a video of ``duration_ms``; 0 and the end are not included.

    Shots of a bar or more start on downbeats, and shots of 2, 4 bars on the first bar of a 2- or 4-bar phrase
    (counted from the first downbeat), so the pictures change where the music turns; shorter shots keep to the
    bar's strong beats. Each section has its own rate, from how loud it is (the loudest cuts fastest) and how much
    the music drives (calm music in shots of two bars or more), and each section change is a cut on its first
    downbeat.

    Parameters
    ----------
    analysis : the music's rhythm, energy and sections.
    duration_ms : length of the video.
    beats_per_cut : a fixed number of beats per shot; None lets each section's loudness and the music's drive
        decide (and cuts at section changes).
    chorus_factor : the loudest section's (the chorus') shots this many times as long (0.5: cut twice as fast
        there), the other sections' as they were; with a fixed ``beats_per_cut`` the sections are found for it.
    slower : every shot the loudness asks for this many times as long (``material``: few pictures, long shots).

    Examples
    --------
    >>> cut_points_ms(analysis_at_120_bpm, 8000, beats_per_cut=4)  # doctest: +SKIP
    [2000, 4000, 6000]
    """
    beats = beat_grid_ms(analysis, duration_ms)
    beat_ms = (beats[-1] - beats[0]) / max(len(beats) - 1, 1) if len(beats) > 1 else FALLBACK_BEAT_MS
    chorus = loudest_section(analysis, duration_ms) if chorus_factor != 1.0 else None
    forced = section_cuts_ms(analysis, beats) if beats_per_cut is None or chorus is not None else []
    starts = [0, *forced]
    rates = (
        [beats_per_cut] * len(starts)
        if beats_per_cut
        else section_rates(analysis, starts, duration_ms, beat_ms, slower)
    )
    if chorus is not None and len(starts) > 1:
        k = bisect.bisect_right(starts, (chorus[0] + chorus[1]) // 2) - 1
        fastest = max(1, -(-MIN_SHOT_MS // max(round(beat_ms), 1)))
        rates[k] = min(max(round(rates[k] * chorus_factor), fastest), 64)
    counts = _beat_counts(analysis, beats)
    cuts: list[int] = []
    last = 0
    ranked = sorted(analysis.energy)
    drive = 1.0 if beats_per_cut else drive_of(analysis)
    # the last shot is no shorter than half the drive's floor (calm music does not end on a flicker of a shot)
    last_ms = max(MIN_SHOT_MS, FLOOR_SLACK * calm_floor_ms(drive, beat_ms, analysis.beats_per_bar) / 2)
    while True:
        if beats_per_cut or len(starts) > 1:
            n = rates[bisect.bisect_right(starts, last) - 1]
        else:  # one section: the rate follows the loudness where each shot starts
            level = loudness_level(analysis, ranked, last)
            n = beats_for_energy(level, beat_ms, analysis.beats_per_bar, slower, drive)
        nxt = _next_cut(beats, forced, last, max(n, 1), counts)
        if nxt is None or duration_ms - nxt < last_ms:
            break
        cuts.append(nxt)
        last = nxt
    # a rate the user set is kept whole ("hold each photo longer" on a slow piece: 24 beats, 16 s, not split in two)
    asked_ms = round(beats_per_cut * beat_ms * NEAREST_SLACK) if beats_per_cut else 0
    return _split_long_shots(cuts, beats, duration_ms, max(longest_shot_ms(drive), asked_ms))


def section_rates(
    analysis: AudioAnalysis, starts: Sequence[int], duration_ms: int, beat_ms: float, slower: float = 1.0
) -> list[int]:
    """Beats per shot for each section (``starts``: where each begins): from its loudness in the piece, and the
    loudest sections (the chorus and each return of it, within ``SAME_LEVEL``) cut alike and strictly faster than
    any other section when there are others, as long as its shots stay ``FASTEST_SHOT_MS`` or longer (and, in music
    that does not drive, as long as the drive's ``calm_floor_ms``)."""
    levels = section_levels(analysis, starts, duration_ms)
    drive = drive_of(analysis)
    rates = [beats_for_energy(level, beat_ms, analysis.beats_per_bar, slower, drive) for level in levels]
    loudest = [i for i, level in enumerate(levels) if level >= max(levels) - SAME_LEVEL]
    others = [rate for i, rate in enumerate(rates) if i not in loudest]
    if not others:
        return rates
    fastest = min(rates[i] for i in loudest)
    shortest_ms = max(FASTEST_SHOT_MS, FLOOR_SLACK * calm_floor_ms(drive, beat_ms, analysis.beats_per_bar))
    while fastest >= min(others) and fastest > 1 and (fastest // 2) * beat_ms >= shortest_ms:
        fastest //= 2
    return [fastest if i in loudest else rate for i, rate in enumerate(rates)]


def section_levels(analysis: AudioAnalysis, starts: Sequence[int], duration_ms: int) -> list[float]:
    """How loud each section is in the piece (``section_level``; ``starts``: where each begins, in order)."""
    ranked = sorted(analysis.energy)
    ends = [*starts[1:], duration_ms]
    return [section_level(analysis, ranked, a, b) for a, b in zip(starts, ends, strict=True)]


def loudest_section(analysis: AudioAnalysis, duration_ms: int) -> tuple[int, int] | None:
    """(start, end) ms of the loudest of the music's sections (its chorus, as people say), or None when the music
    has one section only."""
    starts = [s for s in analysis.sections_ms if 0 <= s < duration_ms]
    if len(starts) < 2:
        return None
    spans = list(itertools.pairwise([*starts, duration_ms]))
    levels = section_levels(analysis, starts, duration_ms)
    return spans[max(range(len(spans)), key=lambda i: levels[i])]


def section_spans(analysis: AudioAnalysis, duration_ms: int) -> list[dict[str, object]]:
    """The music's sections as ``{"start_ms", "end_ms", "level"}``, for the renderer's per-section look: level
    "loudest" (the chorus or drop, and any section as loud as it), "calm" (those cut in long shots, below
    ``CALM_LEVEL``) or "middle"; [] when the music has one section only. A calm section also says how far its mean
    level lies under the loudest section's (``below_db``), which a track alone's visualizer makes up for."""
    starts = [s for s in analysis.sections_ms if 0 <= s < duration_ms]
    if len(starts) < 2:
        return []
    spans = list(itertools.pairwise([*starts, duration_ms]))
    levels = section_levels(analysis, starts, duration_ms)
    top = max(levels)

    def name(level: float) -> str:
        return "loudest" if level >= top - SAME_LEVEL else "calm" if level < CALM_LEVEL else "middle"

    energies = [mean_energy(analysis, a, b) for a, b in spans]

    def below(n: int) -> dict[str, object]:
        return (
            {"below_db": round((max(energies) - energies[n]) * ENERGY_RANGE_DB, 1)} if name(levels[n]) == "calm" else {}
        )

    return [{"start_ms": a, "end_ms": b, "level": name(levels[n])} | below(n) for n, (a, b) in enumerate(spans)]


def section_level(analysis: AudioAnalysis, ranked: Sequence[float], start_ms: int, end_ms: int) -> float:
    """How loud a section is, 0..1: half its mean energy, half where that energy ranks within the whole piece."""
    return _with_rank(mean_energy(analysis, start_ms, max(end_ms, start_ms + 1)), ranked)


def _with_rank(energy: float, ranked: Sequence[float]) -> float:
    """Half ``energy``, half where it ranks among ``ranked`` (the piece's energies, sorted); ``energy`` without them."""
    if not ranked:
        return energy
    rank = (bisect.bisect_left(ranked, energy) + bisect.bisect_right(ranked, energy)) / 2 / len(ranked)
    return (energy + rank) / 2


def _first_downbeat_index(analysis: AudioAnalysis, beats: Sequence[int]) -> int:
    """Index in ``beats`` of the first of them that is a downbeat; negative when that downbeat comes before them
    (at 0, say); 0 when there is none."""
    if not beats or not analysis.downbeats_ms:
        return 0
    first = min(analysis.downbeats_ms)
    if first < beats[0]:  # phrases count from the song's first downbeat, even one at 0 (not a cut point)
        return -round((beats[0] - first) / beat_length_ms(beats))
    downbeats = set(analysis.downbeats_ms)
    return next((i for i, b in enumerate(beats) if b in downbeats), 0)


def _beat_counts(analysis: AudioAnalysis, beats: Sequence[int]) -> list[int]:
    """Each beat's count from the song's first downbeat, every downbeat a whole number of bars from it: where the
    analysis found a bar a beat longer or shorter (the tracker gained or dropped a beat), the count follows the bars
    and only the downbeats start a bar's group."""
    first = _first_downbeat_index(analysis, beats)
    counts = [i - first for i in range(len(beats))]
    where = {b: i for i, b in enumerate(beats)}
    downbeats = sorted(analysis.downbeats_ms)
    per_bar = max(analysis.beats_per_bar, 1)
    starts = [(where[d], bar * per_bar) for bar, d in enumerate(downbeats) if d in where]
    for (start, count), (stop, _) in itertools.pairwise([*starts, (len(beats), 0)]):
        last = per_bar - 1 if stop < len(beats) else stop - start  # a bar's extra beat counts as its last
        counts[start:stop] = [count + min(k, last) for k in range(stop - start)]
    return counts


def _next_cut(beats: Sequence[int], forced: Sequence[int], last: int, n: int, counts: Sequence[int]) -> int | None:
    """The first beat at least ``MIN_SHOT_MS`` and about n beats after ``last`` that starts a group of n beats
    counted from the first downbeat (``_beat_counts``), or an earlier section cut, or None near the end."""
    i = bisect.bisect_right(beats, last)
    while i < len(beats) and beats[i] - last < MIN_SHOT_MS:
        i += 1
    # aligned: the first index from i on at the start of an n-beat group; a short first shot (the intro before
    # the first downbeat, or a shot after a section cut) is fine, a too-short one takes the next group
    j = _aligned(counts, i, n)
    if j is None:
        return None
    j_min = bisect.bisect_left(beats, last + n * _min_share(n) * beat_length_ms(beats))
    while j < j_min and (later := _aligned(counts, j + 1, n)) is not None and later < len(beats):
        j = later
    candidate = beats[j]
    k = bisect.bisect_left(forced, beats[i])
    if k < len(forced) and forced[k] < candidate:
        return forced[k]
    return candidate


def _aligned(counts: Sequence[int], i: int, n: int) -> int | None:
    """The first index from ``i`` on whose count starts an n-beat group, or None."""
    return next((j for j in range(i, len(counts)) if counts[j] % n == 0), None)


def _min_share(n: int) -> float:
    """A shot may be shorter than its n beats (it started off the group, after a section cut) down to half."""
    return 0.5 if n > 1 else 0.0


def beat_length_ms(beats: Sequence[int]) -> float:
    """The mean beat of a beat grid (ms), or ``FALLBACK_BEAT_MS`` without one."""
    return (beats[-1] - beats[0]) / max(len(beats) - 1, 1) if len(beats) > 1 else FALLBACK_BEAT_MS


def _split_long_shots(
    cuts: list[int], beats: Sequence[int], duration_ms: int, longest_ms: int = MAX_SHOT_MS
) -> list[int]:
    """Add a beat in the middle of any shot longer than ``longest_ms`` (slow tempos, sparse beats, long endings)."""
    bounds = [0, *cuts, duration_ms]
    out: list[int] = []
    for start, end in itertools.pairwise(bounds):
        while end - start > longest_ms:
            middle = _nearest(beats, start + (end - start) // 2)
            if middle is None or not start + MIN_SHOT_MS <= middle <= end - MIN_SHOT_MS:
                middle = start + (end - start) // 2
            if middle - start > longest_ms:
                middle = start + longest_ms
            out.append(middle)
            start = middle
        out.append(end)
    return out[:-1]


def hold_opening(analysis: AudioAnalysis, cuts: Sequence[int], duration_ms: int) -> list[int]:
    """``cuts`` with the first shot held to the first downbeat that starts a phrase (4 bars counted from the
    song's first downbeat, else 2, else 1, whichever the longest shot and a quarter of the video allow) at or after
    the first cut and ``OPENING_MIN_MS``: the opening picture stays until the music turns. Driving music that opens
    loud (``opens_driving``) holds it ``OPENING_DRIVING_MS`` at most (four bars of a 140 BPM rock song held it 6.7 s,
    "slow for an energetic track" to a blind reviewer). The cuts after it are kept; ``cuts`` as they are where no
    downbeat fits (a 9 s video held its first picture 7.5 s of 9)."""
    if not cuts or not analysis.downbeats_ms:
        return list(cuts)
    downbeats = sorted(d for d in analysis.downbeats_ms if 0 <= d < duration_ms - MIN_SHOT_MS)
    longest = min(longest_shot_ms(drive_of(analysis)), duration_ms // 4)
    longest = min(longest, OPENING_DRIVING_MS) if opens_driving(analysis, duration_ms) else longest
    earliest = max(cuts[0], OPENING_MIN_MS)
    for bars in PHRASE_BARS:
        held = next((d for d in downbeats[::bars] if d >= earliest), None)
        if held is not None and held <= longest:
            return [held, *(c for c in cuts if c >= held + MIN_SHOT_MS)]
    return list(cuts)


def opens_driving(analysis: AudioAnalysis, duration_ms: int) -> bool:
    """Whether the music is driving (``analysis.character``: rock, metal, electronic, pop; not a swing at 0.5) and its
    first section not quiet (``CALM_LEVEL``): its opening is cut at the music's pace, where a quiet intro (a synth
    pad before the beat comes in) keeps its long first shot."""
    starts = [s for s in analysis.sections_ms if 0 < s < duration_ms]
    first_end = starts[0] if starts else duration_ms
    level = section_level(analysis, sorted(analysis.energy), 0, first_end)
    return character(drive_of(analysis)) == "driving" and level >= CALM_LEVEL


def driving_opening(analysis: AudioAnalysis, cuts: Sequence[int], duration_ms: int) -> list[int]:
    """``cuts`` with a first cut by ``OPENING_DRIVING_MS`` where the music ``opens_driving`` and the first shot is
    longer (shots slowed for little material held a rock song's first picture four bars, 6.9 s): on the downbeat
    of the longest phrase (2 bars, else 1) that ends from ``OPENING_MIN_MS`` to ``OPENING_DRIVING_MS``."""
    if not cuts or cuts[0] <= OPENING_DRIVING_MS or not opens_driving(analysis, duration_ms):
        return list(cuts)
    downbeats = sorted(analysis.downbeats_ms)
    for bars in PHRASE_BARS[1:]:
        held = [d for d in downbeats[::bars] if OPENING_MIN_MS <= d <= min(OPENING_DRIVING_MS, cuts[0] - MIN_SHOT_MS)]
        if held:
            return [held[-1], *cuts]
    return list(cuts)
