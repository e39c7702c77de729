"""Ellis's dynamic-programming beat tracker with a tempo per frame, as ``librosa.beat.beat_track`` 0.11 runs it
(``onset_envelope`` and ``bpm`` given, ``trim=False``), in numpy: librosa compiles its numba kernels for it on
import (see ``dsp``). ``tests/analysis/test_dsp.py`` holds it to librosa.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

_TINY64 = float(np.finfo(np.float64).tiny)


def track(
    envelope: npt.NDArray[np.float64], frame_rate: float, bpm: npt.NDArray[np.float64] | float, tightness: float
) -> npt.NDArray[np.int64]:
    """Beat frames of an onset envelope (frames per second ``frame_rate``) around ``bpm``, a tempo per frame or one
    tempo; ``tightness`` is how strictly beats keep to it."""
    envelope = np.asarray(envelope, dtype=np.float64)
    if not envelope.any():
        return np.zeros(0, dtype=np.int64)
    tempo = np.atleast_1d(np.asarray(bpm, dtype=np.float64))
    if np.any(tempo <= 0) or tightness <= 0:
        raise ValueError("bpm and tightness must be strictly positive")
    if tempo.shape[-1] not in (1, len(envelope)):
        raise ValueError(f"bpm has {tempo.shape[-1]} values for an envelope of {len(envelope)} frames")
    frames_per_beat = np.round(frame_rate * 60.0 / tempo)
    normalized = envelope / (envelope.std(ddof=1) + _TINY64)
    localscore = _local_score(normalized, frames_per_beat)
    backlink, cumscore = _dp(localscore, frames_per_beat, float(np.float32(tightness)))
    beats = np.zeros(len(envelope), dtype=bool)
    n = _last_beat(cumscore)
    while n >= 0:
        beats[n] = True
        n = int(backlink[n])
    # librosa's __trim_beats with trim=False: no beat where the local score is not positive, at either end
    positive = np.flatnonzero(localscore > 0.0)
    if len(positive) == 0:
        return np.zeros(0, dtype=np.int64)
    beats[: positive[0]] = False
    beats[positive[-1] + 1 :] = False
    return np.flatnonzero(beats).astype(np.int64)


def _local_score(
    envelope: npt.NDArray[np.float64], frames_per_beat: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """The envelope smoothed by a Gaussian of the local beat period, centred on each frame.

    librosa's kernel sums the window over envelope frames 1.. (frame 0 never counts), so this does too.
    """
    n = len(envelope)
    shifted = envelope.copy()
    shifted[0] = 0.0
    per_frame = np.broadcast_to(frames_per_beat, (n,)) if len(frames_per_beat) == 1 else frames_per_beat
    score = np.zeros(n, dtype=np.float64)
    for period in np.unique(per_frame):
        half = int(period)
        window = np.exp(-0.5 * (np.arange(-period, period + 1) * 32.0 / period) ** 2)
        full = np.convolve(shifted, window)  # full[m] = sum_k window[k] * envelope[m - k]
        rows = np.flatnonzero(per_frame == period)
        score[rows] = full[rows + half]
    return score


def _dp(
    localscore: npt.NDArray[np.float64], frames_per_beat: npt.NDArray[np.float64], tightness: float
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
    """For each frame, the best previous beat (-1 for none) and the best cumulative score of a path ending there.

    Frame i looks back from ``i - round(period / 2)`` to ``i - 2 * period`` (nearest first, so a tie keeps the
    nearest). No frame looks at a frame less than half a period before it, so a block of that many frames depends
    only on frames before the block, and is computed at once.
    """
    n = len(localscore)
    periods = np.broadcast_to(frames_per_beat, (n,)) if len(frames_per_beat) == 1 else frames_per_beat
    nearest = np.round(periods / 2).astype(np.int64)
    starts = np.arange(n) - nearest
    stops = np.maximum(np.arange(n) - (2 * periods).astype(np.int64), 0)
    log_periods = np.log(periods)
    span = int(np.max(starts - stops, initial=0)) + 1
    block = max(1, int(nearest.min())) if n else 1
    backlink = np.full(n, -1, dtype=np.int32)
    cumscore = np.zeros(n, dtype=np.float64)
    back = np.arange(span)
    for j in range(0, n, block):
        rows = np.arange(j, min(n, j + block))
        locs = starts[rows, None] - back[None, :]
        valid = locs >= stops[rows, None]
        safe = np.where(valid, locs, 0)
        lag = np.where(valid, rows[:, None] - safe, 1)
        scores = cumscore[safe] - tightness * (np.log(lag) - log_periods[rows, None]) ** 2
        scores[~valid] = -np.inf
        best = np.argmax(scores, axis=1)
        found = valid.any(axis=1)
        picked = np.where(found, safe[np.arange(len(rows)), best], -1)
        cumscore[rows] = localscore[rows] + np.where(found, scores[np.arange(len(rows)), best], 0.0)
        backlink[rows] = picked
    # until the first frame that reaches 1 % of the peak score, no frame links back (the first beat starts there)
    reached = np.flatnonzero(localscore >= 0.01 * float(localscore.max()))
    backlink[: reached[0] if len(reached) else n] = -1
    return backlink, cumscore


def _last_beat(cumscore: npt.NDArray[np.float64]) -> int:
    """The last local maximum of the cumulative score that reaches half the median of them (the last frame if
    none does)."""
    n = len(cumscore)
    peaks = np.zeros(n, dtype=bool)
    if n > 2:
        peaks[1:-1] = (cumscore[1:-1] > cumscore[:-2]) & (cumscore[1:-1] >= cumscore[2:])
    if n > 1:
        peaks[-1] = cumscore[-1] > cumscore[-2]
    if not peaks.any():
        return n - 1
    threshold = 0.5 * float(np.median(cumscore[peaks]))
    found = np.flatnonzero(peaks & (cumscore >= threshold))
    return int(found[-1]) if len(found) else n - 1
