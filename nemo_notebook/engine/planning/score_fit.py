"""The beat grid of a score made for clips: a tempo in the style's range and a phase that land the cuts on beats.

Every score made for a video goes through ``fit_score``, whether or not the user said "sync": a score whose beats
ignore the picture sounds pasted on. The clips' cuts (and the joins between clips, which are cuts too) are searched
with ``sync.choose_beat_grid`` inside the tempo range of the style the music will take (the one the words name, or
the one the first clip's mood suggests), so the music keeps its character; a tempo the user named narrows the
search to within 3 % of it.

The first grid is fitted tightly (``FIT_TOLERANCE_MS``, 30 ms: a beat tracker or a listener hearing the attack a
little late still finds the cut on the beat). When it lands fewer than 90 % of the cuts that tightly, more grids are
tried: at 30 and 70 ms, in the style's range and 10 % wider, and grids that change tempo once on a strong cut (that
cut a downbeat of both tempos, each side's tempo the one landing most of its own cuts). They are ranked: reaching the
goal (75 % within 70 ms) first, then reaching it within 20 ms, then the strongest cut on a downbeat, then the
tightest fit, then one tempo over two.

The strong cuts on the grid (strength at least ``ACCENT_STRENGTH`` and in the top half of the clip's cuts) come back
as ``accents_ms``, moved onto their beat (the composer puts a crash there and a riser or a fill into it), and the
strongest cuts on downbeats, four bars apart, as ``section_starts_ms`` (the music's sections change there).
"""

from __future__ import annotations

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

GOAL_SHARE = 0.75
_TRY_MORE_BELOW = 0.9  # a grid landing fewer of the cuts this tightly is compared with wider and two-tempo grids
FIT_TOLERANCE_MS = 30.0  # tighter than the 70 ms a listener forgives, so a beat tracker's own lag cannot undo a hit
ACCENT_STRENGTH = 0.5
_WIDER = 0.10
_NAMED_SPREAD = 0.03


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
            candidates += _two_tempos(fit, (low, high), tolerance)
        fit = max(candidates, key=_rank)
    return replace(fit, accents_ms=_accents(fit), section_starts_ms=_scene_changes(fit))


def _scene_changes(fit: ScoreFit) -> tuple[int, ...]:
    """The strongest cuts on downbeats, at least four bars apart and two bars from either end: section starts."""
    downbeats = fit.downbeats_ms()
    bar_ms = 4 * fit.grid.beat_ms
    chosen: list[int] = []
    for _, cut in sorted(zip(fit.strengths, fit.cuts_ms, strict=True), reverse=True):
        bar = min(downbeats, key=lambda d: abs(d - cut), default=None)
        if bar is None or abs(bar - cut) > TOLERANCE_MS or not 2 * bar_ms <= bar <= fit.duration_ms - 3 * bar_ms:
            continue
        if all(abs(bar - c) >= 4 * bar_ms - 1 for c in chosen):
            chosen.append(bar)
    return tuple(sorted(chosen))


def _rank(fit: ScoreFit) -> tuple[bool, bool, bool, float, bool]:
    """Grids that reach the goal first, then those that reach it within 20 ms, then those with the strongest cut
    on a downbeat, then the tightest fit, then one tempo over two."""
    tight = round(_tight_share(fit), 6)
    return (fit.share_on_beat >= GOAL_SHARE, _tight_share(fit, 20.0) >= GOAL_SHARE, _strongest_on_downbeat(fit), tight,
            not fit.later_tempo_bpm)  # fmt: skip


def _strongest_on_downbeat(fit: ScoreFit) -> bool:
    if not fit.cuts_ms:
        return True
    strongest = max(zip(fit.strengths, fit.cuts_ms, strict=True))[1]
    return _nearest(fit.downbeats_ms(), strongest) <= TOLERANCE_MS


def _tight_share(fit: ScoreFit, tolerance_ms: float = FIT_TOLERANCE_MS) -> float:
    beats = fit.beats_ms()
    return sum(1 for c in fit.cuts_ms if _nearest(beats, c) <= tolerance_ms) / max(1, len(fit.cuts_ms))


def _nearest(beats: Sequence[int], t: float) -> float:
    return min((abs(b - t) for b in beats), default=math.inf)


def _two_tempos(fit: ScoreFit, tempo_range: tuple[float, float], tolerance_ms: float) -> list[ScoreFit]:
    """Grids that change tempo once, on a strong cut: that cut a downbeat of both, each side's tempo (in the style's
    range) the one landing most of its own cuts. Tried on the strongest cuts away from the ends."""
    import numpy as np

    cuts = np.array(fit.cuts_ms, dtype=np.float64)
    strengths = np.array(fit.strengths)
    tempos = np.arange(tempo_range[0], tempo_range[1] + 1e-9, 0.02)
    beat = 60_000.0 / tempos
    inside = [
        i for i in np.argsort(-strengths, kind="stable") if 0.2 * fit.duration_ms < cuts[i] < 0.8 * fit.duration_ms
    ]
    found = []
    for index in inside[:12]:
        anchor = cuts[index]
        before = _best_tempo(cuts[cuts < anchor], anchor, beat, tolerance_ms)
        after = _best_tempo(cuts[cuts > anchor], anchor, beat, tolerance_ms)
        first_beat, later_beat = beat[before], beat[after]
        bar = 4 * first_beat
        phase = round(anchor - math.floor(anchor / bar) * bar)
        grid = BeatGrid(round(float(tempos[before]), 3), phase, 4, 0, len(fit.cuts_ms))
        found.append(
            replace(fit, grid=grid, change_ms=round(anchor), later_tempo_bpm=round(60_000.0 / float(later_beat), 3))
        )
    return found


def _best_tempo(cuts: np.ndarray, anchor: float, beat: np.ndarray, tolerance_ms: float) -> int:
    """The index in ``beat`` whose grid through ``anchor`` lands the most ``cuts`` (closest on a tie)."""
    import numpy as np

    if cuts.size == 0:
        return int(beat.size // 2)
    residue = np.mod(cuts[None, :] - anchor, beat[:, None])
    distance = np.minimum(residue, beat[:, None] - residue)
    hits = distance <= tolerance_ms
    score = hits.sum(axis=1) + 0.5 * (hits * (1 - distance / tolerance_ms)).mean(axis=1)
    return int(np.argmax(score))


def _accents(fit: ScoreFit) -> tuple[int, ...]:
    """The strong cuts that sit on a beat, each moved onto that beat."""
    if not fit.cuts_ms:
        return ()
    ranked = sorted(fit.strengths)
    median = ranked[len(ranked) // 2] if len(ranked) >= 3 else 0.0
    beats = fit.beats_ms()
    accents = set()
    for cut, strength in zip(fit.cuts_ms, fit.strengths, strict=True):
        if strength < max(ACCENT_STRENGTH, median) or not beats:
            continue
        beat = min(beats, key=lambda b: abs(b - cut))
        if abs(beat - cut) <= TOLERANCE_MS and beat >= fit.grid.phase_ms:
            accents.add(beat)
    return tuple(sorted(accents))
