"""A stand-in for talk, made by the tests: a voiced source (120 Hz and its harmonics through three formants that move
from syllable to syllable), syllables of 120-260 ms, words of 1-4 syllables, phrases of 4-12 words, pauses of
60-150 ms between words and 300-800 ms between phrases. It has the two things ``speech.talk_share`` listens for:
pauses and a level that swings at the syllable rate."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

_FORMANTS_HZ = ((300, 2300, 3000), (700, 1200, 2500), (500, 1000, 2400), (350, 1900, 2600), (600, 1700, 2700))


def talk(duration_s: float, *, sample_rate_hz: int = 22050, seed: int = 0) -> npt.NDArray[np.float32]:
    """Mono samples (-1..1) of ``duration_s`` of talk-like sound, the same for the same ``seed``."""
    rng = np.random.default_rng(seed)
    out = np.zeros(round(duration_s * sample_rate_hz))
    pos = round(0.3 * sample_rate_hz)
    while pos < out.size:
        for _ in range(int(rng.integers(4, 13))):  # words of a phrase
            for _ in range(int(rng.integers(1, 5))):  # syllables of a word
                syllable = _syllable(rng.uniform(0.12, 0.26), rng, sample_rate_hz)
                end = min(out.size, pos + syllable.size)
                out[pos:end] += syllable[: max(end - pos, 0)]
                pos += syllable.size
            pos += round(rng.uniform(0.06, 0.15) * sample_rate_hz)
        pos += round(rng.uniform(0.3, 0.8) * sample_rate_hz)
    out += rng.normal(0.0, 10 ** (-60 / 20), out.size)  # a room's floor
    return (0.5 * out / np.max(np.abs(out))).astype(np.float32)


def _syllable(length_s: float, rng: np.random.Generator, sr: int) -> npt.NDArray[np.float64]:
    t = np.arange(round(length_s * sr)) / sr
    f0 = 120.0 * (1.0 + 0.08 * np.sin(2 * np.pi * rng.uniform(1, 3) * t))
    phase = 2 * np.pi * np.cumsum(f0) / sr
    formants = _FORMANTS_HZ[int(rng.integers(len(_FORMANTS_HZ)))]
    voice = sum(
        np.sin(k * phase) * sum(np.exp(-((((k * 120.0) - f) / 120.0) ** 2)) for f in formants) / k**0.5
        for k in range(1, 30)
    )
    envelope = np.sin(np.pi * t / length_s) ** 1.5
    return np.asarray(voice * envelope * rng.uniform(0.5, 1.0))
