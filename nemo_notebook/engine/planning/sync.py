"""Music made for a video: the tempo and phase whose beats land on the video's cuts.

A cut is *on the beat* when a beat lies within ``tolerance_ms`` (70 ms: the ear forgives that much) of it. For each
tempo in the range (a fine grid, then refined around the best), every phase is tried at 5 ms steps and the cuts on
the beat are counted. The count decides; between grids with the same count, a bonus decides: up to 0.5 for how
close the cuts sit to their beats plus up to 0.45 for the share of the cuts' strength (squared, so big cuts weigh
most) that falls on downbeats, once the best beat of the bar to call "one" is chosen. The bonus stays under one cut,
so no downbeat preference ever costs a cut its beat.

The grid is ``phase_ms + k · 60000 / tempo_bpm`` for every whole ``k`` (beats before ``phase_ms`` are a pickup),
and ``phase_ms`` is the first downbeat: bars start at ``phase_ms + j · beats_per_bar · 60000 / tempo_bpm``. This is
the grid ``engine.music``'s ``MusicBrief(tempo_bpm, phase_ms)`` composes to.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

DEFAULT_TEMPO_RANGE = (70.0, 140.0)
TOLERANCE_MS = 70.0
PHASE_STEP_MS = 5.0
_MAX_TEMPOS = 4000
_REFINE_TOP = 6
_CHUNK = 64  # tempos scored at a time
_MARGIN_MS = 1e-6  # far above rounding, far below a cut's millisecond


@dataclass(frozen=True)
class BeatGrid:
    """A steady beat: ``tempo_bpm`` beats a minute, the first downbeat at ``phase_ms``.

    ``cuts_on_beat`` and ``cuts_total`` say how well it fits the cuts it was chosen for.
    """

    tempo_bpm: float
    phase_ms: int
    beats_per_bar: int = 4
    cuts_on_beat: int = 0
    cuts_total: int = 0

    @property
    def beat_ms(self) -> float:
        return 60_000.0 / self.tempo_bpm

    def beats_ms(self, duration_ms: int) -> tuple[int, ...]:
        """Every beat in ``[0, duration_ms)``, the pickup before ``phase_ms`` included."""
        beat = self.beat_ms
        first = self.phase_ms - math.floor(self.phase_ms / beat) * beat
        return grid_times(first, beat, max(0, math.ceil((duration_ms - first) / beat)), duration_ms)

    def downbeats_ms(self, duration_ms: int) -> tuple[int, ...]:
        """The first beat of every bar in ``[0, duration_ms)``."""
        bar_ms = self.beat_ms * self.beats_per_bar
        count = max(0, math.ceil((duration_ms - self.phase_ms) / bar_ms))
        return grid_times(self.phase_ms, bar_ms, count, duration_ms)


def grid_times(first_ms: float, step_ms: float, count: int, end_ms: int) -> tuple[int, ...]:
    """``round(first_ms + k * step_ms)`` for ``k`` in ``range(count)``, those before ``end_ms``."""
    import numpy as np

    times = np.rint(first_ms + np.arange(count) * step_ms).astype(np.int64)
    return tuple(times[times < end_ms].tolist())


def choose_tempo_and_phase(
    cut_points_ms: Sequence[int],
    duration_ms: int,
    *,
    tempo_range: tuple[float, float] = DEFAULT_TEMPO_RANGE,
    preferred_bpm: float | None = None,
    cut_strengths: Sequence[float] = (),
    beats_per_bar: int = 4,
) -> tuple[float, int]:
    """The tempo (BPM) and phase (first downbeat, ms) that put the most cuts on beats; see ``choose_beat_grid``.

    Examples
    --------
    >>> choose_tempo_and_phase([250 + 625 * k for k in (2, 5, 9, 12)], 10_000)  # cuts on a 96 BPM grid
    (96.0, 875)
    """
    grid = choose_beat_grid(
        cut_points_ms,
        duration_ms,
        tempo_range=tempo_range,
        preferred_bpm=preferred_bpm,
        cut_strengths=cut_strengths,
        beats_per_bar=beats_per_bar,
    )
    return grid.tempo_bpm, grid.phase_ms


def choose_beat_grid(
    cut_points_ms: Sequence[int],
    duration_ms: int,
    *,
    tempo_range: tuple[float, float] = DEFAULT_TEMPO_RANGE,
    preferred_bpm: float | None = None,
    cut_strengths: Sequence[float] = (),
    beats_per_bar: int = 4,
    tolerance_ms: float = TOLERANCE_MS,
) -> BeatGrid:
    """The beat grid that puts as many cuts as possible within ``tolerance_ms`` of a beat, big cuts on downbeats.

    Parameters
    ----------
    cut_points_ms : the video's cuts (ms); those outside ``(0, duration_ms)`` are ignored.
    duration_ms : length of the music (ms).
    tempo_range : lowest and highest tempo allowed (BPM).
    preferred_bpm : a tempo the style or the user asked for; the search stays within 8% of it (inside the range).
    cut_strengths : 0..1 for each cut (``VideoAnalysis.cut_strengths``); the strongest prefer downbeats.
    beats_per_bar : 4 for common time.
    tolerance_ms : how far from a beat a cut may lie and still count as on it.

    Returns
    -------
    BeatGrid
        With ``phase_ms`` in ``[0, bar)``, the first downbeat. Without cuts: the preferred tempo (or the middle of
        the range) and phase 0.
    """
    low, high = _search_range(tempo_range, preferred_bpm)
    cuts, strengths = _usable_cuts(cut_points_ms, cut_strengths, duration_ms)
    if cuts.size == 0:
        tempo = preferred_bpm if preferred_bpm is not None else (low + high) / 2
        return BeatGrid(round(min(max(tempo, low), high), 3), 0, beats_per_bar, 0, 0)
    coarse = _tempo_grid(low, high, cuts, tolerance_ms)
    scores, _ = _best_phases(coarse, cuts, tolerance_ms)
    candidates = _refine(coarse, scores, low, high, cuts, tolerance_ms)
    return _best_grid(candidates, cuts, strengths, beats_per_bar, tolerance_ms, duration_ms)


def _search_range(tempo_range: tuple[float, float], preferred_bpm: float | None) -> tuple[float, float]:
    low, high = sorted(float(t) for t in tempo_range)
    if low <= 0:
        raise ValueError(f"tempo_range must be positive BPM, not {tempo_range}")
    if preferred_bpm is None:
        return low, high
    near_low, near_high = max(low, preferred_bpm * 0.92), min(high, preferred_bpm * 1.08)
    return (near_low, near_high) if near_low <= near_high else (low, high)


def _usable_cuts(
    cut_points_ms: Sequence[int], cut_strengths: Sequence[float], duration_ms: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    import numpy as np

    strengths = list(cut_strengths) + [0.5] * (len(cut_points_ms) - len(cut_strengths))
    pairs = [(float(c), float(s)) for c, s in zip(cut_points_ms, strengths, strict=False) if 0 < c < duration_ms]
    if not pairs:
        return np.zeros(0), np.zeros(0)
    array = np.array(sorted(pairs))
    return array[:, 0], array[:, 1]


def _tempo_grid(low: float, high: float, cuts: npt.NDArray[np.float64], tolerance_ms: float) -> npt.NDArray[np.float64]:
    """Tempos close enough together that the grid drifts at most a third of the tolerance by the last cut."""
    import numpy as np

    span_ms = max(float(cuts.max() - cuts.min()), 1.0)
    step = min(0.05, tolerance_ms / 3.0 * low / span_ms)
    count = min(_MAX_TEMPOS, max(2, math.ceil((high - low) / step) + 1))
    return np.linspace(low, high, count)


def _best_phases(
    tempos: npt.NDArray[np.float64], cuts: npt.NDArray[np.float64], tolerance_ms: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """For each tempo, the best score (hits + closeness) over phases at ``PHASE_STEP_MS`` and the phase (ms).

    Only the phases that may hold the most hits are scored: the hits are counted from each cut's window of phases,
    once a hair wider and once a hair narrower than the tolerance so that rounding cannot hide one, and the phases
    whose wide count reaches the best narrow count are scored exactly (the closeness bonus is under one hit).
    """
    import numpy as np

    scores, phases = np.empty(tempos.size), np.empty(tempos.size)
    for start in range(0, tempos.size, _CHUNK):
        beat = 60_000.0 / tempos[start : start + _CHUNK]
        offsets = np.arange(0.0, float(beat.max()), PHASE_STEP_MS)
        valid = offsets[None, :] < beat[:, None]
        centre = np.mod(cuts[None, :, None], beat[:, None, None]) + np.array([-1.0, 0.0, 1.0]) * beat[:, None, None]
        wide = _hit_counts(centre, offsets.size, tolerance_ms + _MARGIN_MS)
        narrow = np.where(valid, _hit_counts(centre, offsets.size, tolerance_ms - _MARGIN_MS), -1)
        every = 2 * (tolerance_ms + _MARGIN_MS) >= beat  # a cut's windows overlap: count nothing, score every phase
        rows, cols = np.nonzero(valid & ((wide >= narrow.max(axis=1)[:, None]) | every[:, None]))
        score = _score(_distances(cuts[None, :], offsets[cols, None], beat[rows, None]), tolerance_ms)
        order = np.lexsort((-score, rows))  # stable: the earliest phase among equal scores, as argmax takes it
        best = order[np.r_[0, np.flatnonzero(np.diff(rows[order])) + 1]]
        scores[start : start + beat.size] = score[best]
        phases[start : start + beat.size] = offsets[cols[best]]
    return scores, phases


def _hit_counts(centre: npt.NDArray[np.float64], phase_count: int, tolerance_ms: float) -> npt.NDArray[np.int64]:
    """For each beat length (rows) and phase ``k · PHASE_STEP_MS`` (columns): the cuts within ``tolerance_ms`` of the
    grid, counted from the window of phases around each cut's ``centre`` (its phase, and a beat either side)."""
    import numpy as np

    first = np.clip(np.ceil((centre - tolerance_ms) / PHASE_STEP_MS), 0, phase_count).astype(np.int64)
    end = np.clip(np.floor((centre + tolerance_ms) / PHASE_STEP_MS) + 1, first, phase_count).astype(np.int64)
    rows = len(centre)
    row = np.arange(rows)[:, None, None] * (phase_count + 1)
    steps = np.bincount((row + first).ravel(), minlength=rows * (phase_count + 1))
    steps -= np.bincount((row + end).ravel(), minlength=rows * (phase_count + 1))
    counts: npt.NDArray[np.int64] = np.cumsum(steps.reshape(rows, phase_count + 1), axis=1)[:, :phase_count]
    return counts


