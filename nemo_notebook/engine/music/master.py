"""Mastering: exact length, a fade in and a ring-out, loudness to -14 LUFS integrated and true peak at most -1 dBTP.

Loudness is ITU-R BS.1770 integrated loudness (pyloudnorm). True peak is the peak of the signal oversampled four
times (BS.1770 annex 2), which catches the overs between samples that a sample peak misses. A look-ahead limiter
holds the true peak under the ceiling: its gain is the minimum of the needed gain over a window, smoothed by a
moving average of the same (odd) width, which never lets a peak through and never clicks.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...protocol.loudness import TARGET_LUFS

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Audio = npt.NDArray[np.float32]

CEILING_DBTP = -1.0
_LIMITER_CEILING_DBTP = -1.4  # aim under the promise so rounding to 16 bits and re-measuring cannot cross it
_OVERSAMPLE = 4
_FILTER_DELAY = 10  # input samples: half the interpolation filter's length
_CHUNK = 1 << 18  # samples (5.5 s) of true-peak envelope worked out at a time
_FFT_SIZE = 1024  # block of the true-peak interpolation's overlap-save convolution
_LIMITER_WINDOW_S = 0.008
_PASSES = 4
# The end rings out as a reverb tail decays: the final hit at its level for a moment, then 40 dB down, evenly in dB, to
# the end, its last few ms to silence. A quarter-cosine fade held the final chord at its level and then fell 14 dB in
# its last 0.3 s (30 s travel track, seed 1): a blind listener heard the chord stop, not ring
_HIT_MS, _RING_OUT_DB, _LAST_MS = 250.0, 40.0, 30.0


@dataclass(frozen=True)
class Mastered:
    samples: Audio
    loudness_lufs: float
    true_peak_dbtp: float


def master(
    mix: Audio, *, sample_rate: int, length: int, fade_out_ms: float, target_lufs: float = TARGET_LUFS
) -> Mastered:
    """The mix cut or padded to ``length`` samples, faded, normalised to ``target_lufs`` and limited.

    Parameters
    ----------
    mix : float32 stereo samples, shape ``(n, 2)``.
    sample_rate : Hz.
    length : exact number of samples of the result.
    fade_out_ms : length of the ring-out at the end (from the final hit): after ``_HIT_MS`` (a quarter of it at most)
        the level falls ``_RING_OUT_DB``, evenly in dB, and its last ``_LAST_MS`` to silence.
    """
    import numpy as np

    audio = _highpass(
        mix[:length] if len(mix) >= length else np.pad(mix, ((0, length - len(mix)), (0, 0))), sample_rate
    )
    _fade(audio, sample_rate, fade_out_ms)
    meter = _Meter(audio, sample_rate)
    scale = np.float32(10 ** ((target_lufs - meter.lufs()) / 20))
    audio *= scale
    meter.scale(scale)
    # The envelope is measured once and then follows the gains applied to the audio: the limiter's gain moves far
    # more slowly than the interpolation filter spans, so scaling the envelope is as good as measuring it again.
    envelope = true_peak_envelope(audio)
    loudness, peak = target_lufs, _dbtp(envelope)
    for _ in range(_PASSES):  # limiting takes a little loudness off; the next gain step restores it
        if peak <= CEILING_DBTP - 0.05:
            break
        gain = limiter_gain(envelope, ceiling_dbtp=_LIMITER_CEILING_DBTP, sample_rate=sample_rate)
        audio *= gain[:, None]
        meter.limit(gain)
        restore = np.float32(10 ** ((target_lufs - meter.lufs()) / 20))
        audio *= restore
        meter.scale(restore)
        envelope *= gain * restore
        peak = _dbtp(envelope)
    if peak > CEILING_DBTP - 0.05:  # still at the line after every pass: give back a little loudness
        trim_db = CEILING_DBTP - 0.05 - peak
        audio *= np.float32(10 ** (trim_db / 20))
        loudness, peak = loudness + trim_db, peak + trim_db
    np.clip(audio, -1.0, 1.0, out=audio)
    return Mastered(audio, loudness, peak)


class _Meter:
    """Integrated loudness of the audio being mastered, kept up to date as gains are applied to it.

    The K-weighted signal is filtered once; a constant gain scales its 100 ms sums, and the limiter's gain (1 but
    around the overs, moving over milliseconds) is applied to the K-weighted samples of the 100 ms hops it touches
    (the same figure as filtering the limited audio again, to well under a hundredth of a dB: the K-weighting's
    memory is far shorter than the limiter's dips are apart)."""

    def __init__(self, audio: Audio, sample_rate: int) -> None:
        import numpy as np

        self.hop = int(0.1 * sample_rate)
        hops = len(audio) // self.hop
        weighted = _k_weighted(audio[: hops * self.hop], sample_rate) if hops else np.zeros((2, 0), np.float32)
        self.weighted = weighted.reshape(2, hops, self.hop)
        self.sums = np.square(self.weighted, dtype=np.float32).sum(axis=(0, 2), dtype=np.float64)
        self.gain = 1.0

    def lufs(self) -> float:
        return _gated_lufs(self.sums, self.hop)

    def scale(self, gain: np.float32) -> None:
        self.gain *= float(gain)
        self.sums *= float(gain) ** 2

    def limit(self, gain: npt.NDArray[np.float32]) -> None:
        """Apply a per-sample gain (1 outside the stretches the limiter works on)."""
        import numpy as np

        hops = self.sums.size
        if hops == 0:
            return
        per_hop = gain[: hops * self.hop].reshape(hops, self.hop)
        for h in np.flatnonzero(per_hop.min(axis=1) < 1):
            self.weighted[:, h] *= per_hop[h]
            self.sums[h] = float(np.square(self.weighted[:, h], dtype=np.float32).sum(dtype=np.float64))
            self.sums[h] *= self.gain**2


def loudness_lufs(audio: Audio, sample_rate: int) -> float:
    """Integrated loudness (LUFS, BS.1770-4); -70 for silence.

    pyloudnorm's K-weighting filters, applied with ``sosfilt`` in float32 to both channels at once, and its gating
    (400 ms blocks, 75 % overlap, -70 LUFS absolute and -10 LU relative gates) worked out from 100 ms sums: the
    same figure as ``pyloudnorm.Meter.integrated_loudness`` to a hundredth of a dB, several times faster.
    """
    import numpy as np

    hop = int(0.1 * sample_rate)
    hops = len(audio) // hop
    if hops < 4:
        return -70.0
    weighted = _k_weighted(audio[: hops * hop], sample_rate)
    sums = np.square(weighted, dtype=np.float32).reshape(2, hops, hop).sum(axis=(0, 2), dtype=np.float64)
    return _gated_lufs(sums, hop)


def _k_weighted(audio: Audio, sample_rate: int) -> npt.NDArray[np.float32]:
    """The K-weighted channels, shape ``(2, n)`` (sosfilt's own copy, transposed)."""
    from scipy.signal import sosfilt

    weighted: npt.NDArray[np.float32] = sosfilt(_k_weighting(sample_rate), audio, axis=0).T
    return weighted


def _gated_lufs(sums: npt.NDArray[np.float64], hop: int) -> float:
    """BS.1770's gated loudness from the K-weighted power summed over each 100 ms hop (both channels)."""
    import numpy as np

    if sums.size < 4:
        return -70.0
    blocks = np.convolve(sums, np.ones(4), mode="valid") / (4 * hop)
    with np.errstate(divide="ignore"):
        loudness = -0.691 + 10 * np.log10(blocks)
    kept = blocks[loudness >= -70.0]
    if kept.size == 0:
        return -70.0
    relative = -0.691 + 10 * np.log10(kept.mean()) - 10.0
    gated = blocks[(loudness > relative) & (loudness > -70.0)]
    value = -0.691 + 10 * np.log10(gated.mean()) if gated.size else -70.0
    return float(value) if np.isfinite(value) else -70.0


@functools.cache
def _k_weighting(sample_rate: int) -> npt.NDArray[np.float32]:
    import numpy as np
    import pyloudnorm
    from scipy.signal import tf2sos

    meter = pyloudnorm.Meter(sample_rate)
    sections = [tf2sos(stage.b, stage.a) for stage in meter._filters.values()]
    return np.vstack(sections).astype(np.float32)


def true_peak_dbtp(audio: Audio) -> float:
    """True peak (dBTP): the largest magnitude of the signal oversampled four times."""
    return _dbtp(true_peak_envelope(audio))


def _dbtp(envelope: npt.NDArray[np.float32]) -> float:
    import numpy as np

    return 20 * float(np.log10(max(float(envelope.max(initial=0.0)), 1e-9)))


def true_peak_envelope(audio: Audio) -> npt.NDArray[np.float32]:
    """For every sample, the largest magnitude of the 4× oversampled signal around it, over both channels.

    Worked out a few seconds at a time (with a margin wider than the filter on each side, so chunk edges are exact)
    to keep the memory of a long track flat.
    """
    import numpy as np

    envelope = np.empty(len(audio), dtype=np.float32)
    margin = 2 * _FILTER_DELAY
    for begin in range(0, len(audio), _CHUNK):
        end = min(begin + _CHUNK, len(audio))
        low, high = max(0, begin - margin), min(len(audio), end + margin)
        peaks = _oversampled_peaks(audio[low:high])
        envelope[begin:end] = peaks[begin - low : end - low]
    return envelope


def _oversampled_peaks(chunk: Audio) -> npt.NDArray[np.float32]:
    """Per sample, the largest magnitude among the sample and the three points interpolated after it, both channels.

    A polyphase interpolator: each phase of an 81-tap low-pass (the filter scipy's ``resample_poly`` uses for 4×,
    a Kaiser-windowed sinc cut at the original Nyquist) is a 20-tap convolution at the original rate, far cheaper
    than building the 4× signal. Phase 0 of that filter is the sample itself. The three other phases are convolved
    by FFT, overlap-save in ``_FFT_SIZE`` blocks: one forward transform of each block for the three phases and both
    channels (the same figures as direct convolution to float32 rounding, several times faster than
    ``np.convolve``). The filter's delay is exactly ten input samples, removed so that the envelope lines up with the
    audio for the limiter.
    """
    import numpy as np
    from numpy.lib.stride_tricks import sliding_window_view
    from scipy.fft import irfft, rfft

    taps = _FILTER_DELAY * 2  # per phase
    step = _FFT_SIZE - taps + 1  # outputs of each block that are not wrapped around
    size = len(chunk)
    blocks = max(1, -(-size // step))
    padded = np.zeros((2, blocks * step + taps - 1), dtype=np.float32)
    padded[:, taps - 1 - _FILTER_DELAY : taps - 1 - _FILTER_DELAY + size] = chunk.T
    windows = sliding_window_view(padded, _FFT_SIZE, axis=-1)[:, ::step]  # (2, blocks, _FFT_SIZE)
    interpolated = irfft(rfft(windows, axis=-1) * _phase_spectra(), n=_FFT_SIZE, axis=-1)[..., taps - 1 :]
    peaks: npt.NDArray[np.float32] = np.abs(interpolated).max(axis=(0, 1)).reshape(-1)[:size]
    np.maximum(peaks, np.abs(chunk).max(axis=1), out=peaks)  # phase 0 is the sample itself
    return peaks


@functools.cache
def _phase_spectra() -> npt.NDArray[np.complex64]:
    """The transforms of phases 1-3 of the interpolation filter, shape ``(3, 1, 1, _FFT_SIZE // 2 + 1)``."""
    import numpy as np
    from scipy.fft import rfft

    taps = _interpolation_filter()
    phases = np.zeros((_OVERSAMPLE - 1, _FFT_SIZE), dtype=np.float32)
    for phase in range(1, _OVERSAMPLE):
        phases[phase - 1, : 2 * _FILTER_DELAY] = taps[phase::_OVERSAMPLE]
    spectra: npt.NDArray[np.complex64] = rfft(phases, axis=-1)[:, None, None, :]
    return spectra


@functools.cache
def _interpolation_filter() -> npt.NDArray[np.float32]:
    import numpy as np
    from scipy.signal import firwin

    taps = firwin(2 * _FILTER_DELAY * _OVERSAMPLE + 1, 1 / _OVERSAMPLE, window=("kaiser", 5.0)) * _OVERSAMPLE
    return np.asarray(taps, dtype=np.float32)


def limiter_gain(
    envelope: npt.NDArray[np.float32], *, ceiling_dbtp: float, sample_rate: int
) -> npt.NDArray[np.float32]:
    """Per-sample gain (≤ 1) that keeps a true-peak ``envelope`` under ``ceiling_dbtp``, smooth and looking ahead.

    The gain is 1 wherever no sample over the ceiling lies within a window of it, so the filters run only on the
    stretches around the overs (a few per cent of a mastered track): the same figures as filtering it all.
    """
    import numpy as np

    ceiling = np.float32(10 ** (ceiling_dbtp / 20))
    width = int(_LIMITER_WINDOW_S * sample_rate) | 1
    gain = np.ones(len(envelope), dtype=np.float32)
    for begin, end in _stretches(np.flatnonzero(envelope > ceiling), margin=2 * width, size=len(envelope)):
        gain[begin:end] = _smoothed_gain(envelope[begin:end], ceiling, width)
    return gain


def _stretches(overs: npt.NDArray[np.intp], *, margin: int, size: int) -> list[tuple[int, int]]:
    """(begin, end) around runs of ``overs`` (sample indices), ``margin`` either side; runs closer than twice the
    margin share a stretch, so every sample outside the stretches is more than ``margin`` from an over."""
    import numpy as np

    if overs.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(overs) > 2 * margin)
    firsts = np.concatenate([overs[:1], overs[breaks + 1]])
    lasts = np.concatenate([overs[breaks], overs[-1:]])
    return [(max(0, int(a) - margin), min(size, int(b) + margin + 1)) for a, b in zip(firsts, lasts, strict=True)]


def _smoothed_gain(envelope: npt.NDArray[np.float32], ceiling: np.float32, width: int) -> npt.NDArray[np.float32]:
    """The gain each sample needs, its minimum over ``width`` samples, then averaged over ``width`` (no click)."""
    import numpy as np
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    needed = np.maximum(envelope, np.float32(1e-9))
    np.divide(ceiling, needed, out=needed)
    np.minimum(needed, np.float32(1.0), out=needed)
    gain: npt.NDArray[np.float32] = uniform_filter1d(minimum_filter1d(needed, width), width)
    return gain


def _highpass(audio: Audio, sample_rate: int) -> Audio:
    """Remove DC and sub-bass rumble under 25 Hz, which use headroom and nobody hears."""
    import numpy as np
    from scipy.signal import butter, sosfilt

    sos = butter(2, 25, btype="highpass", fs=sample_rate, output="sos").astype(np.float32)
    filtered: Audio = sosfilt(sos, audio, axis=0)  # float32 in and out: one allocation, no transposes
    return filtered


def _fade(audio: Audio, sample_rate: int, fade_out_ms: float) -> None:
    import numpy as np

    fade_in = min(len(audio), int(0.025 * sample_rate))  # a hit on the very first sample would make AAC overshoot
    audio[:fade_in] *= np.linspace(0, 1, fade_in, dtype=np.float32)[:, None]
    fade_out = min(len(audio), int(fade_out_ms * sample_rate / 1000))
    if fade_out > 1:
        hold = min(int(_HIT_MS * sample_rate / 1000), fade_out // 4)
        curve = np.ones(fade_out, dtype=np.float32)
        curve[hold:] = 10 ** np.linspace(0, -_RING_OUT_DB / 20, fade_out - hold, dtype=np.float32)
        last = min(fade_out, int(_LAST_MS * sample_rate / 1000))
        curve[fade_out - last :] *= np.cos(np.linspace(0, np.pi / 2, last, dtype=np.float32)) ** 2
        audio[len(audio) - fade_out :] *= curve[:, None]
