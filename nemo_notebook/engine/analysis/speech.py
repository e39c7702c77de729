"""Is a clip's own sound there, and how much of it sounds like speech? A crude, model-free estimate for ducking.

Method (no trained model can be downloaded, so this is a hand-made rule, and it can be fooled):

1. 16 kHz mono, 32 ms frames every 16 ms. A frame is *active* when its level is at least 12 dB over the clip's
   noise floor (the 10th percentile of frame levels) and above -50 dBFS.
2. An active frame is *voice-like* when at least 65% of its energy lies in the telephone band (300–3400 Hz,
   where speech formants live) and its spectrum there is peaky rather than flat (spectral flatness under 0.35):
   voiced speech is harmonic, while wind, hiss, applause and cymbals are flat.
3. Speech comes in syllables with pauses between them. A one-second window (half a second apart) counts as speech
   when 30–95% of its frames are voice-like and the telephone-band level swings by at least 6 dB (standard
   deviation) across the window. Sustained music rarely stops for breath that often.

``speech_ratio`` is the share of windows that count as speech. A sung melody with rests, a solo flute or a talkative
parrot count as speech; whispering and shouting over loud music may not. It decides only how far the music
ducks, so an error costs a little loudness, never content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

SAMPLE_RATE_HZ = 16_000
_FRAME = 512
_HOP = 256
_WINDOW_FRAMES = 62  # ≈ 1 s of 16 ms hops
_BLOCK = 2048  # frames analysed at once (≈ 33 s)
SILENCE_DBFS = -60.0
"""Sound whose peak stays under this is treated as no sound at all (a silent track muxed in by an editor)."""


def is_audible(samples: npt.NDArray[np.float32]) -> bool:
    """True when the peak of ``samples`` (floats in -1..1) rises above ``SILENCE_DBFS``."""
    import numpy as np

    if samples.size == 0:
        return False
    return bool(20.0 * np.log10(float(np.max(np.abs(samples))) + 1e-12) > SILENCE_DBFS)


def speech_ratio(samples: npt.NDArray[np.float32], sample_rate_hz: int = SAMPLE_RATE_HZ) -> float:
    """Share (0..1) of one-second windows of ``samples`` (mono, -1..1, at ``sample_rate_hz``) that sound like speech."""
    if samples.size < _FRAME * 4 or not is_audible(samples):
        return 0.0
    voice_like, band_db = _frame_features(samples, sample_rate_hz)
    windows = _speech_windows(voice_like, band_db)
    return round(float(windows.mean()), 3) if windows.size else 0.0


def _frame_features(samples: npt.NDArray[np.float32], sample_rate_hz: int) -> tuple[np.ndarray, np.ndarray]:
    """Per 16 ms frame: is it voice-like (bool), and the telephone band's level (dB)."""
    import numpy as np

    count = 1 + (samples.size - _FRAME) // _HOP
    blocks = [
        _block_features(samples, first, min(count, first + _BLOCK), sample_rate_hz) for first in range(0, count, _BLOCK)
    ]
    level_db, band_share, flatness, band_db = (np.concatenate(parts) for parts in zip(*blocks, strict=True))
    floor_db = float(np.percentile(level_db, 10))
    active = (level_db > floor_db + 12.0) & (level_db > -50.0)
    return active & (band_share >= 0.65) & (flatness < 0.35), band_db


def _block_features(
    samples: npt.NDArray[np.float32], first: int, end: int, sample_rate_hz: int
) -> tuple[np.ndarray, ...]:
    """Level (dBFS), telephone-band share of energy, band flatness and band level (dB) of frames ``first…end-1``.

    Done a block of frames at a time so that an hour of sound never needs more than a few MB at once.
    """
    import numpy as np

    index = np.arange(_FRAME)[None, :] + _HOP * np.arange(first, end)[:, None]
    frames = samples[index].astype(np.float64)
    power = np.abs(np.fft.rfft(frames * np.hanning(_FRAME), axis=1)) ** 2
    freqs = np.fft.rfftfreq(_FRAME, 1.0 / sample_rate_hz)
    band_power = power[:, (freqs >= 300) & (freqs <= 3400)]
    band_total = band_power.sum(axis=1) + 1e-12
    flatness = np.exp(np.log(band_power + 1e-12).mean(axis=1)) / (band_power.mean(axis=1) + 1e-12)
    level_db = 10.0 * np.log10((frames**2).mean(axis=1) + 1e-12)
    share = band_total / (power[:, freqs >= 60].sum(axis=1) + 1e-12)
    return level_db, share, flatness, 10.0 * np.log10(band_total)


def _speech_windows(voice_like: np.ndarray, band_db: np.ndarray) -> np.ndarray:
    import numpy as np

    starts = range(0, max(1, voice_like.size - _WINDOW_FRAMES + 1), _WINDOW_FRAMES // 2)
    verdicts = []
    for start in starts:
        share = float(voice_like[start : start + _WINDOW_FRAMES].mean())
        swing = float(np.std(band_db[start : start + _WINDOW_FRAMES]))
        verdicts.append(0.3 <= share <= 0.95 and swing >= 6.0)
    return np.array(verdicts, dtype=bool)