def _distances(cuts: np.ndarray, phase_ms: np.ndarray | np.float64, beat_ms: np.ndarray | np.float64) -> np.ndarray:
    """Distance (ms) from each cut to the nearest beat of the grid ``phase + k·beat``, broadcast."""
    import numpy as np

    residue = np.mod(cuts - phase_ms, beat_ms)
    result: np.ndarray = np.minimum(residue, beat_ms - residue)
    return result


def _score(distance: np.ndarray, tolerance_ms: float) -> np.ndarray:
    """Cuts on the beat, plus under one point for how close they sit (a tie-break between equal counts)."""
    hits = distance <= tolerance_ms
    closeness = (hits * (1.0 - distance / tolerance_ms)).sum(axis=-1) / distance.shape[-1]
    result: np.ndarray = hits.sum(axis=-1) + 0.5 * closeness
    return result


def _refine(
    coarse: npt.NDArray[np.float64],
    scores: npt.NDArray[np.float64],
    low: float,
    high: float,
    cuts: npt.NDArray[np.float64],
    tolerance_ms: float,
) -> list[tuple[float, float, float]]:
    """(score, tempo, phase) of the best tempos after a 10× finer search around each of the coarse winners."""
    import numpy as np

    step = float(coarse[1] - coarse[0]) if coarse.size > 1 else 0.05
    winners = coarse[np.argsort(-scores, kind="stable")[:_REFINE_TOP]]
    fine = np.unique(np.clip(np.concatenate([w + np.linspace(-step, step, 21) for w in winners]), low, high))
    fine_scores, fine_phases = _best_phases(fine, cuts, tolerance_ms)
    order = np.argsort(-fine_scores, kind="stable")[: 2 * _REFINE_TOP]
    return [(float(fine_scores[i]), float(fine[i]), float(fine_phases[i])) for i in order]


