"""The beat grid of a score made for clips: a tempo in the style's range and a phase that land the cuts on beats.

Every score made for a video goes through ``fit_score``, whether or not the user said "sync": a score whose beats
ignore the picture sounds pasted on. The clips' cuts (and the joins between clips, which are cuts too) are searched
with ``sync.choose_beat_grid`` inside the tempo range of the style the music will take (the one the words name, or
the one the first clip's mood suggests), so the music keeps its character; a tempo the user named narrows the
search to within 3 % of it.

The first grid is fitted tightly (``FIT_TOLERANCE_MS``, 30 ms: a beat tracker or a listener hearing the attack a
little late still finds the cut on the beat). When it lands fewer than 90 % of the cuts that tightly, more grids are
tried: at 30 and 70 ms, in the style's range and 10 % wider, one tempo or two. A second tempo starts on a bar line
of the first (a phrase boundary: the music's next section starts there), the bar line just before the first cut the
second tempo plays, or on it; every cut is tried as a downbeat of the first tempo and every split of the cuts
between the two. They are ranked: the most cuts within 70 ms (up to ``PLAN_SHARE``, 90 %) first, then the strongest
cut on a downbeat, then one tempo when it lands 90 % within ``SAFE_MS`` (45 ms: a tempo change only where one tempo
cannot do it), then the most within 70 ms, the most of the strongest third on downbeats, the most within 30 ms, a
change starting a phrase (below) and at a scene change (else on the bar line starting the bar a scene change is in,
else on a cut), the closest fit, one tempo over two and a small change over a big one. A single-tempo winner then
takes whichever of its beats as "one" ranks best.

The strong cuts on the grid (the strongest third, and any of strength at least ``ACCENT_STRENGTH`` in the top half)
come back as ``accents_ms``, moved onto their beat (the composer puts a crash there and a riser or a fill into it).
The video's scene changes are the strongest third of its cuts (``strongest_cuts``); every one on a downbeat starts a
section (``section_starts_ms``), strongest first, where the form allows it: a section lasts ``SECTION_BARS`` (two)
bars at least, the opening one a bar after a pickup of half a bar or more, and the last one ends at the final chord.
The tempo change starts a section too when it falls in the bar of a scene change off the downbeat or mid-phrase (not
a whole number of four-bar phrases after the section start before it); otherwise it is a phrase boundary inside a
section and makes none of its own. A scene change wins over the tempo change: a change less than ``SECTION_BARS``
after a scene change's section start stays inside that section (rare: the ranking prefers a change on a phrase).
Joined clips keep one tempo, their joins on bar lines first in the ranking (``score_joins``).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

from ..analysis.joined import joined_analysis, joined_cuts
from ..analysis.types import VideoAnalysis
from ..music.arrange import SHORT_PIECE_MS, final_chord_beat, first_section_bar
from ..music.brief import style_named, tempo_from_words, video_style
from ..music.mood_words import wider_tempo_range
from ..music.styles import STYLES
from .score_joins import burst_starts, joins_of, joins_on_bar_lines, seen_cuts
from .sync import TOLERANCE_MS, BeatGrid, choose_beat_grid, grid_times

if TYPE_CHECKING:
    import numpy as np

PLAN_SHARE = 0.9  # a single tempo landing this share of the cuts within SAFE_MS needs no change
SAFE_MS = 45.0  # 70 ms less a beat tracker's or a listener's usual lag behind an attack
_TRY_MORE_BELOW = 0.9  # a grid landing fewer of the cuts this tightly is compared with wider and two-tempo grids
FIT_TOLERANCE_MS = 30.0  # tighter than the 70 ms a listener forgives, so a beat tracker's own lag cannot undo a hit
ACCENT_STRENGTH = 0.5
_WIDER = 0.10
_NAMED_SPREAD = 0.03
_TWO_TEMPO_KEEP = 24
_MAX_ANCHORS = 12  # the strongest cuts tried as a downbeat of the first tempo (every cut in a short clip)
SECTION_BARS = 2  # the shortest section the form makes at a scene change
_PHRASE_BARS = 4  # a tempo change a whole number of phrases into a section needs no section of its own
_MAX_SPLITS = 16  # the splits of the cuts between the tempos tried per anchor (every split in a short clip)


@dataclass(frozen=True)
class ScoreFit:
    """The grid a score is composed on and what it was fitted to.

    ``cuts_ms``/``strengths`` are every cut of the clips played back to back (joins included), ``accents_ms`` the
    strong ones, each moved onto its beat; ``style`` the style the range came from.
    """

    grid: BeatGrid
    style: str
    duration_ms: int
    cuts_ms: tuple[int, ...]
    strengths: tuple[float, ...]
    accents_ms: tuple[int, ...]
    change_ms: int = 0  # a downbeat of ``grid`` where the tempo becomes ``later_tempo_bpm`` (0: no change)
    later_tempo_bpm: float = 0.0
    section_starts_ms: tuple[int, ...] = ()  # the scene changes on downbeats where the music's sections change
    joins_ms: tuple[int, ...] = ()  # where each clip after the first starts

    @property
    def bent_onto_cuts_ms(self) -> tuple[int, ...]:
        """The cuts the composer bends its tempo onto (``music.onto_cuts``): none for joined clips (``score_joins``)."""
        return () if self.joins_ms else self.cuts_ms

    def beats_ms(self) -> tuple[int, ...]:
        """Every beat of the score in ``[0, duration_ms)``, across the tempo change."""
        first = self.grid.beats_ms(self.duration_ms)
        if not self.later_tempo_bpm:
            return first
        later = 60_000.0 / self.later_tempo_bpm
        count = math.ceil((self.duration_ms - self.change_ms) / later)
        return first[: bisect.bisect_left(first, self.change_ms)] + grid_times(
            self.change_ms, later, count, self.duration_ms
        )

    def downbeats_ms(self) -> tuple[int, ...]:
        """The first beat of every bar, across the tempo change (which falls on a bar line)."""
        return _downbeats(self, self.beats_ms())

    @property
    def share_on_beat(self) -> float:
        """The share of the cuts within 70 ms of a beat."""
        if not self.cuts_ms:
            return 1.0
        return _share_within(_distances(self.beats_ms(), self.cuts_ms), TOLERANCE_MS)


def fit_score(analyses: Sequence[VideoAnalysis], words: str = "") -> ScoreFit:
    """The beat grid for a score under ``analyses`` (clips in playing order), fitted to their cuts.

    Examples
    --------
    >>> fit = fit_score([analyze_video(path)], "background music")  # doctest: +SKIP
    >>> fit.share_on_beat >= 0.75                                     # doctest: +SKIP
    True
    """
    if not analyses:
        raise ValueError("no clips to score: upload at least one video")
    joins = joins_of(analyses)
    cuts, strengths, duration = seen_cuts(*joined_cuts(analyses), joins)
    footage = joined_analysis(analyses)
    style = video_style(footage, words)  # the mood of all the clips, as the brief reads it
    low, high = STYLES[style].tempo_range_bpm
    named = tempo_from_words(words.lower())
    if named is not None:
        low, high = named * (1 - _NAMED_SPREAD), named * (1 + _NAMED_SPREAD)
    grid = choose_beat_grid(
        cuts, duration, tempo_range=(low, high), cut_strengths=strengths, tolerance_ms=FIT_TOLERANCE_MS
    )
    fit = ScoreFit(grid, style, duration, tuple(cuts), tuple(strengths), (), joins_ms=joins)
    scenes = strongest_cuts(fit)  # every candidate has the same cuts
    rank = partial(_rank, scenes=scenes, joins=joins)
    candidates, joined = [fit], (low, high)  # joined: the range the joins are tried on bar lines in
    if named is None and cuts and _tight_share(fit) < _TRY_MORE_BELOW:
        # a style the words name keeps its bound on the footage's side ("upbeat" over a still clip: 112 BPM, not 101)
        joined = wider = wider_tempo_range(footage, style_named(words), low, high, _WIDER)
        for tolerance in (FIT_TOLERANCE_MS, TOLERANCE_MS):
            for span in ((low, high), wider):
                grid = choose_beat_grid(
                    cuts, duration, tempo_range=span, cut_strengths=strengths, tolerance_ms=tolerance
                )
                candidates.append(replace(fit, grid=grid))
                candidates += [] if joins else _two_tempos(fit, span, tolerance)
    if named is None:
        candidates += [replace(fit, grid=grid) for grid in joins_on_bar_lines(joins, joined, len(cuts))]
    fit = max(candidates, key=rank)
    if not fit.later_tempo_bpm:
        fit = max(_bar_lines(fit), key=rank)
    downbeats = fit.downbeats_ms()
    starts = tuple(downbeats[b] for b in _section_bars(fit, downbeats, scenes))
    starts = burst_starts(starts, downbeats, footage) if joins else starts
    return replace(fit, accents_ms=_accents(fit, scenes), section_starts_ms=starts)


def _bar_lines(fit: ScoreFit) -> list[ScoreFit]:
    """The grid with each of its beats as "one": the same beats, the bars starting on another of them."""
    beat, bar = fit.grid.beat_ms, 4 * fit.grid.beat_ms
    phases = [round((fit.grid.phase_ms + k * beat) % bar) % round(bar) for k in range(4)]
    return [replace(fit, grid=replace(fit.grid, phase_ms=p)) for p in phases if p < fit.duration_ms]


def _downbeats(fit: ScoreFit, beats: tuple[int, ...]) -> tuple[int, ...]:
    """The first beat of every bar among ``beats`` (``fit.beats_ms()``)."""
    first = bisect.bisect_left(beats, fit.grid.phase_ms - 1)
    first = first if first < len(beats) else 0
    if not fit.later_tempo_bpm:
        return beats[first::4]
    change = bisect.bisect_left(beats, fit.change_ms - 1)
    return beats[first:change:4] + beats[change::4]


def _section_bars(fit: ScoreFit, downbeats: tuple[int, ...], scenes: tuple[int, ...]) -> list[int]:
    """The bars (0 at the grid's phase) that start a section: every scene change (``strongest_cuts``) on a downbeat,
    strongest first, where the form allows it (``_fits``), and the tempo change where a section must start (see
    the module's docstring)."""
    if not downbeats:
        return []
    last = _last_bar(fit, downbeats)
    strength = dict(zip(fit.cuts_ms, fit.strengths, strict=True))
    chosen: list[int] = []
    for cut in sorted(scenes, key=strength.__getitem__, reverse=True):
        bar = _nearest_index(downbeats, cut)
        if abs(downbeats[bar] - cut) <= TOLERANCE_MS and _fits(fit, bar, chosen, last):
            chosen.append(bar)
    if fit.later_tempo_bpm:
        change = _nearest_index(downbeats, fit.change_ms)
        before = max((b for b in chosen if b <= change), default=0)
        mid_phrase = (change - before) % _PHRASE_BARS
        if (mid_phrase or _at_scene_change(fit, scenes) == 2) and _fits(fit, change, chosen, last):
            chosen.append(change)  # a new section (a phrase): mid-phrase, or in the bar of an off-downbeat scene change
    return sorted(chosen)


def _fits(fit: ScoreFit, bar: int, chosen: Sequence[int], last: int) -> bool:
    """Whether a section can start at ``bar``: ``SECTION_BARS`` from the others and the end, the opening section a
    bar at least and, with its pickup, one and a half."""
    opening = bar >= first_section_bar(fit.grid.phase_ms, fit.grid.beat_ms)
    return opening and bar <= last - SECTION_BARS and all(abs(bar - b) >= SECTION_BARS for b in chosen)


def _last_bar(fit: ScoreFit, downbeats: Sequence[int]) -> int:
    """The bar the final chord is in or ends (as the form counts them: ``final_chord_beat``)."""
    start = fit.change_ms if fit.later_tempo_bpm else fit.grid.phase_ms
    beat = 60_000.0 / (fit.later_tempo_bpm or fit.grid.tempo_bpm)
    first = bisect.bisect_left(downbeats, start - 1) if fit.later_tempo_bpm else 0
    short = fit.duration_ms < SHORT_PIECE_MS
    return first + -(-final_chord_beat(fit.duration_ms - start, beat, short=short) // 4)


def _rank(
    fit: ScoreFit, scenes: tuple[int, ...], joins: tuple[int, ...]
) -> tuple[float, float, bool, bool, float, float, float, int, float, bool, float]:
    """See the module's docstring: the most joins between clips on downbeats, the most cuts within 70 ms up to 90 %, the strongest cut on a downbeat, one tempo
    that does it safely, the most within 70 ms, the strongest third (``scenes``) on downbeats, the most within 30 ms,
    a tempo change at a phrase boundary and a scene change (``_at_scene_change``), the closest fit, one tempo over
    two, a small change over a big one."""
    import numpy as np

    beats = fit.beats_ms()
    downbeats = _downbeats(fit, beats)
    distances = _distances(beats, fit.cuts_ms)
    close = float(np.minimum(distances, TOLERANCE_MS).sum()) / max(1, distances.size)
    ratio = abs(math.log(fit.later_tempo_bpm / fit.grid.tempo_bpm)) if fit.later_tempo_bpm else 0.0
    on_cut = 4 if not fit.later_tempo_bpm else _at_scene_change(fit, scenes) + _starts_a_phrase(fit, downbeats, scenes)
    share = round(_share_within(distances, TOLERANCE_MS) if fit.cuts_ms else 1.0, 6)
    steady = not fit.later_tempo_bpm and _share_within(distances, SAFE_MS) >= PLAN_SHARE
    return (round(_share_near(downbeats, joins), 6), min(share, PLAN_SHARE), _strongest_on_downbeat(fit, downbeats), steady,
            share, round(_share_near(downbeats, scenes), 6), round(_share_within(distances, FIT_TOLERANCE_MS), 6),
            on_cut, -round(close, 1), not fit.later_tempo_bpm, -ratio)  # fmt: skip


def _starts_a_phrase(fit: ScoreFit, downbeats: tuple[int, ...], scenes: tuple[int, ...]) -> bool:
    """Whether the tempo change starts a section or a phrase of one (``_section_bars``)."""
    bar = _nearest_index(downbeats, fit.change_ms)
    starts = _section_bars(fit, downbeats, scenes)
    return bar in starts or (bar - max((s for s in starts if s <= bar), default=0)) % _PHRASE_BARS == 0


def _at_scene_change(fit: ScoreFit, scenes: tuple[int, ...]) -> int:
    """Where the tempo change falls: 3 on a scene change (``scenes``, the ``strongest_cuts``), 2 on the bar line
    starting the bar a scene change is in, 1 on another cut, 0 elsewhere."""
    if _distances(scenes, (fit.change_ms,))[0] <= TOLERANCE_MS:
        return 3
    bar_ms = 4 * 60_000.0 / fit.later_tempo_bpm
    if any(fit.change_ms <= s < fit.change_ms + bar_ms - TOLERANCE_MS for s in scenes):
        return 2
    return int(_distances(sorted(fit.cuts_ms), (fit.change_ms,))[0] <= TOLERANCE_MS)


def _strongest_on_downbeat(fit: ScoreFit, downbeats: tuple[int, ...]) -> bool:
    if not fit.cuts_ms:
        return True
    strongest = max(zip(fit.strengths, fit.cuts_ms, strict=True))[1]
    return bool(_distances(downbeats, (strongest,))[0] <= TOLERANCE_MS)


def strongest_cuts(fit: ScoreFit, share: float = 1 / 3) -> tuple[int, ...]:
    """The strongest ``share`` of the cuts (at least one), by the video analysis' cut strength."""
    count = max(1, round(share * len(fit.cuts_ms))) if fit.cuts_ms else 0
    ranked = sorted(zip(fit.strengths, fit.cuts_ms, strict=True), key=lambda p: (-p[0], p[1]))
    return tuple(sorted(c for _, c in ranked[:count]))


def strong_on_downbeats(fit: ScoreFit) -> float:
    """The share of the strongest third of the cuts that lands within 70 ms of a downbeat."""
    return _share_near(fit.downbeats_ms(), strongest_cuts(fit))


def _share_near(downbeats: tuple[int, ...], strong: tuple[int, ...]) -> float:
    if not strong:
        return 1.0
    return _share_within(_distances(downbeats, strong), TOLERANCE_MS)


def _tight_share(fit: ScoreFit) -> float:
    return _share_within(_distances(fit.beats_ms(), fit.cuts_ms), FIT_TOLERANCE_MS)


def _share_within(distances: np.ndarray, tolerance_ms: float) -> float:
    """The share of ``distances`` at most ``tolerance_ms`` (0 of none)."""
    return int((distances <= tolerance_ms).sum()) / max(1, distances.size)


def _distances(times: Sequence[int], points: Sequence[int]) -> np.ndarray:
    """The distance (ms) from each of ``points`` to the nearest of ``times`` (sorted; infinite when there are none)."""
    import numpy as np

    sorted_times = np.asarray(times, dtype=np.float64)
    at = np.asarray(points, dtype=np.float64)
    if not sorted_times.size:
        return np.full(at.size, np.inf)
    after = np.minimum(np.searchsorted(sorted_times, at), sorted_times.size - 1)
    before = np.maximum(after - 1, 0)
    result: np.ndarray = np.minimum(np.abs(at - sorted_times[before]), np.abs(sorted_times[after] - at))
    return result


def _nearest_index(times: Sequence[int], t: float) -> int:
    """The index of the nearest of ``times`` (sorted, not empty) to ``t``, the earlier of two as near."""
    after = bisect.bisect_left(times, t)
    if after == len(times) or (after and t - times[after - 1] <= times[after] - t):
        return after - 1
    return after


def _two_tempos(fit: ScoreFit, tempo_range: tuple[float, float], tolerance_ms: float) -> list[ScoreFit]:
    """Grids that change tempo once, on a bar line of the first: for each of the strongest cuts (``_MAX_ANCHORS``) as a
    downbeat of the first tempo and each split (up to ``_MAX_SPLITS``) of the cuts into those the first tempo plays
    and those the second does, the first tempo is the one
    landing most of its cuts through that downbeat, the change the bar line of it just before the first cut of the
    second part (or on it), the second tempo the one landing most of its cuts through the change (and the one doing
    so with the strongest cut on a downbeat, when that cut is in the second part)."""
    import numpy as np

    order = np.argsort(np.array(fit.cuts_ms), kind="stable")
    cuts = np.array(fit.cuts_ms, dtype=np.float64)[order]
    top = int(np.argmax(np.array(fit.strengths)[order]))
    strongest = float(cuts[top])
    beat = 60_000.0 / np.arange(tempo_range[0], tempo_range[1] + 1e-9, 0.02)
    scored: list[tuple[float, int, float, float]] = []  # (estimated score, change, first beat, later beat)
    ranked = np.argsort(-np.array(fit.strengths)[order], kind="stable")[:_MAX_ANCHORS]
    for anchor in cuts[np.sort(ranked)]:
        prefix = np.cumsum(_landing(cuts, anchor, beat, tolerance_ms), axis=1)
        after = int(np.searchsorted(cuts, anchor)) + 1
        for split in np.unique(np.linspace(after, cuts.size - 1, _MAX_SPLITS).astype(int)) if after < cuts.size else ():
            first = int(np.argmax(prefix[:, split - 1]))
            bar = 4 * beat[first]
            # the bar lines of the first tempo from just after the first part's last cut to the second's first cut
            low = math.ceil((cuts[split - 1] - tolerance_ms - anchor) / bar)
            high = math.floor((cuts[split] + tolerance_ms - anchor) / bar)
            for change in (anchor + k * bar for k in range(max(low, 0), high + 1)):
                phase = change - math.floor(change / bar) * bar
                if change < phase + 2 * bar or change > fit.duration_ms - 2 * bar:
                    continue  # the composer starts a section there: two bars at least on either side
                later_scores = _landing(cuts[split:], change, beat, tolerance_ms).sum(axis=1)
                through = change if strongest >= change else anchor  # the strongest cut on a bar line of its tempo
                on_one = _grid_distance(cuts[top : top + 1], through, 4 * beat)[:, 0] <= tolerance_ms
                if strongest < change:
                    on_one[:] = on_one[first]
                choices = {int(np.argmax(later_scores))}
                if on_one.any():
                    choices.add(int(np.argmax(np.where(on_one, later_scores, -1.0))))
                for later in choices:
                    estimate = float(prefix[first, split - 1] + later_scores[later]) + 0.9 * float(on_one[later])
                    scored.append((estimate, round(change), beat[first], beat[later]))
    scored.sort(key=lambda s: -s[0])
    found = []
    for _, change, first_beat, later_beat in scored[:_TWO_TEMPO_KEEP]:
        bar = 4 * first_beat
        phase = round(change - math.floor(change / bar) * bar)
        grid = BeatGrid(round(60_000.0 / float(first_beat), 3), phase, 4, 0, len(fit.cuts_ms))
        later_bpm = round(60_000.0 / float(later_beat), 3)
        found.append(replace(fit, grid=grid, change_ms=change, later_tempo_bpm=later_bpm))
    return found


def _grid_distance(cuts: np.ndarray, anchor: float, period: np.ndarray) -> np.ndarray:
    """For each period (rows) and cut (columns): the distance (ms) from the cut to the grid of that period through
    ``anchor``."""
    import numpy as np

    residue = np.mod(cuts[None, :] - anchor, period[:, None])
    result: np.ndarray = np.minimum(residue, period[:, None] - residue)
    return result


def _landing(cuts: np.ndarray, anchor: float, beat: np.ndarray, tolerance_ms: float) -> np.ndarray:
    """For each beat length (rows) and cut (columns): 1 and up to 0.5 more for closeness when the grid of that beat
    through ``anchor`` lands the cut within ``tolerance_ms``, else 0."""
    distance = _grid_distance(cuts, anchor, beat)
    closeness = 0.5 / max(1, cuts.size) * (1 - distance / tolerance_ms)  # all the cuts' closeness: under one cut
    result: np.ndarray = (distance <= tolerance_ms) * (1 + closeness)
    return result


def _accents(fit: ScoreFit, scenes: tuple[int, ...]) -> tuple[int, ...]:
    """The strong cuts (the strongest third, and any at least ``ACCENT_STRENGTH`` and the median) that sit on a beat,
    each moved onto that beat."""
    if not fit.cuts_ms:
        return ()
    ranked = sorted(fit.strengths)
    median = ranked[len(ranked) // 2] if len(ranked) >= 3 else 0.0
    beats = fit.beats_ms()
    strongest = set(scenes)
    accents = set()
    for cut, strength in zip(fit.cuts_ms, fit.strengths, strict=True):
        if (strength < max(ACCENT_STRENGTH, median) and cut not in strongest) or not beats:
            continue
        beat = beats[_nearest_index(beats, cut)]
        if abs(beat - cut) <= TOLERANCE_MS and beat >= fit.grid.phase_ms:
            accents.add(beat)
    return tuple(sorted(accents))
