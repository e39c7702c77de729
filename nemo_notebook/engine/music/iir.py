"""IIR filtering that stays fast through silence.

Where a part rests, a recursive filter's state decays towards zero and passes through the subnormal floats (under
1.2e-38 in float32), which the CPU computes 20-50 times slower than normal ones: on a 3-minute corporate track the
half-band filter that doubles a pad's rate took 0.57 s of CPU, 0.06 s on the same samples with a noise floor under
them, and the mix bus's filters lost 2 s in all. ``filtered`` adds a noise floor 180 dB under full scale (far under
the 16-bit file's own, 96 dB down) before it filters, so no state ever decays that far.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy.typing as npt

    Signal = npt.NDArray[Any]

_FLOOR = 1e-9  # 180 dB under full scale
_FLOOR_PERIOD = 8_192  # samples: the floor repeats, it need not be white for long


def filtered(sos: Signal, signal: Signal, *, axis: int = -1) -> Signal:
    """``scipy.signal.sosfilt(sos, signal, axis=axis)`` over ``signal`` plus the noise floor, in its dtype."""
    import numpy as np
    from scipy.signal import sosfilt

    floored = np.array(signal, copy=True)
    along = np.moveaxis(floored, axis, -1)  # a view: the floor is added period by period, no full-length copy
    floor = _floor(signal.dtype.str)
    for start in range(0, along.shape[-1], _FLOOR_PERIOD):
        piece = along[..., start : start + _FLOOR_PERIOD]
        piece += floor[: piece.shape[-1]]
    out: Signal = sosfilt(sos, floored, axis=axis)
    return out


def noise_floor(length: int, *, dtype: str = "<f8") -> Signal:
    """``length`` samples of a fixed noise 180 dB under full scale (the same samples on every call)."""
    import numpy as np

    return np.resize(_floor(dtype), length)


@functools.cache
def _floor(dtype: str) -> Signal:
    import numpy as np

    floor: Signal = (np.random.default_rng(0).standard_normal(_FLOOR_PERIOD) * _FLOOR).astype(dtype)
    return floor