def _best_grid(
    candidates: list[tuple[float, float, float]],
    cuts: npt.NDArray[np.float64],
    strengths: npt.NDArray[np.float64],
    beats_per_bar: int,
    tolerance_ms: float,
    duration_ms: int,
) -> BeatGrid:
    """Among the best (tempo, phase) pairs, choose the bar alignment that puts the most cut strength on downbeats."""
    import numpy as np

    best: tuple[float, BeatGrid] | None = None
    for score, tempo, phase in candidates:
        beat = 60_000.0 / tempo
        distance = _distances(cuts, np.float64(phase), np.float64(beat))
        hits = distance <= tolerance_ms
        beat_index = np.round((cuts - phase) / beat).astype(np.int64) % beats_per_bar
        weight = strengths**2 + 1e-6  # big cuts count far more than small ones
        for offset in range(beats_per_bar):
            share = float((weight * (hits & (beat_index == offset))).sum() / weight.sum())
            total = score + 0.45 * share
            if best is None or total > best[0] + 1e-9:
                first_downbeat = round((phase + offset * beat) % (beat * beats_per_bar))
                if first_downbeat >= duration_ms:
                    first_downbeat = round(phase)
                grid = BeatGrid(round(tempo, 3), first_downbeat, beats_per_bar, int(hits.sum()), int(cuts.size))
                best = (total, grid)
    assert best is not None
    return best[1]
