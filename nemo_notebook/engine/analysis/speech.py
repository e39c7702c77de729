"""Is a clip's own sound there, and how much of it sounds like speech? A crude, model-free estimate for ducking.

Method (no trained model can be downloaded, so this is a hand-made rule, and it can be fooled):

1. 16 kHz mono, 32 ms frames every 16 ms. A frame is *active* when its level is at least 12 dB over the clip's
   noise floor (the 10th percentile of frame levels) and above -50 dBFS.
2. An active frame is *voice-like* when at least ``VOICE_FRAME_BAND_SHARE`` of its energy lies in the telephone band
   (300–3400 Hz, where speech formants live) and its spectrum there is peaky rather than flat (spectral flatness under
   0.35): voiced speech is harmonic, while wind, hiss, applause and cymbals are flat.
3. Speech comes in syllables with pauses between them. A one-second window (half a second apart) counts as speech
   when 30–95% of its frames are voice-like and the telephone-band level swings by at least 6 dB (standard
   deviation) across the window. Sustained music rarely stops for breath that often.

``speech_ratio`` is the share of windows that count as speech. A sung melody with rests, a solo flute or a talkative
parrot count as speech; whispering and shouting over loud music may not. It decides only how far the music
ducks, so an error costs a little loudness, never content.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

SAMPLE_RATE_HZ = 16_000
_FRAME = 512
_HOP = 256
_WINDOW_FRAMES = 62  # ≈ 1 s of 16 ms hops
_BLOCK = 2048  # frames analysed at once (≈ 33 s)
_STEADY_ROWS = 16  # tenths or seconds of sound that the steady-noise test works out at once
VOICE_FRAME_BAND_SHARE = 0.3
"""A voice-like frame has at least this share of its energy above 60 Hz in 300-3400 Hz. A deep man's voice keeps much
of it in its fundamental and first harmonics (100-300 Hz): a LibriVox reader's frames read a median of 0.34. Up to
stop 53 the floor was 0.65, and ``speech_ratio`` found 0.083 of that reader, 0.19-0.33 of podcasts and a talk track
made from him and JFK (tests/media/speech); at 0.3 it finds 0.79 and 0.56-0.69. Music stays low: 17 recordings by
others 0.000-0.034 (their first minute), eight Frets on Fire band stems (all but the lead guitar) 0.000-0.011, a synthetic sung melody
alone or over a backing 0.000-0.051; Big Buck Bunny's 30 s (music and effects) 0.085 either way."""
SILENCE_DBFS = -60.0
"""Sound whose peak stays under this is treated as no sound at all (a silent track muxed in by an editor)."""


def is_audible(samples: npt.NDArray[np.float32]) -> bool:
    """True when the peak of ``samples`` (floats in -1..1) rises above ``SILENCE_DBFS``."""
    import numpy as np

    if samples.size == 0:
        return False
    peak = max(float(samples.max()), -float(samples.min()))  # no copy: a long track's absolute values took one more
    return bool(20.0 * np.log10(peak + 1e-12) > SILENCE_DBFS)


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
    return active & (band_share >= VOICE_FRAME_BAND_SHARE) & (flatness < 0.35), band_db


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


PAUSE_DROP_DB = 20.0
"""A frame is part of a pause when its level is this far under the loudest frame of the second around it."""
SPEECH_PAUSE_SHARE = 0.15
"""Talk pauses between words and phrases: at least this share of a window's frames. Music fills them (measured on 17
recordings by others, 30 s windows: 0.00-0.16, a drum and bass stem with gaps 0.35; synthetic talk, alone or over a
bed 22 dB under it: 0.27-0.38; recorded talk alone 0.22-0.43, over a bed 22 dB (RMS) under it 0.23 on 40 s and
0.15-0.16 on its first 20 s; a bed 18-20 dB under it left 0.09-0.11 there, which counts as music)."""
SPEECH_SYLLABLE_SHARE = 0.55
"""Talk swings its level 1.5-10 times a second (syllables and words): at least this share of the level's modulation
(0.5-20 Hz) lies there. Measured on 30 s: recorded talk (tests/media/speech: an audiobook reader, a speech outdoors;
alone, as a podcast over a bed, as a phone memo) 0.61-0.67, synthetic talk 0.86-0.87; a drum and bass stem with gaps
0.46. Up to stop 52 the band was 2-8 Hz with the same floor: recorded talk measured 0.41-0.47 there and was never
talk."""
SPEECH_VOICE_BAND_SHARE = 0.3
"""Talk's energy lies mostly where voices are (300-3400 Hz): at least this share of it (recorded talk 0.52-0.99, a
deep man's voice lowest; synthetic talk 0.84; a drum and bass stem 0.09, a jazz trio 0.12)."""
SPEECH_MAX_REGULARITY = 0.5
"""Talk does not repeat itself on a beat: the level's autocorrelation between 0.3 and 1.5 s stays under this (talk
0.06-0.23; a click track 0.89)."""
_TALK_WINDOW_S = 30


