"""Real recorded speech for the talk tests (``tests/media/speech``, see its README for sources and licences), and a
"podcast" and a "voice memo" made from it: the recordings joined with pauses between phrases, the podcast over a
quiet music bed, the memo band-limited like a phone's microphone. All deterministic for the same ``seed``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from nemo_notebook.engine.analysis.decode import decode_audio

SPEECH_MEDIA = Path(__file__).resolve().parents[1] / "media" / "speech"
RECORDINGS = ("austen-sense-and-sensibility.ogg", "jfk-ask-not.ogg")
WOMAN = "ljspeech-linda-johnson.ogg"
"""A woman reading (median pitch 200 Hz); not in ``talk_track`` and what is made from it, which stay as at stop 52."""
RATE_HZ = 22050


def recording(name: str, sample_rate_hz: int = RATE_HZ) -> npt.NDArray[np.float32]:
    """One recording of ``RECORDINGS``, mono, -1..1, at ``sample_rate_hz``."""
    return decode_audio(SPEECH_MEDIA / name, sample_rate_hz=sample_rate_hz, channels=1).samples


def talk_track(*, seed: int = 0, sample_rate_hz: int = RATE_HZ) -> npt.NDArray[np.float64]:
    """Both recordings, cut at their own pauses into phrases, taken in turn (two speakers), with 0.4-1.2 s pauses
    between phrases; about 40 s."""
    rng = np.random.default_rng(seed)
    phrases = [_phrases(recording(name, sample_rate_hz), sample_rate_hz) for name in RECORDINGS]
    parts: list[npt.NDArray[np.float64]] = [np.zeros(round(0.5 * sample_rate_hz))]
    for index in range(max(len(p) for p in phrases)):
        for speaker in phrases:
            if index < len(speaker):
                parts.append(speaker[index])
                parts.append(np.zeros(round(rng.uniform(0.4, 1.2) * sample_rate_hz)))
    talk = np.concatenate(parts)
    return np.asarray(0.5 * talk / np.max(np.abs(talk)), dtype=np.float64)


def podcast(*, bed_db: float = -22.0, seed: int = 0, sample_rate_hz: int = RATE_HZ) -> npt.NDArray[np.float32]:
    """``talk_track`` over a soft music bed (a pad of three notes and a soft kick at 100 bpm) whose RMS level is
    ``bed_db`` under the voice's (over its phrases: frames within 30 dB of its loudest)."""
    voice = talk_track(seed=seed, sample_rate_hz=sample_rate_hz)
    t = np.arange(voice.size) / sample_rate_hz
    pad = sum(np.sin(2 * np.pi * f * t) for f in (220.0, 277.18, 329.63)) * (0.8 + 0.2 * np.sin(2 * np.pi * 0.25 * t))
    beat = (t % 0.6) / 0.6
    bed = pad / 3.0 + 0.6 * np.sin(2 * np.pi * 60.0 * t) * np.exp(-beat * 12.0)
    bed *= _phrase_rms(voice) / np.sqrt(np.mean(bed**2)) * 10 ** (bed_db / 20)
    return (voice + bed).astype(np.float32)


def _phrase_rms(voice: npt.NDArray[np.float64]) -> float:
    frames = voice[: voice.size // 512 * 512].reshape(-1, 512)
    level_db = 10.0 * np.log10((frames**2).mean(axis=1) + 1e-12)
    return float(np.sqrt((frames[level_db > level_db.max() - 30.0] ** 2).mean()))


def voice_memo(*, seed: int = 0, sample_rate_hz: int = RATE_HZ) -> npt.NDArray[np.float32]:
    """``talk_track`` as a phone records it: 300-3400 Hz, over a room's hiss 50 dB under the voice's peak."""
    from scipy.signal import butter, sosfilt

    voice = talk_track(seed=seed, sample_rate_hz=sample_rate_hz)
    banded = sosfilt(butter(4, (300.0, 3400.0), btype="bandpass", fs=sample_rate_hz, output="sos"), voice)
    hiss = np.random.default_rng(seed).normal(0.0, 10 ** (-50 / 20), voice.size)
    memo = banded / np.max(np.abs(banded)) * 0.5 + hiss
    return np.asarray(memo, dtype=np.float32)


def _phrases(samples: npt.NDArray[np.float32], sample_rate_hz: int) -> list[npt.NDArray[np.float64]]:
    """``samples`` cut where they stay 30 dB under their peak for at least 0.25 s (the pauses between phrases),
    the pauses left out."""
    hop = sample_rate_hz // 50
    level = np.array([np.max(np.abs(samples[i : i + hop])) for i in range(0, samples.size - hop, hop)])
    loud = level > np.max(level) * 10 ** (-30 / 20)
    phrases, start, quiet = [], None, 0
    for index, is_loud in enumerate(loud):
        if is_loud:
            start = index if start is None else start
            quiet = 0
        elif start is not None:
            quiet += 1
            if quiet >= 12:
                phrases.append(samples[start * hop : (index - quiet + 2) * hop].astype(np.float64))
                start, quiet = None, 0
    if start is not None:
        phrases.append(samples[start * hop :].astype(np.float64))
    return phrases
