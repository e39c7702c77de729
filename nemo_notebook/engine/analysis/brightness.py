"""How bright a song sounds second by second: the share of its sound above ``HIGH_HZ``, in dB of the whole. A filter
sweep or hi-hats dropping out changes it while the loudness barely moves: held-out 04 (an electronic track) at
1:48 falls from about -18 to -46 dB while its level per second stays within 1 dB (s66-cover3's measure)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

HIGH_HZ = 4000.0
FLOOR_DB = -60.0  # a second with no sound above ``HIGH_HZ`` (or none at all) reads this


def seconds_bright_db(
    power: npt.NDArray[np.floating], sample_rate_hz: int, frame_rate: float, duration_ms: int
) -> tuple[float, ...]:
    """Each whole second's (the last one partly) power above ``HIGH_HZ`` against all of its power, in dB (0 down to
    ``FLOOR_DB``), from ``power`` (a power spectrogram: bins from 0 to ``sample_rate_hz`` / 2, ``frame_rate`` frames
    a second).

    >>> import numpy as np
    >>> power = np.ones((513, 44))  # white noise: 327 of its 513 bins above 4 kHz
    >>> power[200:, 22:] = 0.0  # then nothing above 4.3 kHz: 14 bins of 200
    >>> seconds_bright_db(power, 22050, 22.0, 2000)
    (-2.0, -11.5)
    """
    import numpy as np

    bins = power.shape[0]
    high = int(np.ceil(HIGH_HZ / (sample_rate_hz / 2) * (bins - 1)))
    out = []
    for start in range(0, duration_ms, 1000):
        a, b = int(start / 1000 * frame_rate), int(min(start + 1000, duration_ms) / 1000 * frame_rate)
        total = float(power[:, a:b].sum(dtype=np.float64))
        part = float(power[high:, a:b].sum(dtype=np.float64))
        ratio = 10 * np.log10(part / total) if total > 0 and part > 0 else FLOOR_DB
        out.append(round(max(FLOOR_DB, float(ratio)), 1))
    return tuple(out)
