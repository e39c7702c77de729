"""Hard shot cuts from per-frame differences, with an adaptive threshold that ignores fades, flashes and motion.

A frame's *cut score* mixes how much its colour histogram and its small luma picture changed since the frame
before. A hard cut is a score that stands out from its neighbours (at least ``RATIO`` times the mean of the two frames
on each side, the idea of PySceneDetect's adaptive detector): steady motion and gradual fades raise the neighbours
as much as the frame, so they do not fire. What remains is checked twice more: the luma picture must really change
(a fade from black changes the histogram a lot and the picture very little), and the picture must not come back
within a few frames (a camera flash or a single bright frame is not a cut).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float32]

RATIO = 3.0
"""A cut's score is at least this many times the mean score of the two frames either side."""
MIN_SCORE = 0.15
"""…and at least this (0..1): half histogram distance, half scaled luma difference."""
MIN_LUMA_CHANGE = 0.03
"""…and the small luma picture changes by at least this mean absolute amount (0..1)."""
FLASH_FRAMES = 4
"""A picture that returns to what it was within this many frames was a flash, not a cut."""
MIN_SHOT_MS = 250
"""Two cuts closer than this keep only the stronger one."""


@dataclass(frozen=True, eq=False)
class FrameTrack:
    """Per-frame measurements of a clip, all arrays of one length ``n`` (frame ``i`` against frame ``i-1``).

    ``luma_change`` is the mean absolute change of the 36×64 luma picture (0..1), ``hist_change`` half the L1
    distance of colour histograms (0..1). ``hists`` is (n, bins) and ``thumbs`` (n, 18, 32) luma in float16: kept to
    tell flashes from cuts and to measure how big a cut is.
    """

    times_ms: FloatArray
    luma_change: FloatArray
    hist_change: FloatArray
    hists: FloatArray
    thumbs: npt.NDArray[np.float16]

    @property
    def count(self) -> int:
        return int(self.times_ms.shape[0])


@dataclass(frozen=True)
class Cut:
    """A hard cut: ``index`` is the first frame of the new shot, at ``time_ms``; ``strength`` 0..1 how big a change."""

    index: int
    time_ms: int
    strength: float


def find_cuts(track: FrameTrack) -> list[Cut]:
    """Hard cuts in ``track``, in time order, at least ``MIN_SHOT_MS`` apart."""
    import numpy as np

    score = cut_scores(track)
    padded = np.pad(score, 2, mode="edge")
    neighbours = (padded[:-4] + padded[1:-3] + padded[3:-1] + padded[4:]) / 4.0
    stands_out = (score >= MIN_SCORE) & (score >= RATIO * neighbours) & (track.luma_change >= MIN_LUMA_CHANGE)
    stands_out[0] = False
    candidates = [int(i) for i in np.flatnonzero(stands_out) if not _is_flash(track, int(i))]
    cuts = [Cut(i, round(float(track.times_ms[i])), cut_strength(track, i)) for i in candidates]
    return _spaced(cuts, score)


def cut_scores(track: FrameTrack) -> FloatArray:
    """Each frame's cut score, 0..1: histogram change and luma change (×2.5, capped) in equal parts."""
    import numpy as np

    score: FloatArray = 0.5 * track.hist_change + 0.5 * np.minimum(1.0, 2.5 * track.luma_change)
    return score


def cut_strength(track: FrameTrack, index: int) -> float:
    """How different the shots either side of a cut look, 0..1, over up to six frames on each side."""
    import numpy as np

    before = slice(max(0, index - 6), index)
    after = slice(index, min(track.count, index + 6))
    hist = 0.5 * float(np.abs(track.hists[before].mean(axis=0) - track.hists[after].mean(axis=0)).sum())
    luma = float(np.abs(track.thumbs[before].mean(axis=0) - track.thumbs[after].mean(axis=0)).mean())
    return round(min(1.0, 0.6 * hist + 0.4 * min(1.0, 3.0 * luma)), 3)


def _is_flash(track: FrameTrack, index: int) -> bool:
    """True when the change at ``index`` starts or ends a flash: a frame shortly after it looks again like the frame
    before it, or it looks again like a frame shortly before the one before it."""
    jump_hist, jump_luma = _difference(track, index - 1, index)
    later = range(index + 1, min(track.count, index + 1 + FLASH_FRAMES))
    earlier = range(max(0, index - 1 - FLASH_FRAMES), index - 1)
    pairs = [(index - 1, k) for k in later] + [(k, index) for k in earlier]
    for a, b in pairs:
        hist, luma = _difference(track, a, b)
        if hist < 0.35 * jump_hist and luma < 0.35 * jump_luma:
            return True
    return False


def _difference(track: FrameTrack, a: int, b: int) -> tuple[float, float]:
    """Histogram distance and mean absolute luma difference between frames ``a`` and ``b``."""
    import numpy as np

    hist = 0.5 * float(np.abs(track.hists[a] - track.hists[b]).sum())
    return hist, float(np.abs(track.thumbs[a] - track.thumbs[b]).mean())


def _spaced(cuts: list[Cut], score: FloatArray) -> list[Cut]:
    """Strongest first, drop any cut within ``MIN_SHOT_MS`` of one already kept."""
    kept: list[Cut] = []
    for cut in sorted(cuts, key=lambda c: -float(score[c.index])):
        if all(abs(cut.time_ms - k.time_ms) >= MIN_SHOT_MS for k in kept):
            kept.append(cut)
    return sorted(kept, key=lambda c: c.time_ms)
