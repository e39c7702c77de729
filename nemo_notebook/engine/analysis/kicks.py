"""Kick drums: bursts of the low band (30–150 Hz) that rise fast above what was just before and die away quickly.

A kick is not any onset on a beat: hats and snares make onsets too, and so does a bass line. Here the sound is cut to
the low band (decimated to 2.76 kHz, band-passed in the frequency domain, its power smoothed over 25 ms so that a
bass note's harmonics do not ripple the envelope) and read in decibels. Each loudest point of its 240 ms
neighbourhood is a candidate, and it is a kick when

* it rises at least ``RISE_DB`` above the low band's own level in the 100 ms before its attack (a kick over a
  sustained bass line stands out of it; the wobble of sustained low strings does not);
* that rise is a transient: going from a quarter to nine tenths of the way up takes ``MAX_ATTACK_MS`` at most (a
  bass note that swells in is slower);
* it falls at least ``FALL_DB`` back within 80–200 ms of its peak (a bass note entering stays up);
* it is one of the loud low events around it, within ``LOCAL_RANGE_DB`` of the loudest low-band level of the four
  seconds around it (a snare's or a tom's spill into the low band is well below the kicks'), and the low band is
  not a faint part of the music: within ``BAND_RANGE_DB`` of the whole sound's loud level (hats have a low band
  too, 40 dB down).

A kick's time is the start of its attack. What it misses: kicks buried under a bass line as loud as they are (dense
electronic and pop-rock mixes, metal's double bass drum), and long 808 kicks that ring like bass notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

LOW_BAND_HZ = (30.0, 150.0)
RISE_DB = 7.0
FALL_DB = 5.0
MAX_ATTACK_MS = 30.0
LOCAL_RANGE_DB = 12.0
BAND_RANGE_DB = 24.0
_DECIMATION = 8  # 22.05 kHz to 2.76 kHz: the low band needs no more
_ENVELOPE_HOP = 8  # envelope samples every 2.9 ms
_EDGE_HZ = 15.0  # the band's cosine flanks, so that its edges do not ring
_SMOOTH_MS = 25.0
_PEAK_RADIUS_MS = 120.0  # one kick per 240 ms neighbourhood: double kicks closer than that are one
_BEFORE_MS = 100.0
_ATTACK_SEARCH_MS = 80.0
_FALL_FROM_MS, _FALL_TO_MS = 80.0, 200.0
_LOCAL_RADIUS_MS = 2000.0
_FLOOR_DB = 60.0  # the envelope is floored this far below the loud low band, so that silence has no rises
_QUIET_DB = 40.0  # candidates this far below the loud low band are not looked at


def kick_times_ms(samples: npt.NDArray[np.float32], sample_rate_hz: int) -> tuple[int, ...]:
    """Times (ms from the start) where a kick drum hits in ``samples`` (mono, -1..1).

    Parameters
    ----------
    samples : ndarray, shape (n,)
        The music, mono.
    sample_rate_hz : int
        Its sample rate; the analysis uses 22050.

    Returns
    -------
    tuple of int
        The start of each kick's attack, ascending; empty for music without a kick drum.

    Examples
    --------
    >>> kick_times_ms(np.zeros(22050, dtype=np.float32), 22050)
    ()
    """
    envelope, rate = low_band_envelope(samples, sample_rate_hz)
    if not envelope.any():
        return ()
    level_db = 20.0 * np.log10(envelope + 1e-12)
    loud_db = float(np.percentile(level_db, 99))
    level_db = np.maximum(level_db, loud_db - _FLOOR_DB)
    peaks = _candidates(level_db, rate, max(loud_db - _QUIET_DB, _loud_level_db(samples) - BAND_RANGE_DB))
    if not len(peaks):
        return ()
    starts, tops = _attacks(envelope, peaks, _frames(_ATTACK_SEARCH_MS, rate))
    keep = _is_kick(level_db, peaks, starts, tops, rate)
    return tuple(max(0, round(float(s) * 1000.0 / rate)) for s in starts[keep])


def low_band_envelope(samples: npt.NDArray[np.float32], sample_rate_hz: int) -> tuple[npt.NDArray[np.float64], float]:
    """Amplitude envelope of the 30–150 Hz band and its sample rate (Hz): one value every 2.9 ms at 22.05 kHz."""
    import soxr
    from scipy.fft import ifft, next_fast_len, rfft

    rate = sample_rate_hz / _DECIMATION
    low = np.asarray(soxr.resample(np.asarray(samples, dtype=np.float32), sample_rate_hz, rate), dtype=np.float64)
    if len(low) < 2:
        return np.zeros(0), rate / _ENVELOPE_HOP
    n_fft = next_fast_len(len(low))  # a length with a large prime factor takes the FFT several times as long
    spectrum = rfft(low, n_fft)
    analytic = np.zeros(n_fft, dtype=np.complex128)
    freqs_hz = np.asarray(np.fft.rfftfreq(n_fft, 1.0 / rate), dtype=np.float64)
    analytic[: len(spectrum)] = 2.0 * spectrum * _band_gain(freqs_hz)
    power = np.abs(ifft(analytic)[: len(low)]) ** 2
    width = max(3, round(_SMOOTH_MS * rate / 1000.0) | 1)
    window = np.hanning(width + 2)[1:-1]
    smooth = np.convolve(power, window / window.sum(), mode="same")[::_ENVELOPE_HOP]
    return np.sqrt(np.maximum(smooth, 0.0)), rate / _ENVELOPE_HOP


def _loud_level_db(samples: npt.NDArray[np.float32]) -> float:
    """The whole sound's loud level: the 99th percentile of its RMS per 256 samples, in dB (the envelope's scale
    for a sine: its amplitude, 3 dB over its RMS)."""
    blocks = np.asarray(samples[: len(samples) // 256 * 256], dtype=np.float64).reshape(-1, 256)
    if not len(blocks):
        return 0.0
    rms = np.sqrt(np.einsum("ij,ij->i", blocks, blocks) / 256)
    return float(np.percentile(20.0 * np.log10(rms + 1e-12), 99)) + 3.0


def _band_gain(freqs_hz: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """1 inside the low band, 0 outside, with raised-cosine flanks ``_EDGE_HZ`` either side of each edge."""
    low, high = LOW_BAND_HZ
    ramp = np.clip((freqs_hz - (low - _EDGE_HZ)) / (2 * _EDGE_HZ), 0.0, 1.0)
    ramp = np.minimum(ramp, np.clip(((high + _EDGE_HZ) - freqs_hz) / (2 * _EDGE_HZ), 0.0, 1.0))
    return np.asarray(0.5 - 0.5 * np.cos(np.pi * ramp))


def _frames(ms: float, rate: float) -> int:
    return max(1, round(ms * rate / 1000.0))


def _candidates(level_db: npt.NDArray[np.float64], rate: float, floor_db: float) -> npt.NDArray[np.int64]:
    """The envelope's loudest points of their neighbourhood that are above ``floor_db``."""
    from scipy.ndimage import maximum_filter1d

    neighbourhood = maximum_filter1d(level_db, 2 * _frames(_PEAK_RADIUS_MS, rate) + 1, mode="nearest")
    return np.flatnonzero((level_db == neighbourhood) & (level_db > floor_db)).astype(np.int64)