def talk_share(samples: npt.NDArray[np.float32], sample_rate_hz: int) -> float:
    """Share (0..1) of 30-second windows of ``samples`` (mono, -1..1) that sound like talk rather than music.

    A whole-track verdict, unlike ``speech_ratio``: talk (a podcast, a voice memo, a talk over a quiet bed) stops
    between words and phrases and swings its level at the syllable rate; music, sung or not, fills its pauses. A voice
    over a loud music bed counts as music: the bed sets the pace then.
    """
    import numpy as np

    window = _TALK_WINDOW_S * sample_rate_hz
    starts = range(0, max(1, samples.size - window // 2), window)
    verdicts = [_window_is_talk(samples[s : s + window], sample_rate_hz) for s in starts]
    return round(float(np.mean(verdicts)), 3) if verdicts else 0.0


def _window_is_talk(samples: npt.NDArray[np.float32], sample_rate_hz: int) -> bool:
    import numpy as np
    from scipy.ndimage import maximum_filter1d

    frame, hop = round(0.032 * sample_rate_hz), round(0.016 * sample_rate_hz)
    if samples.size < frame * 64 or not is_audible(samples):
        return False
    count = 1 + (samples.size - frame) // hop
    index = np.arange(frame)[None, :] + hop * np.arange(count)[:, None]
    level_db = 10.0 * np.log10(np.einsum("ij,ij->i", samples[index], samples[index], dtype=np.float64) / frame + 1e-12)
    pauses = float((level_db < maximum_filter1d(level_db, round(1.0 / 0.016)) - PAUSE_DROP_DB).mean())
    envelope = 10.0 ** (level_db / 20.0)
    envelope -= envelope.mean()  # the level as an amplitude, its swing about its mean
    if pauses < SPEECH_PAUSE_SHARE or _syllabic_share(envelope, 1.0 / 0.016) < SPEECH_SYLLABLE_SHARE:
        return False
    if _voice_band_share(samples, sample_rate_hz) < SPEECH_VOICE_BAND_SHARE:
        return False
    return _regularity(envelope, 1.0 / 0.016) < SPEECH_MAX_REGULARITY


def _voice_band_share(samples: npt.NDArray[np.float32], sample_rate_hz: int) -> float:
    """The share of ``samples``' energy above 60 Hz that lies between 300 and 3400 Hz (93 ms frames at 22.05 kHz)."""
    import numpy as np

    size = 2048
    rows = samples[: samples.size // size * size].reshape(-1, size).astype(np.float64)
    power = (np.abs(np.fft.rfft(rows * np.hanning(size), axis=1)) ** 2).sum(axis=0)
    freqs = np.fft.rfftfreq(size, 1.0 / sample_rate_hz)
    whole = float(power[freqs >= 60].sum())
    return float(power[(freqs >= 300) & (freqs <= 3400)].sum()) / whole if whole > 0 else 0.0


def _regularity(envelope: np.ndarray, frame_rate: float) -> float:
    """How strongly the level's swing (``envelope``, mean 0) repeats itself at a lag of 0.3-1.5 s (a beat): how far
    its autocorrelation rises there over the lowest it fell to at a shorter lag.

    A beat's autocorrelation falls between beats and rises again at the next; talk's falls from its phrases' slow
    swell and stays down. The autocorrelation's value itself (used up to stop 52) was 0.50-0.56 at 0.3 s on the
    first 20 s of recorded talk: a slow swing, not a beat."""
    import numpy as np

    size = 1 << (2 * envelope.size - 1).bit_length()
    spectrum = np.fft.rfft(envelope, size)
    autocorrelation = np.fft.irfft(spectrum * np.conj(spectrum), size)[: envelope.size]
    if autocorrelation[0] <= 0:
        return 0.0
    rise = autocorrelation - np.minimum.accumulate(autocorrelation)
    lags = rise[round(0.3 * frame_rate) : round(1.5 * frame_rate)] / autocorrelation[0]
    return float(lags.max()) if lags.size else 0.0


def _syllabic_share(envelope: np.ndarray, frame_rate: float) -> float:
    """The share of the level's swing (``envelope``, mean 0) between 0.5 and 20 Hz that lies between 1.5 and 10 Hz."""
    import numpy as np

    power = np.abs(np.fft.rfft(envelope * np.hanning(envelope.size))) ** 2
    freqs = np.fft.rfftfreq(envelope.size, 1.0 / frame_rate)
    whole = float(power[(freqs > 0.5) & (freqs < 20.0)].sum())
    return float(power[(freqs > 1.5) & (freqs < 10.0)].sum()) / whole if whole > 0 else 0.0


STEADY_RANGE_DB = 3.0
STEADY_CHANGE_DB = 1.0
"""Steady noise (rain, a hum, static, a fan): its 100 ms level stays within ``STEADY_RANGE_DB`` (5th to 95th
percentile) and its spectrum changes by under ``STEADY_CHANGE_DB`` a second (mean over 16 bands, 60 Hz-10 kHz).
Measured: white and pink noise 0.4-2.5 dB and 0.5-0.6 dB; 17 recordings by others 5.9-36 dB and 1.9-5.1 dB."""


def is_steady_noise(samples: npt.NDArray[np.float32], sample_rate_hz: int) -> bool:
    """True when ``samples`` (mono, -1..1, at least two seconds) are audible but steady noise rather than music.

    Worked out ``_STEADY_ROWS`` blocks at a time, each block as it would be with all of them at once: a whole
    10-minute track in float64, twice, took 200 MB."""
    import numpy as np

    hop = sample_rate_hz // 10
    count = samples.size // hop
    if count < 20 or not is_audible(samples):
        return False
    level_db = np.concatenate(
        [10.0 * np.log10((blocks**2).mean(axis=1) + 1e-12) for blocks in _rows(samples, hop, count)]
    )
    if float(np.percentile(level_db, 95) - np.percentile(level_db, 5)) >= STEADY_RANGE_DB:
        return False
    return _spectral_change_db(samples, sample_rate_hz) < STEADY_CHANGE_DB


def _rows(samples: npt.NDArray[np.float32], width: int, count: int) -> Iterator[npt.NDArray[np.float64]]:
    """The first ``count`` stretches of ``width`` samples, as float64 rows, ``_STEADY_ROWS`` rows at a time."""
    import numpy as np

    for first in range(0, count, _STEADY_ROWS):
        rows = min(_STEADY_ROWS, count - first)
        yield samples[first * width : (first + rows) * width].reshape(rows, width).astype(np.float64)


def _spectral_change_db(samples: npt.NDArray[np.float32], sample_rate_hz: int) -> float:
    """How much the spectrum's shape (16 bands, 60 Hz-10 kHz, dB about their mean) moves from second to second."""
    import numpy as np

    count = samples.size // sample_rate_hz
    bands = np.concatenate([_band_powers(seconds) for seconds in _rows(samples, sample_rate_hz, count)])
    shape_db = 10.0 * np.log10(bands + 1e-12)
    shape_db -= shape_db.mean(axis=1, keepdims=True)
    return float(np.abs(np.diff(shape_db, axis=0)).mean()) if count > 1 else 0.0


def _band_powers(seconds: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The power of each second (a row of a second's samples, at as many Hz) in each of 16 bands, 60 Hz-10 kHz."""
    import numpy as np

    rate = seconds.shape[1]
    power = np.abs(np.fft.rfft(seconds * np.hanning(rate), axis=1)) ** 2
    freqs = np.fft.rfftfreq(rate, 1.0 / rate)
    edges = np.geomspace(60.0, 10_000.0, 17)
    return np.stack([power[:, (freqs >= lo) & (freqs < hi)].sum(axis=1) for lo, hi in itertools.pairwise(edges)], 1)
