"""The few signal-processing steps the analysis takes from librosa 0.11, in numpy and scipy.

librosa compiles its numba kernels when it is imported (``librosa.util`` and ``librosa.core`` declare
``guvectorize`` functions with signatures, ``librosa.beat`` more of them, one of them never cached), which made the
first analysis after installing take about half a minute longer than the next one. These are the same computations
(same formulas, same parameters, same edge cases; ``tests/analysis/test_dsp.py`` holds them to librosa), without a
compiler. Only what the analysis uses is here, for one-dimensional signals and envelopes, and ``true_runs``, which
the beat tracker and the video's unfit frames share.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy.typing as npt

_TINY64 = float(np.finfo(np.float64).tiny)


def power_frames(y: npt.NDArray[np.float32], n_fft: int, hop: int) -> npt.NDArray[np.float32]:
    """|STFT|² of ``y`` without centring (frame ``t`` is ``y[t*hop : t*hop+n_fft]``) under a periodic Hann window,
    shape ``(1 + n_fft // 2, 1 + (len(y) - n_fft) // hop)``, as ``np.abs(librosa.stft(y, center=False)) ** 2``."""
    window = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(n_fft) / n_fft)
    frames = np.lib.stride_tricks.sliding_window_view(y, n_fft)[::hop]
    spectrum = np.fft.rfft(frames * window, axis=1).astype(np.complex64)
    return np.ascontiguousarray((np.abs(spectrum) ** 2).T)


def fft_frequencies(sample_rate_hz: float, n_fft: int) -> npt.NDArray[np.float64]:
    """Centre frequency (Hz) of each rFFT bin."""
    return np.asarray(np.fft.rfftfreq(n_fft, 1.0 / sample_rate_hz), dtype=np.float64)


