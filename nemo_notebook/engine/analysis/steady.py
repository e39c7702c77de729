"""Holding the pulse through a steady song: one beat grid for the whole of a track whose tempo does not move.

A listener who has found the beat of a studio track keeps it through a syncopated riff or a sparse intro, where
the onsets fall between the beats for a few bars; a tracker that follows onsets slips onto the off-beat there
(both this engine's and essentia's did, on the same bars of a metal song whose author's chart says otherwise).
Where the local tempo is steady, the grid whose beats carry the most onset strength over the whole song wins,
and each of its beats is then moved to the strongest onset within a frame or two of it. Last, the grid is held
against the one half a beat from it, with every band counted alike (``choose_phase``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# Steady: at least this share of the local tempo curve lies within ±STEADY_TOLERANCE of its median (the curve is
# measured in 8 s windows and a few of them lock onto a neighbouring peak, so a spread would call a click track
# unsteady).
STEADY_SHARE, STEADY_TOLERANCE = 0.8, 0.015
_PERIOD_SEARCH = 0.01  # ± share of the period searched around the tracked one
_SNAP_FRAMES = 2
# Distance from the grid, in periods: a beat on it, and a beat on its off-beat.
_ON_GRID, _OFF_BEAT = 0.12, 0.38
_AGREEMENT = 0.9  # the tracker's beats on the grid at least this often: the grid is the tidier copy of them
# A slip: at least this many beats in a row off the grid, whose offsets from it point one way (the length of their
# mean as unit vectors on the beat's circle: 1 for one offset, 0.9 for a spread of about ±0.07 beat).
_MIN_SLIP, _HELD = 4, 0.9
# A held slip lies at least this far (a share of the beat) from the grid: a sixteenth's or a triplet's figure (held-out
# 04's syncopated passages 0.26-0.40), not rubato (a calm piece in three played 0.14-0.21 behind a steady grid, which
# the grid then overrode: F 0.99 -> 0.89, tests/analysis/test_tempo_level.py)
_SLIP_LEAST = 0.22
# A slip other than a half-beat flip is repaired only where the tracker is on the grid this often.
_MAJORITY = 0.5
# How much stronger (decibel flux) the grid half a beat away must be for the beats to move onto it: a clear margin,
# as the tracker's own phase already has the loud bands' vote.
_PHASE_MARGIN = 1.2


def hold_pulse(beat_frames: npt.NDArray[np.int64], envelope: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """The tracker's beats with every stretch that slipped off the song's grid put back on it.

    A slip is a run of beats off the grid (beyond ``_ON_GRID``) that either keeps one offset from it, the tracker
    having followed a syncopated figure (half a beat off, or a sixteenth or a triplet from the beat) through a sparse
    passage, or that leaves the grid and comes back to it with a beat more or fewer than the grid has there. A run
    whose offset wanders and that comes back with the grid's count (a band pushing and pulling) is kept as it is, as
    is one that drifts away for good (the grid is the one that is wrong there). Slips other than half-beat flips are
    repaired only where the tracker is on the grid for most of the part (``_MAJORITY``): where a syncopated passage
    fills most of the music, the grid, chosen by onset strength, can be the syncopation's. Where the tracker agrees
    with the grid nearly everywhere the grid replaces it.
    """
    import numpy as np
    from scipy.ndimage import maximum_filter1d

    from .dsp import true_runs

    grid = steady_grid(beat_frames, envelope)
    if len(grid) < 2 or (len(grid) == len(beat_frames) and np.array_equal(grid, beat_frames)):
        return beat_frames
    period = float(np.median(np.diff(grid)))
    after = np.clip(np.searchsorted(grid, beat_frames), 1, len(grid) - 1)
    nearest = np.where(beat_frames - grid[after - 1] <= grid[after] - beat_frames, after - 1, after)
    offset = (beat_frames - grid[nearest]) / period
    on = np.abs(offset) <= _ON_GRID
    if np.mean(on) >= _AGREEMENT:
        return grid
    peaks = maximum_filter1d(envelope, 3, mode="constant")
    spans: list[tuple[int, int]] = []  # time spans (frames) where the grid's beats replace the tracker's
    keep = np.ones(len(beat_frames), dtype=bool)
    for first, end in true_runs(~on):
        if end - first < _MIN_SLIP:
            continue
        flipped = float(np.mean(np.abs(offset[first:end]) >= _OFF_BEAT)) >= 0.7
        # any other slip only where the tracker keeps to the grid for most of the part: the grid is the song's
        trusted = float(np.mean(on)) >= _MAJORITY
        turn = np.exp(2j * np.pi * offset[first:end]).mean()  # the run's offsets as one mean turn of the beat
        aside = abs(float(np.angle(turn))) / (2 * np.pi) >= _SLIP_LEAST  # a figure's offset, not a rubato's lag
        held = flipped or (trusted and aside and abs(turn) >= _HELD)
        recount = trusted and first > 0 and end < len(beat_frames)
        recount = recount and nearest[end] - nearest[first - 1] != end - first + 1
        if recount:  # the grid's beats there must be heard at least as well as the tracker's
            between = grid[nearest[first - 1] + 1 : nearest[end]]
            recount = len(between) > 0 and float(peaks[between].mean()) >= float(peaks[beat_frames[first:end]].mean())
        if held or recount:
            keep[first:end] = False
            spans.append((int(beat_frames[first]), int(beat_frames[end - 1])))
    if not spans:
        return beat_frames
    out = list(beat_frames[keep])
    for start, stop in spans:
        out += [int(g) for g in grid if start - period / 2 <= g <= stop + period / 2]
    merged = np.asarray(sorted(set(out)), dtype=np.int64)
    # no two beats closer than half a period where a replaced span meets the tracker's beats
    tidy = [int(merged[0])]
    for b in merged[1:]:
        if b - tidy[-1] >= period / 2:
            tidy.append(int(b))
    return np.asarray(tidy, dtype=np.int64)


def choose_phase(
    beat_frames: npt.NDArray[np.int64], phase_envelope: npt.NDArray[np.float64], envelope: npt.NDArray[np.float64]
) -> npt.NDArray[np.int64]:
    """The beats, or every beat moved half a beat later when that is where the whole spectrum starts its notes.

    The tracker's envelope weighs bands by their loudness, which is what tells the beat from its double, but it
    leaves the phase to the loudest part: a bass or keyboard figure played on every "and" (a driving off-beat bass,
    chords pushed an eighth ahead) outweighs the hi-hat, ride and snare wires that keep time above it, and the
    tracker settles on the off-beat. ``phase_envelope`` is the decibel flux, each band's rise relative to its own
    level, so a quiet cymbal counts as much as a loud bass: the beat is where most of the spectrum rises together.
    Between the two phases of a steady grid the other one wins only by ``_PHASE_MARGIN``; the moved beats are
    snapped to the ``envelope``'s peak within ``_SNAP_FRAMES``.
    """
    import numpy as np
    from scipy.ndimage import maximum_filter1d

    if len(beat_frames) < 16:
        return beat_frames
    gaps = np.diff(beat_frames)
    halves = np.append(gaps, gaps[-1]) / 2
    last = len(phase_envelope) - 1
    moved = np.clip(np.rint(beat_frames + halves).astype(np.int64), 0, last)
    peaks = maximum_filter1d(phase_envelope, 3, mode="constant")
    on, off = float(peaks[np.clip(beat_frames, 0, last)].mean()), float(peaks[moved].mean())
    if off < _PHASE_MARGIN * on:
        return beat_frames
    return np.asarray(sorted({_snap(int(m), envelope) for m in moved}), dtype=np.int64)


def is_steady(local_bpm: npt.NDArray[np.float64]) -> bool:
    import numpy as np

    if len(local_bpm) == 0:
        return False
    median = float(np.median(local_bpm))
    return float(np.mean(np.abs(local_bpm / max(median, 1e-9) - 1.0) < STEADY_TOLERANCE)) >= STEADY_SHARE


def steady_grid(beat_frames: npt.NDArray[np.int64], envelope: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """The single-period grid spanning ``beat_frames`` (from the first to the last) that lands on the most onset
    strength, each beat snapped to the envelope's peak within ``_SNAP_FRAMES``; ``beat_frames`` unchanged when
    there are too few beats to judge."""
    import numpy as np
    from scipy.ndimage import maximum_filter1d

    if len(beat_frames) < 16:
        return beat_frames
    first, last = int(beat_frames[0]), int(beat_frames[-1])
    # eight-beat spans: a frame-rounded single interval would miss the period by up to a frame
    period0 = float(np.median(beat_frames[8:] - beat_frames[:-8]) / 8)
    peaks = maximum_filter1d(envelope, 3, mode="constant")
    best = _best_grid(peaks, first, last, period0 * (1 + np.linspace(-_PERIOD_SEARCH, _PERIOD_SEARCH, 41)), 1.0)
    _, period, phase = best
    fine = period * (1 + np.linspace(-_PERIOD_SEARCH / 20, _PERIOD_SEARCH / 20, 21))
    _, period, phase = _best_grid(peaks, round(phase), last, fine, 0.25, around=2.0)
    grid = np.rint(phase + np.arange(int((last - phase) / period) + 1) * period).astype(np.int64)
    grid = grid[(grid >= 0) & (grid < len(envelope))]
    snapped = [_snap(int(g), envelope) for g in grid]
    return np.asarray(sorted(set(snapped)), dtype=np.int64)


def _best_grid(
    peaks: npt.NDArray[np.float64],
    first: int,
    last: int,
    periods: npt.NDArray[np.float64],
    phase_step: float,
    around: float | None = None,
) -> tuple[float, float, float]:
    """(mean onset strength, period, first beat) of the best grid from ``first`` to ``last`` over ``periods`` and
    first-beat positions within half a period of ``first`` (or within ``around`` frames)."""
    import numpy as np

    best = (-1.0, float(periods[len(periods) // 2]), float(first))
    for period in periods:
        ks = np.arange(int((last - first) / period) + 1) * period
        reach = period / 2 if around is None else around
        for phase in np.arange(first - reach, first + reach, phase_step):
            idx = np.rint(phase + ks).astype(np.int64)
            idx = idx[(idx >= 0) & (idx < len(peaks))]
            score = float(peaks[idx].mean()) if len(idx) else -1.0
            if score > best[0]:
                best = (score, float(period), float(phase))
    return best


def _snap(frame: int, envelope: npt.NDArray[np.float64]) -> int:
    import numpy as np

    lo, hi = max(frame - _SNAP_FRAMES, 0), min(frame + _SNAP_FRAMES + 1, len(envelope))
    return lo + int(np.argmax(envelope[lo:hi])) if hi > lo else frame
