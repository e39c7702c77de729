"""The beat grid of a score made for clips: a tempo in the style's range and a phase that land the cuts on beats.

Every score made for a video goes through ``fit_score``, whether or not the user said "sync": a score whose beats
ignore the picture sounds pasted on. The clips' cuts (and the joins between clips, which are cuts too) are searched
with ``sync.choose_beat_grid`` inside the tempo range of the style the music will take (the one the words name, or
the one the first clip's mood suggests), so the music keeps its character; a tempo the user named narrows the
search to within 3 % of it. When fewer than ``GOAL_SHARE`` of the cuts land inside the style's range, a range 10 %
wider on each side is tried as well and kept when it lands more.

The strong cuts on the grid (strength at least ``ACCENT_STRENGTH`` and in the top half of the clip's cuts) come back
as ``accents_ms``, moved onto their beat: the composer puts a crash there and a riser or a fill into it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..analysis.types import VideoAnalysis
from ..music.brief import tempo_from_words, video_style
from ..music.styles import STYLES
from .sync import TOLERANCE_MS, BeatGrid, choose_beat_grid

GOAL_SHARE = 0.75
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

    @property
    def share_on_beat(self) -> float:
        return self.grid.cuts_on_beat / self.grid.cuts_total if self.grid.cuts_total else 1.0


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
    grid = choose_beat_grid(cuts, duration, tempo_range=(low, high), cut_strengths=strengths)
    if named is None and grid.cuts_total and grid.cuts_on_beat < GOAL_SHARE * grid.cuts_total:
        wider = choose_beat_grid(
            cuts, duration, tempo_range=(low * (1 - _WIDER), high * (1 + _WIDER)), cut_strengths=strengths
        )
        grid = wider if wider.cuts_on_beat > grid.cuts_on_beat else grid
    accents = _accents(grid, cuts, strengths, duration)
    return ScoreFit(grid, style, duration, tuple(cuts), tuple(strengths), accents)


def _accents(grid: BeatGrid, cuts: list[int], strengths: list[float], duration_ms: int) -> tuple[int, ...]:
    """The strong cuts that sit on a beat, each moved onto that beat."""
    if not cuts:
        return ()
    ranked = sorted(strengths)
    median = ranked[len(ranked) // 2] if len(ranked) >= 3 else 0.0
    beats = grid.beats_ms(duration_ms)
    accents = set()
    for cut, strength in zip(cuts, strengths, strict=True):
        if strength < max(ACCENT_STRENGTH, median) or not beats:
            continue
        beat = min(beats, key=lambda b: abs(b - cut))
        if abs(beat - cut) <= TOLERANCE_MS and beat >= grid.phase_ms:
            accents.add(beat)
    return tuple(sorted(accents))
