"""The bar designs' sound levelled band by band, so that the whole width of the drawing moves on any music.

A song's power falls with frequency and a loud master sits near full scale, so drawn as it is the constant-Q bars
crowded the left of the strip (on a drum-and-bass recording the right eighth of the strip was 1-2 % lit on average,
its left quarter 30 %; the right half moved a third as much as the left) and a loud track pinned its lowest bars near
full height. Here the visualizer's own copy of the sound (never what is heard) goes through an equalizer that brings
each of ``BANDS`` log-spaced bands, over the span the visualizer draws, to the same average level ``TARGET_DB``:
bass, mids and the melody's harmonics all reach about the same height on average and move about it with the music.
The band levels come from the file itself (decoded mono at 8 kHz, Welch spectrum), at most once per file and span.
"""

from __future__ import annotations

import functools
import itertools
import math
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

LOW_HZ, HIGH_HZ = 40.0, 3_200.0  # the bar designs' axis (``visualizer._bars``)
BANDS = 12
TARGET_DB = -30.0  # each band's average power (dB full scale) after levelling
_MOST_CUT_DB, _MOST_LIFT_DB = 30.0, 30.0
RATE = 8_000
_TILT_FROM_HZ, _TILT_DB_PER_OCTAVE = 200.0, 2.4


def leveller(path: Path, start_ms: int, duration_ms: int) -> str:
    """The ``firequalizer`` that levels this span of ``path`` band by band, after a comma ("" where the span has no
    sound to measure), to follow the chain that brings the sound to the visualizer."""
    gains = band_gains_db(str(path), modified(path), int(start_ms), int(duration_ms))
    if not gains:
        return ""
    entries = ";".join(f"entry({hz:.1f},{db:.1f})" for hz, db in gains)
    return f",firequalizer=gain_entry='{entries}'"  # dB between entries (with scale=loglog it did nothing)


@functools.lru_cache(maxsize=32)
def band_gains_db(path: str, modified: float, start_ms: int, duration_ms: int) -> tuple[tuple[float, float], ...]:
    """(centre Hz, gain dB) per band: what brings the band's average power over the span to ``TARGET_DB``."""
    import numpy as np
    from scipy.signal import welch

    mono = decoded(Path(path), start_ms, duration_ms)
    if len(mono) < RATE // 2 or not np.any(mono):
        return ()
    freqs, power = welch(mono, fs=RATE, nperseg=2048)
    edges = np.geomspace(LOW_HZ, HIGH_HZ, BANDS + 1)
    gains = []
    for low, high in itertools.pairwise(edges):
        inside = (freqs >= low) & (freqs < high)
        level = 10 * math.log10(max(float(power[inside].sum() * (freqs[1] - freqs[0])), 1e-12))
        centre = math.sqrt(low * high)
        gain = max(-_MOST_CUT_DB, min(_MOST_LIFT_DB, TARGET_DB - level + _drawn_tilt_db(centre)))
        gains.append((centre, round(gain, 1)))
    return tuple(gains)


def _drawn_tilt_db(hz: float) -> float:
    """What showcqt's bars lose above 200 Hz for the same level (a -10 dB sine drew 0.62 of the strip at 45-200 Hz,
    0.55 at 400, 0.48 at 800, 0.43 at 1.6-2.4 kHz, 0.40 at 3 kHz; a bar grows ~0.025 of the strip a dB)."""
    return _TILT_DB_PER_OCTAVE * max(0.0, math.log2(hz / _TILT_FROM_HZ))


def modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def decoded(path: Path, start_ms: int, duration_ms: int) -> npt.NDArray[np.float32]:
    """The span as mono float32 at 8 kHz (empty where the file cannot be read: the bars are then drawn unlevelled),
    read only: a slice of the file's decode from its start, kept (the latest only) for the next span of the same
    file until ``forget_decoded``. A render's band levels, the strip's follow and the outro's level each read the
    song: the benchmark's 60 s render decoded it twice (0.18 CPU s each)."""
    samples = _from_start(path, start_ms + duration_ms)
    return samples[start_ms * RATE // 1000 : (start_ms + duration_ms) * RATE // 1000]


_LAST: list[tuple[tuple[str, float], int, npt.NDArray[np.float32]]] = []  # (file, modified), to ms, samples


def _from_start(path: Path, end_ms: int) -> npt.NDArray[np.float32]:
    import numpy as np

    from ..analysis.decode import decode_audio
    from ..errors import MediaError

    key = (str(path), modified(path))
    for kept_key, kept_to_ms, kept in list(_LAST):  # a copy: another render's thread may let it go meanwhile
        if kept_key == key and kept_to_ms >= end_ms:
            return kept
    try:
        samples = decode_audio(path, sample_rate_hz=RATE, channels=1, max_duration_ms=end_ms).samples
    except MediaError:
        return np.zeros(0, dtype=np.float32)
    samples.flags.writeable = False
    _LAST[:] = [(key, end_ms, samples)]
    return samples


def forget_decoded() -> None:
    """Let the kept decode go (a 20-minute song is 38 MB): the render's graph is built."""
    _LAST.clear()


def window_levels_db(path: Path, start_ms: int, duration_ms: int, window_s: float, hop_s: float) -> list[float]:
    """The span's level (dB of full scale) in ``window_s`` windows centred every ``hop_s`` from its start (clipped at
    its ends); [] where it is shorter than a window or silent."""
    import numpy as np

    mono = decoded(path, start_ms, duration_ms).astype(np.float64)
    hop, half = round(hop_s * RATE), round(window_s * RATE / 2)
    if len(mono) < 2 * half or not np.any(mono):
        return []
    power = np.concatenate([[0.0], np.cumsum(mono**2)])
    levels = []
    for centre in range(0, len(mono), hop):
        a, b = max(0, centre - half), min(len(mono), centre + half)
        levels.append(10 * math.log10(max((power[b] - power[a]) / (b - a), 1e-12)))
    return levels
