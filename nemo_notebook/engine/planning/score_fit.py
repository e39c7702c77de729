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
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..analysis.types import VideoAnalysis
from ..music.brief import tempo_from_words, video_style
from ..music.styles import STYLES
from .sync import TOLERANCE_MS, BeatGrid, choose_beat_grid

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

    def beats_ms(self) -> tuple[int, ...]:
        """Every beat of the score in ``[0, duration_ms)``, across the tempo change."""
        first = self.grid.beats_ms(self.duration_ms)
        if not self.later_tempo_bpm:
            return first
        later = 60_000.0 / self.later_tempo_bpm
        count = math.ceil((self.duration_ms - self.change_ms) / later)
        return tuple(b for b in first if b < self.change_ms) + tuple(
            t for t in (round(self.change_ms + k * later) for k in range(count)) if t < self.duration_ms
        )

    def downbeats_ms(self) -> tuple[int, ...]:
        """The first beat of every bar, across the tempo change (which falls on a bar line)."""
        beats = self.beats_ms()
        first = next((i for i, b in enumerate(beats) if b >= self.grid.phase_ms - 1), 0)
        if not self.later_tempo_bpm:
            return beats[first::4]
        change = next((i for i, b in enumerate(beats) if b >= self.change_ms - 1), len(beats))
        return beats[first:change:4] + beats[change::4]

    @property
    def share_on_beat(self) -> float:
        """The share of the cuts within 70 ms of a beat."""
        if not self.cuts_ms:
            return 1.0
        beats = self.beats_ms()
        return sum(1 for c in self.cuts_ms if _nearest(beats, c) <= TOLERANCE_MS) / len(self.cuts_ms)


def joined_cuts(analyses: Sequence[VideoAnalysis]) -> tuple[list[int], list[float], int]:
    """The cuts of clips played back to back (each join a cut of strength 1), their strengths and the total length."""
    cuts: list[int] = []
    strengths: list[float] = []
    offset = 0
    for analysis in analyses:
        if offset:
            cuts.append(offset)
            strengths.append(1.0)
        cuts += [offset + c for c in analysis.cut_points_ms]
        strengths += list(analysis.cut_strengths) + [0.5] * (len(analysis.cut_points_ms) - len(analysis.cut_strengths))
        offset += analysis.duration_ms
    return cuts, strengths, offset


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
    cuts, strengths, duration = joined_cuts(analyses)
    style = video_style(analyses[0], words)
    low, high = STYLES[style].tempo_range_bpm
    named = tempo_from_words(words.lower())
    if named is not None:
        low, high = named * (1 - _NAMED_SPREAD), named * (1 + _NAMED_SPREAD)
    grid = choose_beat_grid(
        cuts, duration, tempo_range=(low, high), cut_strengths=strengths, tolerance_ms=FIT_TOLERANCE_MS
    )
    fit = ScoreFit(grid, style, duration, tuple(cuts), tuple(strengths), ())
    if named is None and cuts and _tight_share(fit) < _TRY_MORE_BELOW:
        candidates = [fit]
        for tolerance in (FIT_TOLERANCE_MS, TOLERANCE_MS):
            for span in ((low, high), (low * (1 - _WIDER), high * (1 + _WIDER))):
                grid = choose_beat_grid(
                    cuts, duration, tempo_range=span, cut_strengths=strengths, tolerance_ms=tolerance
                )
                candidates.append(replace(fit, grid=grid))
                candidates += _two_tempos(fit, span, tolerance)
        fit = max(candidates, key=_rank)
    if not fit.later_tempo_bpm:
        fit = max(_bar_lines(fit), key=_rank)
    return replace(fit, accents_ms=_accents(fit), section_starts_ms=_scene_changes(fit))


def _bar_lines(fit: ScoreFit) -> list[ScoreFit]:
    """The grid with each of its beats as "one": the same beats, the bars starting on another of them."""
    beat, bar = fit.grid.beat_ms, 4 * fit.grid.beat_ms
    phases = [round((fit.grid.phase_ms + k * beat) % bar) % round(bar) for k in range(4)]
    return [replace(fit, grid=replace(fit.grid, phase_ms=p)) for p in phases if p < fit.duration_ms]


