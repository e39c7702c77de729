"""Analysis of music: tempo, beats, downbeats, onsets, kick drums, an energy curve, section boundaries and how much
the music drives (``character``).

``analyze_audio(path)`` decodes any audio (or a video's sound) to 22.05 kHz mono, computes one spectrogram, and
derives everything from it: the rhythm (``rhythm``), the bar phase (``meter``) and the sections (``sections``); the
kick drums (``kicks``) come from the low band of the samples themselves, at a finer time step than the spectrogram's.
Results are deterministic, and cached per file content when a ``cache_dir`` is given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import AnalysisError
from .cache import cached
from .types import ENERGY_RANGE_DB, AudioAnalysis

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from .character import Character

# Bump when results change, so that cached analyses from older code are not reused.
ANALYSIS_VERSION = 12
SAMPLE_RATE_HZ = 22050
ENERGY_HOP_MS = 100
_HOP = 256  # 11.6 ms frames: tempo resolution for fast music, and beat times well inside mir_eval's 70 ms
_N_FFT = 1024
_N_MELS = 64
_PULSE_MAX_HZ = 3000.0  # kick, snare and bass carry the beat; hats above this carry subdivisions
# Loudness compression of the mel bands for the beat envelope: log(1 + 100 x) is near-linear for quiet bands, so
# noise and hats' spill do not count as much as a kick; the local normalisation takes care of quiet passages.
_BEAT_GAMMA = 100.0
_ONSET_GAMMA = 1e4  # more compression for onsets, so that quiet notes and hats are found too
_MUSIC_RANGE_DB = 50.0
_SILENCE_DBFS = -70.0
_ENERGY_RANGE_DB = ENERGY_RANGE_DB
# the fraction of the work done after each stage, as measured on a minute of music (decoding is fast, the
# spectrogram and the beat tracker take about half of the rest each; meter, onsets and sections are quick)
_DECODED, _SPECTRUM_DONE, _BEATS_DONE = 0.1, 0.5, 0.95


@dataclass(frozen=True, eq=False)
class _Spectral:
    """What every part of the analysis reads: frame-rate envelopes and the mel spectrogram."""

    frame_rate: float
    beat_envelope: npt.NDArray[np.float64]
    pulse_envelope: npt.NDArray[np.float64]
    phase_envelope: npt.NDArray[np.float64]
    onset_envelope: npt.NDArray[np.float64]
    low_envelope: npt.NDArray[np.float64]
    music: npt.NDArray[np.bool_]
    power: npt.NDArray[np.float32]
    mel_db: npt.NDArray[np.float32]
    chroma: npt.NDArray[np.float32]


def analyze_audio(
    path: Path, *, cache_dir: Path | None = None, progress: Callable[[float], None] | None = None
) -> AudioAnalysis:
    """Tempo, beats, downbeats, onsets, kicks, energy and sections of the music in ``path``.

    Parameters
    ----------
    path : Path
        MP3, WAV, OGG, M4A, AAC, FLAC, or a video whose sound is analysed.
    cache_dir : Path, optional
        Folder for cached results; a second call for the same file content then costs a file read.
    progress : callable, optional
        Told the fraction done, 0..1, as each stage ends: decoded, spectrogram, beats (not for a cached result).

    Returns
    -------
    AudioAnalysis
        Times in integer ms from the start; ``energy`` is 0..1 every ``energy_hop_ms`` (100 ms).

    Raises
    ------
    MediaError
        The file cannot be decoded or has no audio.
    AnalysisError
        The audio decoded but could not be analysed.

    Examples
    --------
    >>> a = analyze_audio(Path("vibe-ace.mp3"), cache_dir=Path("cache"))  # doctest: +SKIP
    >>> round(a.tempo_bpm), a.beats_ms[:3], a.beats_per_bar, a.sections_ms  # doctest: +SKIP
    (130, (70, 488, 975), 4, (0, 14803, 44350))
    """
    if cache_dir is None:
        return _analyze_file(path, progress)
    return cached(
        cache_dir,
        path,
        AudioAnalysis,
        kind="audio",
        version=ANALYSIS_VERSION,
        compute=lambda: _analyze_file(path, progress),
    )


def _analyze_file(path: Path, progress: Callable[[float], None] | None = None) -> AudioAnalysis:
    from .decode import decode_audio

    audio = decode_audio(path, sample_rate_hz=SAMPLE_RATE_HZ)
    if progress is not None:
        progress(_DECODED)
    try:
        return analyze_samples(audio.samples, SAMPLE_RATE_HZ, duration_ms=audio.duration_ms, progress=progress)
    except (ValueError, FloatingPointError, MemoryError) as exc:
        raise AnalysisError(f"could not analyse the music in {path.name}: {exc}") from exc


def analyze_samples(
    samples: npt.NDArray[np.floating],
    sample_rate_hz: int,
    *,
    duration_ms: int | None = None,
    progress: Callable[[float], None] | None = None,
) -> AudioAnalysis:
    """``analyze_audio`` on samples already in memory (mono, -1..1), e.g. music the engine just synthesized.

    ``sample_rate_hz`` other than 22050 is resampled; ``duration_ms`` defaults to the samples' length; ``progress``
    hears the fraction done after the spectrogram and after the beats.
    """
    import numpy as np

    from . import brightness, character, meter, rhythm, sections, timbre
    from .kicks import kick_times_ms
    from .speech import is_steady_noise, talk_share

    y = np.asarray(samples, dtype=np.float32)
    if y.ndim != 1:
        raise ValueError(f"expected mono samples of shape (n,), got {y.shape}")
    if sample_rate_hz != SAMPLE_RATE_HZ:
        y = _resample(y, sample_rate_hz)
    duration = duration_ms if duration_ms is not None else round(len(samples) * 1000 / sample_rate_hz)
    spec = _spectral(y)
    if progress is not None:
        progress(_SPECTRUM_DONE)
    drive = character.measure(spec.power, spec.mel_db).drive
    found = rhythm.track(spec.beat_envelope, spec.pulse_envelope, spec.frame_rate, spec.phase_envelope, drive)
    if progress is not None:
        progress(_BEATS_DONE)
    beats = rhythm.keep_musical_beats(
        found.beat_frames, spec.beat_envelope, spec.music, found.local_bpm, spec.frame_rate
    )
    beats = rhythm.extend_to_edges(beats, spec.beat_envelope, found.local_bpm, spec.frame_rate)
    bar = meter.bar_phase(beats, spec.low_envelope, spec.power, spec.chroma)
    beats_ms = _to_ms(rhythm.leading_edges(beats, spec.beat_envelope), spec.frame_rate, duration)
    downbeats_ms = tuple(beats_ms[i] for i in bar.downbeats if i < len(beats_ms))
    return AudioAnalysis(
        duration_ms=duration,
        tempo_bpm=round(rhythm.tempo_of(beats, spec.frame_rate) or (found.tempo_bpm if len(beats) else 0.0), 2),
        beats_ms=beats_ms,
        downbeats_ms=downbeats_ms,
        onsets_ms=_to_ms(_onsets(spec), spec.frame_rate, duration),
        kicks_ms=tuple(t for t in kick_times_ms(y, SAMPLE_RATE_HZ) if t < duration),
        energy=_energy(y),
        energy_hop_ms=ENERGY_HOP_MS,
        sections_ms=sections.boundaries_ms(spec.chroma, spec.mel_db, spec.frame_rate, downbeats_ms, duration),
        beats_per_bar=bar.beats_per_bar,
        talk_share=talk_share(y, SAMPLE_RATE_HZ),
        steady_noise=is_steady_noise(y, SAMPLE_RATE_HZ),
        drive=drive,
        flatness=timbre.flatness(spec.power),
        mode=timbre.mode(spec.chroma),
        bright_db=brightness.seconds_bright_db(spec.power, SAMPLE_RATE_HZ, spec.frame_rate, duration),
    )


def character_of(samples: npt.NDArray[np.floating]) -> Character:
    """The measures behind ``AudioAnalysis.drive`` for mono samples at 22.05 kHz (for benchmarks and tests)."""
    import numpy as np

    from . import dsp
    from .character import measure

    power = _power_spectrogram(np.asarray(samples, dtype=np.float32))
    mel = dsp.mel_power(power, SAMPLE_RATE_HZ, _N_MELS)
    peak = max(float(mel.max(initial=0.0)), 1e-12)
    return measure(power, dsp.power_to_db(mel, ref=peak, top_db=80.0).astype(np.float32))


def _resample(y: npt.NDArray[np.float32], sample_rate_hz: int) -> npt.NDArray[np.float32]:
    """``y`` at 22.05 kHz, as ``librosa.resample(res_type="soxr_hq")``: soxr, then cut or padded to the length."""
    import numpy as np
    import soxr

    n_samples = int(np.ceil(len(y) * SAMPLE_RATE_HZ / sample_rate_hz))
    out = np.asarray(soxr.resample(y, sample_rate_hz, SAMPLE_RATE_HZ, quality="soxr_hq"), dtype=np.float32)
    return out[:n_samples] if len(out) >= n_samples else np.pad(out, (0, n_samples - len(out)))


def _spectral(y: npt.NDArray[np.float32]) -> _Spectral:
    import numpy as np

    from . import dsp
    from .rhythm import normalize_envelope

    power = _power_spectrogram(y)
    mel = dsp.mel_power(power, SAMPLE_RATE_HZ, _N_MELS)
    peak = max(float(mel.max(initial=0.0)), 1e-12)
    frame_rate = SAMPLE_RATE_HZ / _HOP
    music = _music_mask(power, frame_rate)
    centres = dsp.mel_frequencies(_N_MELS + 2, fmax=SAMPLE_RATE_HZ / 2)[1:-1]
    pulse_bands, low_bands = int(np.searchsorted(centres, _PULSE_MAX_HZ)), int(np.searchsorted(centres, 150.0))
    beat_full, pulse, low = _flux(np.log1p(_BEAT_GAMMA * mel / peak), [_N_MELS, pulse_bands, max(low_bands, 1)])
    (onset,) = _flux(np.log1p(_ONSET_GAMMA * mel / peak), [_N_MELS])
    pulse_n = normalize_envelope(pulse, music, frame_rate)
    onset_n = normalize_envelope(onset, music, frame_rate)
    mel_db = dsp.power_to_db(mel, ref=peak, top_db=80.0).astype(np.float32)
    # Decibel flux: every band's rise relative to its own level, so quiet cymbals count as much as a loud bass
    db_rise = np.maximum(0.0, np.diff(mel_db, axis=1, prepend=mel_db[:, :1])).mean(axis=0, dtype=np.float64)
    return _Spectral(
        frame_rate=frame_rate,
        beat_envelope=(normalize_envelope(beat_full, music, frame_rate) + pulse_n + 4 * onset_n) / 6,
        pulse_envelope=pulse_n,
        phase_envelope=normalize_envelope(db_rise, music, frame_rate),
        onset_envelope=onset_n,
        low_envelope=normalize_envelope(low, music, frame_rate),
        music=music,
        power=power,
        mel_db=mel_db,
        chroma=dsp.chroma(power, SAMPLE_RATE_HZ),
    )


def _flux(log_mel: npt.NDArray[np.floating], band_counts: list[int]) -> list[npt.NDArray[np.float64]]:
    """Spectral flux (mean rise over the lowest ``n`` bands) per frame, aligned so a peak is at its onset."""
    import numpy as np

    # Silence before the file (log1p of zero power is 0), so a file that starts on a hit has an onset at frame 0.
    rise = np.maximum(0.0, np.diff(log_mel, axis=1, prepend=0.0))
    # Frame t's window is centred on sample t * hop; the rise from t-1 to t is an onset near frame t.
    return [rise[:n].mean(axis=0).astype(np.float64) for n in band_counts]


def _power_spectrogram(y: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """|STFT|² (float32, centred frames), computed a minute at a time: a 10-minute track's complex STFT alone would
    take 200 MB."""
    import numpy as np

    from .dsp import power_frames

    padded = np.pad(y, _N_FFT // 2)
    n_frames = 1 + len(y) // _HOP
    power = np.empty((1 + _N_FFT // 2, n_frames), dtype=np.float32)
    chunk = int(60 * SAMPLE_RATE_HZ / _HOP)
    for start in range(0, n_frames, chunk):
        stop = min(n_frames, start + chunk)
        piece = padded[start * _HOP : (stop - 1) * _HOP + _N_FFT]
        power[:, start:stop] = power_frames(piece, _N_FFT, _HOP)
    return power


def _music_mask(power: npt.NDArray[np.float32], frame_rate: float) -> npt.NDArray[np.bool_]:
    """Frames where there is music: within 50 dB of the loud passages and above -70 dBFS, with rests of up to two
    seconds bridged (a break is still the song)."""
    import numpy as np
    from scipy.ndimage import binary_closing

    # Parseval, as librosa.feature.rms(S=...) does, without copying the spectrogram
    rms = np.sqrt(np.maximum(2.0 * power.sum(axis=0) - power[0] - power[-1], 0.0)) / _N_FFT
    level_db = 20.0 * np.log10(rms + 1e-10)
    loud_db = float(np.percentile(level_db, 99)) if len(level_db) else _SILENCE_DBFS
    music = level_db > max(loud_db - _MUSIC_RANGE_DB, _SILENCE_DBFS)
    bridge = np.ones(int(2.0 * frame_rate), dtype=bool)
    padded = np.pad(music, len(bridge), constant_values=False)
    return np.asarray(binary_closing(padded, structure=bridge)[len(bridge) : -len(bridge)] | music)


def _onsets(spec: _Spectral) -> npt.NDArray[np.int64]:
    import numpy as np

    from .dsp import onset_detect

    frames = onset_detect(spec.onset_envelope, SAMPLE_RATE_HZ, _HOP)
    return frames[spec.music[np.clip(frames, 0, len(spec.music) - 1)]] if len(frames) else frames


def _energy(y: npt.NDArray[np.float32]) -> tuple[float, ...]:
    """RMS of each 100 ms on a dB scale: 1 at the loud passages (99th percentile), 0 at 40 dB below them or less."""
    import numpy as np

    hop = SAMPLE_RATE_HZ * ENERGY_HOP_MS // 1000
    blocks = np.pad(y, (0, -len(y) % hop)).reshape(-1, hop)
    rms = np.sqrt(np.einsum("ij,ij->i", blocks, blocks, dtype=np.float64) / hop)
    level_db = 20.0 * np.log10(rms + 1e-10)
    loud_db = float(np.percentile(level_db, 99)) if len(level_db) else 0.0
    if loud_db < _SILENCE_DBFS:
        return (0.0,) * len(level_db)
    return tuple(round(float(v), 4) for v in np.clip(1.0 + (level_db - loud_db) / _ENERGY_RANGE_DB, 0.0, 1.0))


def _to_ms(
    frames: npt.NDArray[np.int64] | npt.NDArray[np.float64], frame_rate: float, duration_ms: int
) -> tuple[int, ...]:
    times = [round(float(f) * 1000.0 / frame_rate) for f in frames]
    return tuple(t for t in times if 0 <= t < duration_ms)
