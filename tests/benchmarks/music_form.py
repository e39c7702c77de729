"""How a piece's loudness moves over its form (issue 28): figures that apply alike to composed pieces and to real
recordings, so the one can be set beside the other.

* ``loudness_range``: EBU R128's LRA (LU): the 10th to the 95th percentile of the 3 s short-term loudness, blocks
  under -70 LUFS or 20 LU under the mean left out;
* ``window_spread``: the loudest minus the quietest of the consecutive windows (8 bars of the piece's tempo) whose
  loudness is above -70 LUFS;
* ``section_levels``: the integrated loudness of each section (LUFS);
* ``parts_per_section``: how many parts play notes in each section.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from nemo_notebook.engine.music.compose import Composition, SectionInfo

_SHAPED_OUT = ("pickup", "ending")


def short_term_lufs(samples: np.ndarray, rate: int, *, window_s: float = 3.0, hop_s: float = 1.0) -> np.ndarray:
    """The loudness (LUFS) of each ``window_s`` window, one every ``hop_s``, K-weighted as BS.1770."""
    from scipy.signal import sosfilt

    from nemo_notebook.engine.music.master import _k_weighting

    stereo = samples if samples.ndim == 2 else np.stack([samples, samples], axis=1)
    weighted = sosfilt(_k_weighting(rate), stereo.astype(np.float32), axis=0)
    power = np.square(weighted, dtype=np.float64).sum(axis=1)
    cumulative = np.concatenate([[0.0], np.cumsum(power)])
    size, hop = int(window_s * rate), int(hop_s * rate)
    starts = np.arange(0, max(len(power) - size, 0) + 1, hop)
    means = (cumulative[starts + size] - cumulative[starts]) / size
    with np.errstate(divide="ignore"):
        return np.asarray(-0.691 + 10 * np.log10(means))


def loudness_range(samples: np.ndarray, rate: int) -> float:
    """EBU R128 loudness range (LU)."""
    levels = short_term_lufs(samples, rate)
    levels = levels[levels > -70.0]
    if not levels.size:
        return 0.0
    relative = 10 * np.log10(np.mean(10 ** (levels / 10))) - 20.0
    kept = levels[levels > relative]
    return float(np.percentile(kept, 95) - np.percentile(kept, 10))


def window_spread(samples: np.ndarray, rate: int, window_s: float) -> float:
    """The loudest minus the quietest consecutive ``window_s`` window (LU), silent windows left out."""
    levels = short_term_lufs(samples, rate, window_s=window_s, hop_s=window_s)
    levels = levels[levels > -70.0]
    return float(levels.max() - levels.min()) if levels.size > 1 else 0.0


def section_levels(samples: np.ndarray, rate: int, sections: Sequence[SectionInfo]) -> list[float]:
    """The loudness (LUFS) of each section but the pickup and the closing chord."""
    from nemo_notebook.engine.music.master import loudness_lufs

    stereo = samples if samples.ndim == 2 else np.stack([samples, samples], axis=1)
    return [
        loudness_lufs(stereo[int(s.start_ms * rate / 1000) : int(s.end_ms * rate / 1000)].astype(np.float32), rate)
        for s in sections
        if s.name not in _SHAPED_OUT
    ]


def parts_per_section(piece: Composition) -> list[int]:
    """How many parts (drums and the fx each one) start a note in each section but the pickup and the ending (notes
    played up to 40 ms early count in the section they lead into)."""
    counts = []
    for section in piece.sections:
        if section.name in _SHAPED_OUT:
            continue
        counts.append(
            sum(
                any(section.start_ms - 40 <= n.start_ms < section.end_ms - 40 for n in part.notes)
                for part in piece.parts
            )
        )
    return counts


def eight_bars_s(samples: np.ndarray, rate: int) -> float:
    """Eight bars of four beats at the tempo librosa hears (a real recording's phrase, for ``window_spread``)."""
    import librosa

    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    tempo, _ = librosa.beat.beat_track(y=mono.astype(np.float32), sr=rate)
    bpm = float(np.atleast_1d(tempo)[0]) or 120.0
    return 32 * 60.0 / bpm
