"""How a kick drum is shaped, measured on its hits in a mix (issue 28): how long it thumps and how far its pitch falls.

At each kick the engine's detector finds (``analysis.kicks``), on the mid signal:

* ``decay``: the 30-150 Hz band's level over 10 ms frames, from its peak (within 40 ms of the attack) until it has
  fallen 12 dB (ms; capped at 400, or at the next kick). A pop kick thumps and is gone; a long 808 rings like a bass.
* ``sweep``: the pitch of the low end (under 400 Hz, from zero crossings) over the first 20 ms after the peak, over
  its pitch 40-100 ms after it. A struck drum head falls a little; a synthesised "boing" falls two or three times.

Each figure is the median over the hits. The kick's own attack is where its pitch is highest, so the first window
starts at the peak of the low band, not at the detector's onset.
"""

from __future__ import annotations

import numpy as np

_FRAME_S, _FALL_DB, _CAP_S = 0.01, 12.0, 0.4


def kick_shape(mid: np.ndarray, rate: int) -> tuple[float, float, int]:
    """Median decay (ms) and pitch sweep (ratio) of the kicks in ``mid`` (mono float, ``rate`` Hz), and how many."""
    import librosa
    from scipy.signal import butter, sosfiltfilt

    from nemo_notebook.engine.analysis.kicks import kick_times_ms

    low22 = librosa.resample(mid.astype(np.float32), orig_sr=rate, target_sr=22_050)
    kicks_s = np.asarray(kick_times_ms(low22, 22_050), dtype=float) / 1000
    band = sosfiltfilt(butter(4, (30, 150), btype="bandpass", fs=rate, output="sos"), mid)
    under = sosfiltfilt(butter(4, 400, fs=rate, output="sos"), mid)
    frame = int(_FRAME_S * rate)
    decays, sweeps = [], []
    for i, at in enumerate(kicks_s):
        end = min(at + _CAP_S, kicks_s[i + 1] if i + 1 < len(kicks_s) else at + _CAP_S)
        start = int(at * rate)
        chunk = band[start : int(end * rate)]
        count = len(chunk) // frame
        if count < 6:
            continue
        levels = 10 * np.log10(np.mean(chunk[: count * frame].reshape(count, frame) ** 2, axis=1) + 1e-20)
        peak = int(np.argmax(levels[:4]))
        below = np.nonzero(levels[peak:] <= levels[peak] - _FALL_DB)[0]
        decays.append((below[0] if len(below) else count - peak) * _FRAME_S * 1000)
        head = start + peak * frame
        early, late = (
            _pitch(under[head : head + int(0.02 * rate)], rate),
            _pitch(under[head + int(0.04 * rate) : head + int(0.1 * rate)], rate),
        )
        if early > 0 and late > 0:
            sweeps.append(early / late)
    if not decays:
        return 0.0, 0.0, 0
    return float(np.median(decays)), float(np.median(sweeps)) if sweeps else 0.0, len(decays)


def _pitch(signal: np.ndarray, rate: int) -> float:
    """Hz from the zero crossings (0 when there are fewer than three)."""
    signs = np.signbit(signal)
    crossings = np.nonzero(signs[1:] != signs[:-1])[0]
    if len(crossings) < 3:
        return 0.0
    return float((len(crossings) - 1) / 2 / ((crossings[-1] - crossings[0]) / rate))
