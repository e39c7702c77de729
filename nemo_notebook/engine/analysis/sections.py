"""Section boundaries: where the music changes its harmony or its sound (verse → chorus, drums in, a breakdown).

Half-second blocks of chroma and MFCC (standardised, equal weight) give a self-similarity matrix; a Gaussian
checkerboard kernel (8 s either side) slides along its diagonal (Foote's novelty), and the clearest peaks at least
``MIN_SECTION_MS`` apart become boundaries, moved to the nearest downbeat where there is one within a bar.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

MIN_SECTION_MS = 8000
_BLOCK_S = 0.5
# Novelty is a mean cosine contrast in -1..1; below this a "change" is the ordinary variation inside a section.
_MIN_NOVELTY = 0.15


def boundaries_ms(
    chroma: npt.NDArray[np.floating],
    mel_db: npt.NDArray[np.floating],
    frame_rate: float,
    downbeats_ms: tuple[int, ...],
    duration_ms: int,
) -> tuple[int, ...]:
    """Section starts in ms (the first is 0), each section at least ``MIN_SECTION_MS`` long.

    Parameters
    ----------
    chroma : ndarray, shape (12, n_frames)
        Chromagram.
    mel_db : ndarray, shape (n_mels, n_frames)
        Log-power mel spectrogram (dB).
    frame_rate : float
        Frames per second of both (Hz).
    downbeats_ms : tuple of int
        Where bars start; boundaries snap to them.
    duration_ms : int
        Length of the music.
    """
    import numpy as np

    from .dsp import mfcc as cepstrum

    block = max(1, round(_BLOCK_S * frame_rate))
    mfcc = cepstrum(mel_db, 14)[1:]
    features = np.vstack([_blocks(_zscore(chroma), block) / np.sqrt(12), _blocks(_zscore(mfcc), block) / np.sqrt(13)])
    half = round(MIN_SECTION_MS / 1000 / _BLOCK_S)  # compare the 8 s before each block with the 8 s after it
    if features.shape[1] < 2 * half:
        return (0,)
    novelty = _novelty(features, half)
    return _pick(novelty, block / frame_rate * 1000, downbeats_ms, duration_ms)


def _zscore(x: npt.NDArray[np.floating]) -> npt.NDArray[np.float64]:
    import numpy as np

    return np.asarray((x - x.mean(axis=1, keepdims=True)) / (x.std(axis=1, keepdims=True) + 1e-9), dtype=np.float64)


def _blocks(x: npt.NDArray[np.float64], block: int) -> npt.NDArray[np.float64]:
    import numpy as np

    n = x.shape[1] // block
    return np.asarray(x[:, : n * block].reshape(x.shape[0], n, block).mean(axis=2), dtype=np.float64)


def _novelty(features: npt.NDArray[np.float64], half: int) -> npt.NDArray[np.float64]:
    """Foote novelty: the checkerboard contrast of the cosine self-similarity matrix around each block."""
    import numpy as np

    unit = features / (np.linalg.norm(features, axis=0, keepdims=True) + 1e-9)
    similarity = unit.T @ unit
    offsets = np.arange(-half, half) + 0.5
    taper = np.exp(-0.5 * (offsets / (0.5 * half)) ** 2)
    kernel = np.outer(taper, taper) * np.sign(offsets)[:, None] * np.sign(offsets)[None, :]
    kernel /= np.abs(kernel).sum()
    padded = np.pad(similarity, half, mode="edge")
    n = similarity.shape[0]
    return np.array([float(np.sum(kernel * padded[i : i + 2 * half, i : i + 2 * half])) for i in range(n)])


def _pick(
    novelty: npt.NDArray[np.float64], block_ms: float, downbeats_ms: tuple[int, ...], duration_ms: int
) -> tuple[int, ...]:
    """The strongest novelty peaks, greedily, keeping every section at least ``MIN_SECTION_MS`` long."""
    import numpy as np
    from scipy.signal import find_peaks

    peaks, _ = find_peaks(novelty, height=_MIN_NOVELTY)
    chosen: list[int] = []
    for i in sorted(peaks, key=lambda p: -novelty[p]):
        t = _snap(round(i * block_ms), downbeats_ms)
        if (
            t >= MIN_SECTION_MS
            and duration_ms - t >= MIN_SECTION_MS
            and all(abs(t - c) >= MIN_SECTION_MS for c in chosen)
        ):
            chosen.append(t)
    return (0, *sorted(int(c) for c in np.asarray(chosen, dtype=np.int64)))


def _snap(t_ms: int, downbeats_ms: tuple[int, ...]) -> int:
    """The downbeat nearest ``t_ms`` if it lies within a bar of it (the median bar length), else ``t_ms``."""
    if len(downbeats_ms) < 2:
        return t_ms
    bars = sorted(b - a for a, b in itertools.pairwise(downbeats_ms))
    nearest = min(downbeats_ms, key=lambda d: abs(d - t_ms))
    return nearest if abs(nearest - t_ms) <= bars[len(bars) // 2] else t_ms
