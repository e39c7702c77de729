"""The music's character for pacing: how much it drives (a beat played on drums, hard attacks) rather than flows.

Two measures of the spectrogram separate ambient, ballad and orchestral pieces from rock, electronic and pop on the
evaluation set's 17 recordings (``tests/benchmarks/bench_character.py`` prints them), where the onset rate and the
kicks a beat did not (an orchestral piece has 12 onsets a second, an electronic one 0.04 kicks a beat):

- ``percussive_share``: the share of the spectrum's power that a median-filter harmonic/percussive split (HPSS)
  puts in the percussive part (broadband, short); drums and distorted guitars raise it, strings, pads and voices
  do not (orchestral, folk and a rock ballad 0.05-0.17; rock, metal, electronic and pop 0.19-0.41);
- ``attack_db``: the mean rise per frame of each mel band's level in dB, over the bands within 80 dB of the peak;
  hard attacks raise it, bowed and sung notes that swell do not (orchestral, folk, a rock ballad 0.76-0.81; rock,
  metal, electronic, pop 0.91-1.71).

``drive`` is the mean of each measure mapped linearly from its calm end to its driving end, 0..1. ``character``
names it: "calm" under ``CALM_BELOW``, "driving" from ``DRIVING_FROM``, "flowing" between.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# (calm end, driving end) of each measure: at or below the first it adds 0 to the drive, at or above the second 1
PERCUSSIVE_RANGE = (0.10, 0.25)
ATTACK_RANGE_DB = (0.80, 1.00)
CALM_BELOW = 0.35
DRIVING_FROM = 0.65
_HPSS_BINS = 256  # the bins up to 5.5 kHz at 22.05 kHz, n_fft 1024: drums' and voices' energy, half the filtering
_HPSS_KERNEL = 17  # frames (200 ms at 11.6 ms) for the harmonic part, bins (370 Hz) for the percussive part
_HPSS_STEP = 4  # every fourth frame (46 ms): the share over a whole piece needs no more (same drives, half the cost)


@dataclass(frozen=True)
class Character:
    """The two measures and the drive they give (see the module's docstring)."""

    percussive_share: float
    attack_db: float

    @property
    def drive(self) -> float:
        """0 (calm: long shots, dissolves) .. 1 (driving: fast cuts in loud passages)."""
        return round((_ramp(self.percussive_share, PERCUSSIVE_RANGE) + _ramp(self.attack_db, ATTACK_RANGE_DB)) / 2, 3)


def character(drive: float) -> str:
    """ "calm", "flowing" or "driving" for a drive 0..1."""
    return "calm" if drive < CALM_BELOW else "driving" if drive >= DRIVING_FROM else "flowing"


def measure(power: npt.NDArray[np.float32], mel_db: npt.NDArray[np.float32]) -> Character:
    """The character of music from its power spectrogram (bins x frames, n_fft 1024 at 22.05 kHz) and its mel
    spectrogram in dB (bands x frames, peak 0, floored 80 dB below)."""
    return Character(percussive_share=percussive_share(power), attack_db=attack_db(mel_db))


def percussive_share(power: npt.NDArray[np.float32]) -> float:
    """The share of the power below 5.5 kHz in the percussive part of a median-filter HPSS (Fitzgerald 2010, soft
    masks with power 2); 0 for silence."""
    import numpy as np
    from scipy.ndimage import median_filter

    magnitude = np.sqrt(power[:_HPSS_BINS, ::_HPSS_STEP], dtype=np.float32)
    if magnitude.size == 0:
        return 0.0
    harmonic = median_filter(magnitude, size=(1, _HPSS_KERNEL // _HPSS_STEP + 1), mode="nearest")
    percussive = median_filter(magnitude, size=(_HPSS_KERNEL, 1), mode="nearest")
    h2, p2 = harmonic.astype(np.float64) ** 2, percussive.astype(np.float64) ** 2
    total = float((magnitude.astype(np.float64) ** 2).sum())
    if total <= 0.0:
        return 0.0
    share = (p2 / np.maximum(h2 + p2, 1e-20) * magnitude.astype(np.float64) ** 2).sum() / total
    return round(float(share), 4)


def attack_db(mel_db: npt.NDArray[np.float32]) -> float:
    """Mean rise (dB) per frame of the mel bands' levels, falls counted as 0; 0 for fewer than two frames."""
    import numpy as np

    if mel_db.shape[-1] < 2:
        return 0.0
    return round(float(np.maximum(np.diff(mel_db, axis=1), 0.0).mean(dtype=np.float64)), 4)


def _ramp(value: float, ends: tuple[float, float]) -> float:
    low, high = ends
    return min(max((value - low) / (high - low), 0.0), 1.0)
