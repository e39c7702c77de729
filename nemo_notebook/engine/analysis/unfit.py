"""Frames of a clip that must never be a shot of a music video: black or white frames, title cards and credits
(text on a plain ground), letterboxed frames, fades, and frozen pictures.

Per frame (on the 64×36 analysis picture):
- black or white: mean luma below ``_BLACK`` or above ``_WHITE``;
- a plain ground: at least ``_PLAIN_SHARE`` of the pixels within ``_PLAIN_RANGE`` of the median luma (a title card,
  a credits roll, a blank);
- letterboxed: the top and bottom ``_BAR_ROWS`` rows dark and flat while the middle is not;
then over time:
- fading: the brightness changes steadily by more than ``_FADE_STEP`` over half a second with no cut in between;
- frozen: half a second or more of identical frames (luma change below ``_FROZEN``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from .frames import SmallFrame

_BLACK, _WHITE = 0.07, 0.93
_PLAIN_SHARE, _PLAIN_RANGE = 0.75, 0.04
_BAR_ROWS, _BAR_DARK = 4, 0.06
_FADE_STEP = 0.12
_FADE_SPAN_MS = 500.0
_FROZEN = 0.002
_FROZEN_MS = 500.0


def frame_is_unfit(frame: SmallFrame) -> bool:
    """Black, white, a plain ground (title card, credits) or letterboxed."""
    import numpy as np

    luma = frame.luma
    mean = float(luma.mean())
    if mean < _BLACK or mean > _WHITE:
        return True
    if float(np.mean(np.abs(luma - np.median(luma)) < _PLAIN_RANGE)) >= _PLAIN_SHARE:
        return True
    bars = np.concatenate([luma[:_BAR_ROWS], luma[-_BAR_ROWS:]])
    middle = luma[_BAR_ROWS:-_BAR_ROWS]
    return bool(float(bars.max()) < _BAR_DARK and float(middle.mean()) > 2 * _BAR_DARK)


def unfit_frames(
    times_ms: npt.NDArray[np.float32],
    flagged: npt.NDArray[np.float32],
    brightness: npt.NDArray[np.float32],
    luma_change: npt.NDArray[np.float32],
    cut_frames: list[int],
) -> npt.NDArray[np.float32]:
    """1.0 for every frame that is unfit, 0.0 otherwise: ``flagged`` frames, fades and frozen stretches."""
    import numpy as np

    out: npt.NDArray[np.float32] = flagged.astype(np.float32).copy()
    n = len(times_ms)
    if n < 2:
        return out
    # fades: brightness half a second apart differs by more than _FADE_STEP, and no cut lies between
    cut_at = np.zeros(n + 1, dtype=np.int64)
    for c in cut_frames:
        if 0 < c < n:
            cut_at[c] = 1
    cuts_before = np.cumsum(cut_at)
    half = _FADE_SPAN_MS / 2
    lo = np.clip(np.searchsorted(times_ms, times_ms - half), 0, n - 1)
    hi = np.clip(np.searchsorted(times_ms, times_ms + half), 0, n - 1)
    ramp = np.abs(brightness[hi] - brightness[lo]) > _FADE_STEP
    no_cut = cuts_before[hi] - cuts_before[lo] == 0
    out[ramp & no_cut] = 1.0
    # frozen: runs of identical frames at least _FROZEN_MS long
    still = luma_change < _FROZEN
    still[0] = still[1] if n > 1 else False
    start = None
    for i in range(n + 1):
        if i < n and still[i]:
            start = i if start is None else start
            continue
        if start is not None and times_ms[i - 1] - times_ms[start] >= _FROZEN_MS:
            out[max(start - 1, 0) : i] = 1.0
        start = None
    return out