def _hz_to_mel(hz: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Slaney's mel scale: linear to 1 kHz, logarithmic above."""
    mel = hz / (200.0 / 3)
    log = hz >= 1000.0
    mel[log] = 15.0 + np.log(hz[log] / 1000.0) / (np.log(6.4) / 27.0)
    return mel


def _mel_to_hz(mel: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    hz = (200.0 / 3) * mel
    log = mel >= 15.0
    hz[log] = 1000.0 * np.exp((np.log(6.4) / 27.0) * (mel[log] - 15.0))
    return hz


def mel_frequencies(n_mels: int, fmax: float, fmin: float = 0.0) -> npt.NDArray[np.float64]:
    """``n_mels`` frequencies (Hz) evenly spaced on the Slaney mel scale from ``fmin`` to ``fmax``."""
    ends = _hz_to_mel(np.array([fmin, fmax], dtype=np.float64))
    return _mel_to_hz(np.linspace(ends[0], ends[1], n_mels))


def mel_filters(sample_rate_hz: float, n_fft: int, n_mels: int) -> npt.NDArray[np.float32]:
    """Triangular mel filter bank (Slaney scale and area normalisation), shape ``(n_mels, 1 + n_fft // 2)``."""
    mel_f = mel_frequencies(n_mels + 2, fmax=sample_rate_hz / 2)
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fft_frequencies(sample_rate_hz, n_fft))
    weights = np.zeros((n_mels, 1 + n_fft // 2), dtype=np.float32)
    for i in range(n_mels):
        weights[i] = np.maximum(0, np.minimum(-ramps[i] / fdiff[i], ramps[i + 2] / fdiff[i + 1]))
    weights *= (2.0 / (mel_f[2 : n_mels + 2] - mel_f[:n_mels]))[:, np.newaxis]
    return weights


def mel_power(power: npt.NDArray[np.float32], sample_rate_hz: float, n_mels: int) -> npt.NDArray[np.float32]:
    """Mel power spectrogram of a power spectrogram, as ``librosa.feature.melspectrogram(S=power)``."""
    basis = mel_filters(sample_rate_hz, 2 * (power.shape[0] - 1), n_mels)
    return np.asarray(np.einsum("ft,mf->mt", power, basis, optimize=True), dtype=np.float32)


def power_to_db(power: npt.NDArray[np.floating], ref: float, top_db: float = 80.0) -> npt.NDArray[np.floating]:
    """10·log10(power / ref), floored at 1e-10 and at ``top_db`` below the peak."""
    log_spec = 10.0 * np.log10(np.maximum(1e-10, power))
    log_spec -= 10.0 * np.log10(max(1e-10, abs(ref)))
    return np.asarray(np.maximum(log_spec, log_spec.max() - top_db))


def _normalize(x: npt.NDArray[np.floating], lengths: npt.NDArray[np.float64]) -> npt.NDArray[np.floating]:
    """``x`` divided by ``lengths`` (per column), leaving columns of (near) zero length as they are."""
    threshold = float(np.finfo(x.dtype).tiny)
    lengths = np.where(lengths < threshold, 1.0, lengths)
    out = np.empty_like(x)
    out[:] = x / lengths
    return out


def chroma_filters(sample_rate_hz: float, n_fft: int, n_chroma: int = 12) -> npt.NDArray[np.float32]:
    """Chroma filter bank at tuning 0 (Gaussian bumps per pitch class, weighted around C5 over two octaves, starting
    at C), shape ``(n_chroma, 1 + n_fft // 2)``."""
    frequencies = np.linspace(0, sample_rate_hz, n_fft, endpoint=False)[1:]
    frqbins = n_chroma * np.log2(frequencies / (440.0 / 16))
    frqbins = np.concatenate(([frqbins[0] - 1.5 * n_chroma], frqbins))
    binwidthbins = np.concatenate((np.maximum(frqbins[1:] - frqbins[:-1], 1.0), [1]))
    distance = np.subtract.outer(frqbins, np.arange(0, n_chroma, dtype="d")).T
    half = np.round(float(n_chroma) / 2)
    distance = np.remainder(distance + half + 10 * n_chroma, n_chroma) - half
    weights = np.exp(-0.5 * (2 * distance / np.tile(binwidthbins, (n_chroma, 1))) ** 2)
    weights = _normalize(weights, np.sum(np.abs(weights) ** 2, axis=0, keepdims=True) ** 0.5)
    weights *= np.tile(np.exp(-0.5 * (((frqbins / n_chroma - 5.0) / 2.0) ** 2)), (n_chroma, 1))
    weights = np.roll(weights, -3 * (n_chroma // 12), axis=0)
    return np.ascontiguousarray(weights[:, : int(1 + n_fft / 2)], dtype=np.float32)


def chroma(power: npt.NDArray[np.float32], sample_rate_hz: float) -> npt.NDArray[np.float32]:
    """Chromagram of a power spectrogram, each frame scaled to a peak of 1, as
    ``librosa.feature.chroma_stft(S=power, tuning=0.0)``."""
    basis = chroma_filters(sample_rate_hz, 2 * (power.shape[0] - 1))
    raw = np.asarray(np.einsum("cf,ft->ct", basis, power, optimize=True), dtype=np.float32)
    return np.asarray(_normalize(raw, np.max(np.abs(raw).astype(float), axis=0, keepdims=True)), dtype=np.float32)


def mfcc(mel_db: npt.NDArray[np.floating], n_mfcc: int) -> npt.NDArray[np.floating]:
    """The first ``n_mfcc`` cepstral coefficients (orthonormal DCT-II over the mel bands) of a log-mel spectrogram."""
    from scipy.fft import dct

    return np.asarray(dct(mel_db, axis=-2, type=2, norm="ortho")[..., :n_mfcc, :])


def sync_columns(
    features: npt.NDArray[np.floating],
    bounds: list[int],
    aggregate: Callable[..., npt.NDArray[np.floating]],
) -> npt.NDArray[np.floating]:
    """``aggregate`` of the columns between each two consecutive ``bounds`` (those within the array, duplicates
    dropped), as ``librosa.util.sync(..., pad=False)``."""
    marks = np.asarray(bounds)
    if np.any(marks < 0):
        raise ValueError("negative frame index")
    marks = np.unique(marks[marks <= features.shape[-1]]).astype(int)
    out = np.empty((*features.shape[:-1], max(0, len(marks) - 1)), dtype=features.dtype)
    for i, (start, stop) in enumerate(itertools.pairwise(marks)):
        out[..., i] = aggregate(features[..., start:stop], axis=-1)
    return out


def peak_pick(
    x: npt.NDArray[np.float64], *, pre_max: int, post_max: int, pre_avg: int, post_avg: int, delta: float, wait: int
) -> npt.NDArray[np.int64]:
    """Indices of the peaks of ``x``: the maximum of ``x[n-pre_max : n+post_max]``, at least ``delta`` above the
    mean of ``x[n-pre_avg : n+post_avg]``, and ``wait`` samples after the previous peak (librosa's peak picker)."""
    from scipy.ndimage import maximum_filter1d

    n_x = len(x)
    delta = float(np.float32(delta))  # librosa's kernel takes delta as float32
    peaks: list[int] = []
    if n_x == 0:
        return np.zeros(0, dtype=np.int64)
    # window [n - pre_max, n + post_max): a filter of that width whose origin puts n at its pre_max-th place
    size = pre_max + post_max
    window_max = maximum_filter1d(x, size, mode="nearest", origin=pre_max - size // 2) if size > 0 else x
    n = 1
    if x[0] >= np.max(x[: min(post_max, n_x)]) and x[0] >= np.mean(x[: min(post_avg, n_x)]) + delta:
        peaks.append(0)
        n = wait + 1
    while n < n_x:
        if x[n] == window_max[n] and x[n] >= np.mean(x[max(0, n - pre_avg) : min(n + post_avg, n_x)]) + delta:
            peaks.append(n)
            n += wait + 1
        else:
            n += 1
    return np.asarray(peaks, dtype=np.int64)


def onset_detect(envelope: npt.NDArray[np.float64], sample_rate_hz: float, hop: int) -> npt.NDArray[np.int64]:
    """Onset frames of an onset-strength envelope, as ``librosa.onset.onset_detect(onset_envelope=...)``: the
    envelope scaled to 0..1, peaks at least 30 ms apart and 0.07 above their ±100 ms mean."""
    envelope = envelope - np.min(envelope)
    envelope = envelope / (np.max(envelope, initial=0.0) + _TINY64)
    if not envelope.any() or not np.all(np.isfinite(envelope)):
        return np.zeros(0, dtype=np.int64)
    return peak_pick(
        envelope,
        pre_max=math.ceil(0.03 * sample_rate_hz // hop),
        post_max=math.ceil(0.00 * sample_rate_hz // hop + 1),
        pre_avg=math.ceil(0.10 * sample_rate_hz // hop),
        post_avg=math.ceil(0.10 * sample_rate_hz // hop + 1),
        delta=0.07,
        wait=math.ceil(0.03 * sample_rate_hz // hop),
    )


def true_runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """(first, end) of every run of true values in ``mask``, end exclusive.

    >>> true_runs(np.array([True, True, False, True]))
    [(0, 2), (3, 4)]
    """
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return list(zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True))
