"""Saturation as pop, hip-hop and house productions use it: a soft curve the loud parts of a stem are driven into.

``saturated`` drives a signal into an asymmetric ``tanh`` (a bias before the curve, so even harmonics come with the
odd ones, as tape and valves give them), normalised so that its slope at zero is one: quiet passages pass as they
are, and the loud notes and hits, ``drive_db`` over the curve's knee, are rounded off and gain harmonics. The knee is
set from the signal's own loud level (the 90th percentile of its 10 ms peaks where it plays), so a drive means the
same on any stem at any level. The curve runs at twice the rate (``mixbus.doubled`` and ``halved``), so the
harmonics it makes above the band are filtered away instead of folding back into it; a 15 Hz high-pass after it
takes away the slow offset the bias leaves.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Audio = npt.NDArray[np.float32]

_PEAK_BLOCK_S = 0.01
_LOUD_PERCENTILE = 90.0
_PLAYING_DB = -40.0  # blocks this far under the loudest are rests, not part of the stem's loud level
_DC_HZ = 15.0


def saturated(signal: Audio, drive_db: float, sample_rate: int, *, bias: float = 0.4) -> Audio:
    """``signal`` (float32, one channel) through the curve, its loud level ``drive_db`` over the knee."""
    import numpy as np
    from scipy.signal import butter

    from nemo_notebook.engine.music.iir import filtered
    from nemo_notebook.engine.music.mixbus import doubled, halved

    knee = loud_level(signal, sample_rate) * 10 ** (-drive_db / 20)
    if knee <= 0:
        return signal
    fast = doubled(signal * np.float32(1 / knee))
    fast += np.float32(bias)
    np.tanh(fast, out=fast)
    fast -= np.float32(math.tanh(bias))
    back = halved(fast) * np.float32(knee / (1 - math.tanh(bias) ** 2))  # the slope at zero back to one
    dc = butter(1, _DC_HZ, btype="highpass", fs=sample_rate, output="sos").astype(np.float32)
    out: Audio = filtered(dc, back).astype(np.float32, copy=False)
    return out


def loud_level(signal: Audio, sample_rate: int) -> float:
    """The level of a stem's loud notes and hits: the 90th percentile of its 10 ms peaks, its rests left out."""
    import numpy as np

    block = max(1, int(_PEAK_BLOCK_S * sample_rate))
    count = len(signal) // block
    if not count:
        return 0.0
    peaks = np.abs(signal[: count * block]).reshape(count, -1).max(axis=1)
    top = float(peaks.max())
    if top <= 0:
        return 0.0
    playing = peaks[peaks > top * 10 ** (_PLAYING_DB / 20)]
    return float(np.percentile(playing, _LOUD_PERCENTILE))
