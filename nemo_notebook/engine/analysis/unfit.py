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
- frozen: half a second or more of frames that repeat the one before (a paused or duplicated picture): no block of
  the picture changes by more than compression noise (``block_change`` below ``_FROZEN``; a lone frame up to
  ``_FROZEN_BLIP``, as a keyframe redraws a repeated picture a little). Repeated frames encoded by x264 (crf 18–40)
  change by 0.002 or less, keyframes by up to 0.01. A calm shot is not frozen: a bird that blinks and breathes on a
  still branch changes a few blocks by 0.008–0.12 from frame to frame while its mean change is 0.001, so the largest
  block change tells them apart, not the mean;
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

Small letters (a caption, a "presents" line: strokes two or three samples high) fill too little of such a box, and
against a light sky their steps are fainter. They are found as a line: a box three samples high and a quarter wide
where ``_CAPTION_STEP`` steps up to ``_CAPTION_BRIGHT`` are dense while the bands just above and below it are plain
(mean step under ``_CAPTION_FLAT``): letters sit on a ground, bright detail in footage (flowers in the sun, sparkles
on water) has more of itself around it. The bunny clip's "The Peach Open Movie Project presents" line scores 0.44
this way, its footage at most 0.10; ``text_density`` is the larger of the two scores.
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
_FROZEN = 0.005  # mean luma change of a block: a repeated frame's compression noise (about one luma level)
_FROZEN_BLIP = 0.015  # one frame of a frozen stretch that changes up to this is a keyframe's refresh, not motion
_FROZEN_MS = 500.0
_BLOCK = 8  # block side on the fine picture (9×16 blocks)
_STROKE_STEP, _STROKE_BRIGHT = 0.3, 0.8
_TEXT = 0.18
_GATHERED = 3.0
_BOX_ROWS = 8
_CAPTION_STEP, _CAPTION_BRIGHT, _CAPTION_FLAT = 0.2, 0.85, 0.04
_CAPTION_ROWS, _CAPTION_BAND = 3, 2
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
    step = np.abs(np.diff(fine, axis=1))
    bright = np.maximum(fine[:, 1:], fine[:, :-1])
    steps = (step > _STROKE_STEP) & (bright > _STROKE_BRIGHT)
    wide = max(fine.shape[1] // 4, 1)
    boxes = _box_means(steps, max(fine.shape[0] // _BOX_ROWS, 1), wide)
    densest = float(boxes.max()) if boxes.size else 0.0
    # letters gather in lines; a pattern sharp all over (leaves against the sky, a test pattern) is not a title
    title = densest if densest >= _GATHERED * float(steps.mean()) else 0.0
    return max(title, _caption_density((step > _CAPTION_STEP) & (bright > _CAPTION_BRIGHT), step, wide))


def _caption_density(steps: npt.NDArray[np.bool_], step: npt.NDArray[np.float32], wide: int) -> float:
    """The densest box of ``steps`` ``_CAPTION_ROWS`` high and ``wide`` wide whose neighbouring bands, a row apart
    above and below, are plain (a line of small letters on a ground)."""
    high, band = _CAPTION_ROWS, _CAPTION_BAND
    lines = _box_means(steps, high, wide)  # lines[r]: rows r .. r + high - 1
    rough = _box_means(step, band, wide)  # rough[r]: rows r .. r + band - 1
    first, last = band + 1, rough.shape[0] - high - 1  # box rows whose bands both fit in the picture
    if last <= first:
        return 0.0
    above, below = rough[first - band - 1 : last - band - 1], rough[first + high + 1 : last + high + 1]
    plain = (above < _CAPTION_FLAT) & (below < _CAPTION_FLAT)
    return float(lines[first:last][plain].max()) if plain.any() else 0.0


def _box_means(
    values: npt.NDArray[np.bool_] | npt.NDArray[np.float32], high: int, wide: int
) -> npt.NDArray[np.float64]:
    """Mean of ``values`` in every ``high`` × ``wide`` box, indexed by the box's top-left corner."""
    import numpy as np

    total = np.zeros((values.shape[0] + 1, values.shape[1] + 1), dtype=np.float64)
    total[1:, 1:] = values.cumsum(0, dtype=np.float64).cumsum(1)
    boxes: npt.NDArray[np.float64] = (
        total[high:, wide:] - total[:-high, wide:] - total[high:, :-wide] + total[:-high, :-wide]
    ) / (high * wide)
    return boxes


def block_change(frame: SmallFrame, previous: SmallFrame) -> float:
    """The largest mean absolute luma change in a block of the picture from ``previous`` to ``frame`` (0..1).

    Blocks are ``_BLOCK`` samples square on the ``fine`` luma (half that on ``luma`` when a frame has no ``fine``).
    A repeated frame stays at compression noise in every block; any motion, however local, shows in its blocks."""
    import numpy as np

    if frame.fine is not None and previous.fine is not None and frame.fine.shape == previous.fine.shape:
        change, side = np.abs(frame.fine - previous.fine), _BLOCK
    else:
        change, side = np.abs(frame.luma - previous.luma), _BLOCK // 2
    rows, cols = change.shape[0] // side, change.shape[1] // side
    if rows == 0 or cols == 0:
        return float(change.mean()) if change.size else 0.0
    blocks = change[: rows * side, : cols * side].reshape(rows, side, cols, side).mean(axis=(1, 3))
    return float(blocks.max())


def unfit_frames(
    times_ms: npt.NDArray[np.float32],
    flagged: npt.NDArray[np.float32],
    brightness: npt.NDArray[np.float32],
    block_changes: npt.NDArray[np.float32],
    cut_frames: list[int],
    text: npt.NDArray[np.float32] | None = None,
) -> npt.NDArray[np.float32]:
    """1.0 for every frame that is unfit, 0.0 otherwise: ``flagged`` frames, fades, frozen stretches
    (``block_changes``: each frame's ``block_change`` from the one before) and lettered ones (``text``: each frame's
    ``text_density``), each grown by the guard margins up to the nearest cut."""
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
    # frozen: runs of repeated frames at least _FROZEN_MS long, with the frame before them
    still = block_changes < _FROZEN
    still[1:-1] |= (block_changes[1:-1] < _FROZEN_BLIP) & still[:-2] & still[2:]
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
