"""Room tone: the soft, steady noise of a room and its microphones under the calm acoustic styles.

Every real recording has a floor that never stops: the room, the players, the preamps. Between the notes of a sad
ballad, a solo piano or a calm piece, ours had none: the 6-16 kHz band fell to a faint, flickering near-silence, and
each flicker of the piano's top partials or the reverb's tail rose out of it like a hit (the sad ballad's median hit
in that band 30.5 dB under its loudest, ``tests.benchmarks.music_likeness.top_band_hits``; real recordings with a kit
1.7-17.2). Under the music now lies a bed of noise, decorrelated left and right, its low end cut at 40 Hz and its top
rolled off from 12 kHz, ``BELOW_MUSIC_DB`` under the mix's RMS: as loud as a quiet room's floor in the real
recordings measured here (the 6-16 kHz band's 5th percentile over 50 ms frames, under the whole's RMS: -37.5 to -75
dB; the sad ballad's -50.8 before, about -47 with the bed).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Audio = npt.NDArray[np.float32]

ROOM_STYLES = frozenset({"calm", "sad", "romantic", "piano", "acoustic", "cinematic"})
BELOW_MUSIC_DB = 45.0
# A solo piano is recorded close, its floor lower: at 45 dB its 6-16 kHz band's level over 50 ms frames spread 11.4 dB
# (90th less 10th percentile; real recordings 12.1-52), the bed filling the band between the notes; at 50, 15.4 dB.
_BELOW_DB = {"piano": 50.0}
_LOW_CUT_HZ, _TOP_ROLL_HZ = 40.0, 12_000.0
_BED_S = 7.3


def room_tone(mix: Audio, *, style: str, sample_rate: int, seed: int) -> Audio:
    """The mix with the room's floor under it, for the styles in ``ROOM_STYLES`` (others unchanged).
    Deterministic under ``seed``."""
    import numpy as np

    if style not in ROOM_STYLES or not len(mix):
        return mix
    rms = float(np.sqrt(np.mean(np.square(mix[::4], dtype=np.float64))))  # every 4th sample: the level, 4x cheaper
    if rms <= 0:
        return mix
    bed = _bed(sample_rate, seed % 16)
    start = (seed * 7_919) % len(bed)
    tiled = np.resize(np.roll(bed, -start, axis=0), mix.shape)
    below = _BELOW_DB.get(style, BELOW_MUSIC_DB)
    out: Audio = (mix + tiled * np.float32(rms * 10 ** (-below / 20))).astype(np.float32, copy=False)
    return out


@functools.lru_cache(maxsize=4)
def _bed(sample_rate: int, seed: int) -> Audio:
    """``_BED_S`` of the floor, unit RMS, tiled under a track (a noise this soft, 45 dB under the music, repeats
    unheard; drawn and filtered for a whole 3-minute sad track it cost about 0.3 s of CPU)."""
    import numpy as np
    from scipy.signal import butter, sosfilt

    noise = np.random.default_rng(seed + 7).standard_normal((int(_BED_S * sample_rate), 2), dtype=np.float32)
    shape = np.vstack([butter(1, _LOW_CUT_HZ, btype="highpass", fs=sample_rate, output="sos"),
                       butter(1, _TOP_ROLL_HZ, fs=sample_rate, output="sos")])  # fmt: skip
    bed = sosfilt(shape.astype(np.float32), noise, axis=0)
    unit: Audio = (bed / np.sqrt(np.mean(np.square(bed, dtype=np.float64)))).astype(np.float32)
    return unit