def _attacks(
    envelope: npt.NDArray[np.float64], peaks: npt.NDArray[np.int64], search: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """For each peak, where its attack starts and ends: the last point of the ``search`` frames before it still
    below a quarter of the way from the lowest level there up to the peak, and the first point after that at nine
    tenths of the way (a kick's top can be flat: the peak itself may come later)."""
    padded = np.pad(envelope, (search, 0), mode="constant", constant_values=0.0)  # silence before the file
    windows = np.lib.stride_tricks.sliding_window_view(padded, search + 1)[peaks]  # frames peak-search .. peak
    base = windows.min(axis=1)
    rise = (envelope[peaks] - base)[:, np.newaxis]
    last_below = search - np.argmax((windows <= base[:, np.newaxis] + 0.25 * rise)[:, ::-1], axis=1)
    after = np.arange(search + 1)[np.newaxis, :] > last_below[:, np.newaxis]
    first_top = np.argmax((windows >= base[:, np.newaxis] + 0.9 * rise) & after, axis=1)
    first_top = np.where(first_top > last_below, first_top, search)
    return (peaks - search + last_below).astype(np.int64), (peaks - search + first_top).astype(np.int64)


def _is_kick(
    level_db: npt.NDArray[np.float64],
    peaks: npt.NDArray[np.int64],
    starts: npt.NDArray[np.int64],
    tops: npt.NDArray[np.int64],
    rate: float,
) -> npt.NDArray[np.bool_]:
    """Which candidates rise fast above the level before them, fall back soon after and are loud around them."""
    from scipy.ndimage import maximum_filter1d

    peak_db = level_db[peaks]
    before = _window_medians(level_db, starts - _frames(_BEFORE_MS, rate), _frames(_BEFORE_MS, rate) + 1)
    fall_from, fall_to = _frames(_FALL_FROM_MS, rate), _frames(_FALL_TO_MS, rate)
    after = _window_medians(level_db, peaks + fall_from, fall_to - fall_from)
    loudest_around = maximum_filter1d(level_db, 2 * _frames(_LOCAL_RADIUS_MS, rate) + 1, mode="nearest")[peaks]
    attack_ms = (tops - starts) * 1000.0 / rate
    return np.asarray(
        (peak_db - before >= RISE_DB)
        & (peak_db - after >= FALL_DB)
        & (attack_ms <= MAX_ATTACK_MS)
        & (peak_db >= loudest_around - LOCAL_RANGE_DB)
    )


def _window_medians(
    values: npt.NDArray[np.float64], firsts: npt.NDArray[np.int64], width: int
) -> npt.NDArray[np.float64]:
    """Median of ``values[first : first + width]`` for each first index: the lowest value before the start (the
    file starts after silence), the last one after the end."""
    padded = np.concatenate([np.full(width, values.min()), values, np.full(width, values[-1])])
    windows = np.lib.stride_tricks.sliding_window_view(padded, width)
    rows = np.clip(firsts + width, 0, len(windows) - 1)
    return np.asarray(np.median(windows[rows], axis=1))
