"""Frames of a clip that must never be a shot of a music video: black or white frames, title cards and credits
(text on a plain ground), letterboxed frames, fades, and frozen pictures.

Per frame (on the 64×36 analysis picture):
- black or white: mean luma below ``_BLACK`` or above ``_WHITE``;
- a plain ground: at least ``_PLAIN_SHARE`` of the pixels within ``_PLAIN_RANGE`` of the median luma (a title card,
  a credits roll, a blank);
- letterboxed: the top and bottom ``_BAR_ROWS`` rows dark and flat while the middle is not;
- lettered (a title or caption over footage, see ``text_density``): scored per frame on the 72×128 ``fine`` luma;
then over time:
- fading: the brightness changes steadily by more than ``_FADE_STEP`` over half a second with no cut in between;
- frozen: half a second or more of identical frames (luma change below ``_FROZEN``);
- lettered: ``_TEXT_MS`` or more of frames whose text density reaches ``_TEXT``;
and every unfit stretch grows by ``_GUARD_MS`` both ways (a lettered one by ``_TEXT_GUARD_MS``), up to the nearest
cut: a card's or a title's fade-in and fade-out show its letters faintly before they are strong enough to be found
(the bunny clip's title fades in over 25.0–25.8 s and is found from 25.75 s).

Text density is what sets letters apart from footage at this size: letters are sharp, bright (white or a light
colour, or dark on a bright ground) strokes packed in lines. In a box an eighth of the picture high and a quarter wide
that holds a line of them, ``_TEXT`` (0.18) or more of the neighbouring samples differ by ``_STROKE_STEP`` luma with
the brighter one above ``_STROKE_BRIGHT``, and the box is ``_GATHERED`` times denser in such steps than the whole
picture (a pattern sharp all over, like a cellular automaton, is not a title). Measured on the Big Buck Bunny clip:
its footage (clouds, trees, a stream, a bird) peaks at 0.13, its "Big Buck Bunny" title over footage holds at
0.26–0.28; ffmpeg's test sources stay below 0.15 (``testsrc``'s counter digits).
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
_STROKE_STEP, _STROKE_BRIGHT = 0.3, 0.8
_TEXT = 0.18
_GATHERED = 3.0
_BOX_ROWS = 8
_TEXT_MS = 300.0
_GUARD_MS = 500.0
_TEXT_GUARD_MS = 1000.0


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


def text_density(frame: SmallFrame) -> float:
    """The largest share of sharp bright steps in a box 1/8 of the picture high and 1/4 wide (0..1; see above)."""
    import numpy as np

    if frame.fine is None:
        return 0.0
    fine = frame.fine
    steps = (np.abs(np.diff(fine, axis=1)) > _STROKE_STEP) & (np.maximum(fine[:, 1:], fine[:, :-1]) > _STROKE_BRIGHT)
    high, wide = max(fine.shape[0] // _BOX_ROWS, 1), max(fine.shape[1] // 4, 1)
    total = np.zeros((steps.shape[0] + 1, steps.shape[1] + 1), dtype=np.int32)
    total[1:, 1:] = steps.cumsum(0).cumsum(1)
    boxes = total[high:, wide:] - total[:-high, wide:] - total[high:, :-wide] + total[:-high, :-wide]
    densest = float(boxes.max()) / (high * wide) if boxes.size else 0.0
    # letters gather in lines; a pattern sharp all over (leaves against the sky, a test pattern) is not a title
    return densest if densest >= _GATHERED * float(steps.mean()) else 0.0


def unfit_frames(
    times_ms: npt.NDArray[np.float32],
    flagged: npt.NDArray[np.float32],
    brightness: npt.NDArray[np.float32],
    luma_change: npt.NDArray[np.float32],
    cut_frames: list[int],
    text: npt.NDArray[np.float32] | None = None,
) -> npt.NDArray[np.float32]:
    """1.0 for every frame that is unfit, 0.0 otherwise: ``flagged`` frames, fades, frozen and lettered stretches
    (``text``: each frame's ``text_density``), each grown by the guard margins up to the nearest cut."""
    import numpy as np

    n = len(times_ms)
    if n < 2:
        few: npt.NDArray[np.float32] = flagged.astype(np.float32)
        return few
    times = times_ms.astype(np.float64)
    cut_at = np.zeros(n, dtype=np.int64)
    for c in cut_frames:
        if 0 < c < n:
            cut_at[c] = 1
    shot = np.cumsum(cut_at)  # which of the clip's shots each frame is in
    # fades: brightness half a second apart differs by more than _FADE_STEP, and no cut lies between
    half = _FADE_SPAN_MS / 2
    lo = np.clip(np.searchsorted(times, times - half), 0, n - 1)
    hi = np.clip(np.searchsorted(times, times + half), 0, n - 1)
    ramp = (np.abs(brightness[hi] - brightness[lo]) > _FADE_STEP) & (shot[hi] == shot[lo])
    # frozen: runs of identical frames at least _FROZEN_MS long, with the frame before them
    still = luma_change < _FROZEN
    still[0] = still[1]
    frozen = _long_runs(still, times, _FROZEN_MS)
    frozen[:-1] |= frozen[1:] & ~frozen[:-1]
    lettered = _long_runs(text >= _TEXT, times, _TEXT_MS) if text is not None else np.zeros(n, dtype=bool)
    unfit = (flagged > 0) | ramp | frozen
    out = _grow(unfit, times, shot, _GUARD_MS) | _grow(lettered, times, shot, _TEXT_GUARD_MS)
    marks: npt.NDArray[np.float32] = out.astype(np.float32)
    return marks


def _long_runs(mask: npt.NDArray[np.bool_], times: npt.NDArray[np.float64], min_ms: float) -> npt.NDArray[np.bool_]:
    """``mask`` kept only where it is true for at least ``min_ms`` in a row."""
    import numpy as np

    from .dsp import true_runs

    out = np.zeros_like(mask)
    for start, end in true_runs(mask):
        if times[end - 1] - times[start] >= min_ms:
            out[start:end] = True
    return out


def _grow(
    mask: npt.NDArray[np.bool_], times: npt.NDArray[np.float64], shot: npt.NDArray[np.int64], guard_ms: float
) -> npt.NDArray[np.bool_]:
    """``mask`` widened by ``guard_ms`` both ways, but never into another of the clip's shots."""
    import numpy as np

    first = times[np.searchsorted(shot, shot, side="left")]
    last = times[np.searchsorted(shot, shot, side="right") - 1]
    before = np.maximum.accumulate(np.where(mask, times, -np.inf))
    after = np.minimum.accumulate(np.where(mask, times, np.inf)[::-1])[::-1]
    near_before = (before >= first) & (times - before <= guard_ms)
    near_after = (after <= last) & (after - times <= guard_ms)
    grown: npt.NDArray[np.bool_] = mask | near_before | near_after
    return grown