def _scene_changes(fit: ScoreFit) -> tuple[int, ...]:
    """Section starts: every scene change (``strongest_cuts``) on a downbeat, strongest first, where the form allows
    it (``_fits``), and the tempo change where a section must start (see the module's docstring)."""
    downbeats = fit.downbeats_ms()
    last = _last_bar(fit, downbeats)
    chosen: list[int] = []  # bar numbers (bar 0 at the grid's phase)
    for cut in sorted(strongest_cuts(fit), key=dict(zip(fit.cuts_ms, fit.strengths, strict=True)).__getitem__,
                      reverse=True):  # fmt: skip
        bar = min(range(len(downbeats)), key=lambda i: abs(downbeats[i] - cut), default=None)
        if bar is not None and abs(downbeats[bar] - cut) <= TOLERANCE_MS and _fits(fit, bar, chosen, last):
            chosen.append(bar)
    if fit.later_tempo_bpm:
        change = min(range(len(downbeats)), key=lambda i: abs(downbeats[i] - fit.change_ms))
        before = max((b for b in chosen if b <= change), default=0)
        if ((change - before) % _PHRASE_BARS or _at_scene_change(fit) == 2) and _fits(fit, change, chosen, last):
            chosen.append(change)  # a new section (a phrase): mid-phrase, or in the bar of an off-downbeat scene change
    return tuple(sorted(downbeats[b] for b in chosen))


def _fits(fit: ScoreFit, bar: int, chosen: Sequence[int], last: int) -> bool:
    """Whether a section can start at ``bar``: ``SECTION_BARS`` from the others and the end, the opening section a
    bar at least and, with its pickup, one and a half."""
    opening = bar >= SECTION_BARS or (bar >= 1 and fit.grid.phase_ms >= 2 * fit.grid.beat_ms)
    return opening and bar <= last - SECTION_BARS and all(abs(bar - b) >= SECTION_BARS for b in chosen)


