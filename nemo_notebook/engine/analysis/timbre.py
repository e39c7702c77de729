"""The music's colour for a picture of it: how noisy its tone is and whether it sounds major or minor.

- ``flatness``: the median spectral flatness (geometric over arithmetic mean of the power, 100 Hz-8.6 kHz) of the
  frames louder than the quietest 30 %. Distorted guitars are noise-like across the middle of the spectrum, synths
  and drum machines less so, strings, voices, pianos and horns hardly at all: on the evaluation set, rock and metal
  0.07-0.20, electronic, tracker and synth pop 0.02-0.03, orchestral, folk, jazz and hip-hop stems 0.0004-0.005.
- ``mode``: how much better the chroma averaged over the track fits the best major key's Krumhansl-Kessler profile
  than the best minor key's (Pearson correlations subtracted, -1..1): above 0.1 major, below -0.1 minor, between
  unclear (orchestral pieces in minor keys -0.17 to -0.25, a pop ballad and a pop-rock song +0.22 to +0.24).

Both are read by ``planning.palettes`` to choose the colours of a track alone's backdrop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

_LOW_BIN, _HIGH_BIN = 5, 400  # 108 Hz .. 8.6 kHz at 22.05 kHz, n_fft 1024
_STEP = 4  # every fourth frame (46 ms): a median over a piece needs no more
_QUIET_SHARE = 30  # percentile: frames below it (rests, fades) do not count
_FRAMES_AT_ONCE = 1024  # of the frames taken (about 48 s of music)
_MAJOR = (6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88)
_MINOR = (6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17)


def flatness(power: npt.NDArray[np.float32]) -> float:
    """Median spectral flatness (0..1) of the louder frames of a power spectrogram (bins x frames, n_fft 1024 at
    22.05 kHz); 0 for silence or fewer than two frames. Worked out ``_FRAMES_AT_ONCE`` frames at a time, each frame as
    it would be with all of them at once (a 10-minute track's band in float64, its logarithm and its loud frames
    took 120 MB together)."""
    import numpy as np

    band = power[_LOW_BIN:_HIGH_BIN, ::_STEP]
    if band.shape[-1] < 2 or not band.any():
        return 0.0
    firsts = range(0, band.shape[-1], _FRAMES_AT_ONCE)
    total = np.concatenate([_frames_from(band, first).sum(axis=0) for first in firsts])
    quiet = np.percentile(total, _QUIET_SHARE)
    ratios = []
    for first in firsts:
        loud = _frames_from(band, first)[:, total[first : first + _FRAMES_AT_ONCE] > quiet]
        ratios.append(np.exp(np.log(loud + 1e-12).mean(axis=0)) / (loud.mean(axis=0) + 1e-12))
    ratio = np.concatenate(ratios)
    return round(float(np.median(ratio)), 4) if ratio.size else 0.0


def _frames_from(band: npt.NDArray[np.float32], first: int) -> npt.NDArray[np.float64]:
    import numpy as np

    return band[:, first : first + _FRAMES_AT_ONCE].astype(np.float64)


def mode(chroma: npt.NDArray[np.float32]) -> float:
    """Best major key's profile correlation minus best minor key's, for a chroma (12 x frames); 0 when flat."""
    import numpy as np

    mean = chroma.astype(np.float64).mean(axis=1) if chroma.size else np.zeros(12)
    if float(mean.std()) <= 1e-9:
        return 0.0

    def best(profile: tuple[float, ...]) -> float:
        return max(float(np.corrcoef(np.roll(profile, k), mean)[0, 1]) for k in range(12))

    return round(best(_MAJOR) - best(_MINOR), 3)
