"""``master``'s loudness and true peak, measured on sound that comes a block at a time, so that a long track is never
held whole: the K-weighting filters carry their state from block to block (``sosfilt``'s ``zi``), the 100 ms sums
carry the samples short of a whole hop, and the true peak is worked out in ``master``'s chunks with the same margins.
Fed a whole track in any blocks, they give ``loudness_lufs`` and ``true_peak_dbtp`` of it to float rounding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .master import _CHUNK, _FILTER_DELAY, _gated_lufs, _k_weighting, _oversampled_peaks

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Audio = npt.NDArray[np.float32]


class LoudnessMeter:
    """Integrated loudness (LUFS, BS.1770-4) of float32 stereo blocks, shape ``(n, 2)``, added in order."""

    def __init__(self, sample_rate: int) -> None:
        import numpy as np

        self.hop = int(0.1 * sample_rate)
        self.sos = _k_weighting(sample_rate)
        self.state = np.zeros((len(self.sos), 2, 2), dtype=np.float32)
        self.short = np.zeros((0, 2), dtype=np.float32)  # K-weighted samples short of a whole hop
        self.sums: list[npt.NDArray[np.float64]] = []

    def add(self, block: Audio) -> None:
        import numpy as np
        from scipy.signal import sosfilt

        if not len(block):  # a stretch's last block may hold nothing
            return
        weighted, self.state = sosfilt(self.sos, block, axis=0, zi=self.state)
        weighted = np.concatenate([self.short, weighted]) if len(self.short) else weighted
        hops = len(weighted) // self.hop
        whole = weighted[: hops * self.hop].T
        self.sums.append(
            np.square(whole, dtype=np.float32).reshape(2, hops, self.hop).sum(axis=(0, 2), dtype=np.float64)
        )
        self.short = weighted[hops * self.hop :]

    def lufs(self) -> float:
        """What ``master.loudness_lufs`` says of the blocks joined; -70 for silence."""
        import numpy as np

        return _gated_lufs(np.concatenate(self.sums) if self.sums else np.zeros(0), self.hop)


class TruePeakMeter:
    """True peak (dBTP, 4x oversampled) of float32 stereo blocks, shape ``(n, 2)``, added in order."""

    def __init__(self) -> None:
        import numpy as np

        self.margin = 2 * _FILTER_DELAY
        self.pending = np.zeros((0, 2), dtype=np.float32)
        self.before = 0  # samples of ``pending`` already measured, kept as the next chunk's margin
        self.peak = 0.0

    def add(self, block: Audio) -> None:
        import numpy as np

        self.pending = np.concatenate([self.pending, block])
        while len(self.pending) >= self.before + _CHUNK + self.margin:
            window = self.pending[: self.before + _CHUNK + self.margin]
            self.peak = max(self.peak, float(_oversampled_peaks(window)[self.before : self.before + _CHUNK].max()))
            self.pending = self.pending[self.before + _CHUNK - self.margin :]
            self.before = self.margin

    def dbtp(self) -> float:
        """What ``master.true_peak_dbtp`` says of the blocks joined (-180 for silence)."""
        import math

        peak = self.peak
        if len(self.pending) > self.before:
            peak = max(peak, float(_oversampled_peaks(self.pending)[self.before :].max()))
        return 20 * math.log10(max(peak, 1e-9))