def _last_bar(fit: ScoreFit, downbeats: Sequence[int]) -> int:
    """The bar the final chord is in or ends (as the form counts them: ``final_chord_beat``)."""
    from ..music.arrange import final_chord_beat

    start = fit.change_ms if fit.later_tempo_bpm else fit.grid.phase_ms
    beat = 60_000.0 / (fit.later_tempo_bpm or fit.grid.tempo_bpm)
    first = sum(1 for d in downbeats if d < start - 1) if fit.later_tempo_bpm else 0
    return first + -(-final_chord_beat(fit.duration_ms - start, beat) // 4)


def _rank(fit: ScoreFit) -> tuple[float, bool, bool, float, float, float, int, float, bool, float]:
    """See the module's docstring: the most cuts within 70 ms up to 90 %, the strongest cut on a downbeat, one tempo
    that does it safely, the most within 70 ms, the strongest third on downbeats, the most within 30 ms, a tempo
    change at a phrase boundary and a scene change (``_at_scene_change``), the closest fit, one tempo over two, a small change over a big one."""
    beats = fit.beats_ms()
    distances = [_nearest(beats, c) for c in fit.cuts_ms]
    close = sum(min(d, TOLERANCE_MS) for d in distances) / max(1, len(distances))
    ratio = abs(math.log(fit.later_tempo_bpm / fit.grid.tempo_bpm)) if fit.later_tempo_bpm else 0.0
    on_cut = 4 if not fit.later_tempo_bpm else _at_scene_change(fit) + _starts_a_phrase(fit)
    share = round(fit.share_on_beat, 6)
    steady = not fit.later_tempo_bpm and _tight_share(fit, SAFE_MS) >= PLAN_SHARE
    return (min(share, PLAN_SHARE), _strongest_on_downbeat(fit), steady,
            share, round(strong_on_downbeats(fit), 6), round(_tight_share(fit), 6), on_cut, -round(close, 1),
            not fit.later_tempo_bpm, -ratio)  # fmt: skip


def _starts_a_phrase(fit: ScoreFit) -> bool:
    """Whether the tempo change starts a section or a phrase of one (``_scene_changes``)."""
    downbeats = fit.downbeats_ms()
    bar = min(range(len(downbeats)), key=lambda i: abs(downbeats[i] - fit.change_ms))
    starts = [downbeats.index(s) for s in _scene_changes(fit)]
    return bar in starts or (bar - max((s for s in starts if s <= bar), default=0)) % _PHRASE_BARS == 0


def _at_scene_change(fit: ScoreFit) -> int:
    """Where the tempo change falls: 3 on a scene change (``strongest_cuts``), 2 on the bar line starting the bar a
    scene change is in, 1 on another cut, 0 elsewhere."""
    scenes = strongest_cuts(fit)
    if _nearest(scenes, fit.change_ms) <= TOLERANCE_MS:
        return 3
    bar_ms = 4 * 60_000.0 / fit.later_tempo_bpm
    if any(fit.change_ms <= s < fit.change_ms + bar_ms - TOLERANCE_MS for s in scenes):
        return 2
    return int(_nearest(sorted(fit.cuts_ms), fit.change_ms) <= TOLERANCE_MS)


def _strongest_on_downbeat(fit: ScoreFit) -> bool:
    if not fit.cuts_ms:
        return True
    strongest = max(zip(fit.strengths, fit.cuts_ms, strict=True))[1]
    return _nearest(fit.downbeats_ms(), strongest) <= TOLERANCE_MS


def strongest_cuts(fit: ScoreFit, share: float = 1 / 3) -> tuple[int, ...]:
    """The strongest ``share`` of the cuts (at least one), by the video analysis' cut strength."""
    count = max(1, round(share * len(fit.cuts_ms))) if fit.cuts_ms else 0
    ranked = sorted(zip(fit.strengths, fit.cuts_ms, strict=True), key=lambda p: (-p[0], p[1]))
    return tuple(sorted(c for _, c in ranked[:count]))


def strong_on_downbeats(fit: ScoreFit) -> float:
    """The share of the strongest third of the cuts that lands within 70 ms of a downbeat."""
    strong = strongest_cuts(fit)
    if not strong:
        return 1.0
    downbeats = fit.downbeats_ms()
    return sum(1 for c in strong if _nearest(downbeats, c) <= TOLERANCE_MS) / len(strong)


def _tight_share(fit: ScoreFit, tolerance_ms: float = FIT_TOLERANCE_MS) -> float:
    beats = fit.beats_ms()
    return sum(1 for c in fit.cuts_ms if _nearest(beats, c) <= tolerance_ms) / max(1, len(fit.cuts_ms))


def _nearest(beats: Sequence[int], t: float) -> float:
    """The distance from ``t`` to the nearest of ``beats`` (sorted)."""
    index = bisect.bisect_left(beats, t)
    return min((abs(beats[j] - t) for j in (index - 1, index) if 0 <= j < len(beats)), default=math.inf)


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
    strongest = float(cuts[int(np.argmax(np.array(fit.strengths)[order]))])
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
                on_one = _on_bar_line(strongest, change if strongest >= change else anchor, beat, tolerance_ms)
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


def _on_bar_line(cut: float, anchor: float, beat: np.ndarray, tolerance_ms: float) -> np.ndarray:
    """For each beat length: whether ``cut`` falls within ``tolerance_ms`` of a bar line of its grid through
    ``anchor`` (a downbeat)."""
    import numpy as np

    residue = np.mod(cut - anchor, 4 * beat)
    result: np.ndarray = np.minimum(residue, 4 * beat - residue) <= tolerance_ms
    return result


def _landing(cuts: np.ndarray, anchor: float, beat: np.ndarray, tolerance_ms: float) -> np.ndarray:
    """For each beat length (rows) and cut (columns): 1 and up to 0.5 more for closeness when the grid of that beat
    through ``anchor`` lands the cut within ``tolerance_ms``, else 0."""
    import numpy as np

    residue = np.mod(cuts[None, :] - anchor, beat[:, None])
    distance = np.minimum(residue, beat[:, None] - residue)
    closeness = 0.5 / max(1, cuts.size) * (1 - distance / tolerance_ms)  # all the cuts' closeness: under one cut
    result: np.ndarray = (distance <= tolerance_ms) * (1 + closeness)
    return result


def _accents(fit: ScoreFit) -> tuple[int, ...]:
    """The strong cuts (the strongest third, and any at least ``ACCENT_STRENGTH`` and the median) that sit on a beat,
    each moved onto that beat."""
    if not fit.cuts_ms:
        return ()
    ranked = sorted(fit.strengths)
    median = ranked[len(ranked) // 2] if len(ranked) >= 3 else 0.0
    beats = fit.beats_ms()
    strongest = set(strongest_cuts(fit))
    accents = set()
    for cut, strength in zip(fit.cuts_ms, fit.strengths, strict=True):
        if (strength < max(ACCENT_STRENGTH, median) and cut not in strongest) or not beats:
            continue
        beat = min(beats, key=lambda b: abs(b - cut))
        if abs(beat - cut) <= TOLERANCE_MS and beat >= fit.grid.phase_ms:
            accents.add(beat)
    return tuple(sorted(accents))
