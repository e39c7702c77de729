"""A synthetic sung melody for the speech tests: a vowel ("ah", three formants) sung legato on notes of a scale with
vibrato, phrases of four to six notes with a breath between them, alone or over a backing (chords, a bass hit on
every beat, a hat between). Deterministic for the same ``seed``."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.ndimage import uniform_filter1d

_FORMANTS = ((730.0, 120.0, 1.0), (1090.0, 150.0, 0.5), (2440.0, 250.0, 0.3))  # Hz, width, weight


def sung_melody(
    *, seed: int = 0, seconds: float = 30.0, backing_db: float | None = -6.0, rate_hz: int = 16_000
) -> npt.NDArray[np.float32]:
    """The melody, with its backing ``backing_db`` (RMS) under the voice, or alone for ``None``; peak 0.3."""
    rng = np.random.default_rng(seed)
    pitch, loud = _notes(rng, round(seconds * rate_hz), rate_hz)
    t = np.arange(pitch.size) / rate_hz
    phase = 2 * np.pi * np.cumsum(pitch * (1 + 0.02 * np.sin(2 * np.pi * 5.5 * t))) / rate_hz
    voice = np.zeros(pitch.size)
    for harmonic in range(1, 30):
        freq = pitch * harmonic
        gain = sum(w * np.exp(-(((freq - f) / width) ** 2)) for f, width, w in _FORMANTS) + 0.02
        voice += gain / harmonic**0.5 * np.sin(harmonic * phase) * (freq < rate_hz / 2)
    voice *= loud
    voice /= np.sqrt(np.mean(voice[loud > 0.5] ** 2))
    if backing_db is not None:
        beat = (t % 0.5) / 0.5
        backing = sum(np.sin(2 * np.pi * f * t) for f in (110.0, 164.8, 220.0)) / 3
        backing += 0.8 * np.sin(2 * np.pi * 55.0 * t) * np.exp(-beat * 10)
        backing += rng.normal(0.0, 0.3, t.size) * np.exp(-((t + 0.25) % 0.5) / 0.5 * 40)
        voice += backing * 10 ** (backing_db / 20) / np.sqrt(np.mean(backing**2))
    return np.asarray(0.3 * voice / np.max(np.abs(voice)), dtype=np.float32)


def _notes(rng: np.random.Generator, size: int, rate_hz: int) -> tuple[np.ndarray, np.ndarray]:
    """The melody's pitch (Hz) and loudness (0..1) at each sample: notes of 0.45-0.9 s, gliding into each other."""
    scale = [220.0 * 2 ** (k / 12) for k in (0, 2, 4, 5, 7, 9, 11, 12)]
    pitch: list[np.ndarray] = []
    loud: list[np.ndarray] = []
    while sum(p.size for p in pitch) < size:
        for _ in range(int(rng.integers(4, 7))):
            length = round(rng.uniform(0.45, 0.9) * rate_hz)
            pitch.append(np.full(length, scale[int(rng.integers(len(scale)))]))
            loud.append(np.ones(length))
        breath = round(rng.uniform(0.25, 0.5) * rate_hz)
        pitch.append(np.full(breath, pitch[-1][-1]))
        loud.append(np.zeros(breath))
    glide = uniform_filter1d(np.concatenate(pitch)[:size], round(0.06 * rate_hz))
    return glide, uniform_filter1d(np.concatenate(loud)[:size], round(0.03 * rate_hz))
