"""The analysis's numpy versions of librosa's steps (``dsp``, ``beat_dp``) give librosa's results, and the analysis
never imports librosa or numba (whose kernels compile on import: the cold cost of a first run after installing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import librosa
import numpy as np
import pytest

from nemo_notebook.engine.analysis import audio, beat_dp, dsp, rhythm
from tests.analysis.audio_synth import drum_track

SR = 22050


@pytest.fixture(scope="module")
def track() -> np.ndarray:
    return np.asarray(drum_track(128, duration_s=20.0, noise_db=-30.0, drift=0.03).samples, dtype=np.float32)


@pytest.fixture(scope="module")
def power(track: np.ndarray) -> np.ndarray:
    return audio._power_spectrogram(track)


def test_power_spectrogram_is_librosas(track: np.ndarray) -> None:
    ours = dsp.power_frames(track, 1024, 256)
    theirs = np.abs(librosa.stft(track, n_fft=1024, hop_length=256, center=False)) ** 2
    assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6 * float(theirs.max()))


def test_mel_db_chroma_and_mfcc_are_librosas(power: np.ndarray) -> None:
    mel = librosa.feature.melspectrogram(S=power, sr=SR, n_mels=64)
    np.testing.assert_allclose(dsp.mel_power(power, SR, 64), mel, rtol=1e-5, atol=1e-9)
    np.testing.assert_allclose(dsp.mel_frequencies(66, fmax=SR / 2), librosa.mel_frequencies(n_mels=66, fmax=SR / 2))
    assert np.array_equal(dsp.fft_frequencies(SR, 1024), librosa.fft_frequencies(sr=SR, n_fft=1024))
    peak = float(mel.max())
    mel_db = librosa.power_to_db(mel, ref=peak, top_db=80.0)
    np.testing.assert_allclose(dsp.power_to_db(mel, ref=peak), mel_db, atol=1e-4)
    chroma = librosa.feature.chroma_stft(S=power, sr=SR, n_fft=1024, tuning=0.0)
    np.testing.assert_allclose(dsp.chroma(power, SR), chroma, atol=1e-5)
    np.testing.assert_allclose(dsp.mfcc(mel_db, 14), librosa.feature.mfcc(S=mel_db, n_mfcc=14), atol=1e-3)


@pytest.mark.parametrize("bounds", [[0, 5, 5, 30, 100, 400], [3, 50, 10_000], [0, 1]])
def test_sync_is_librosas(power: np.ndarray, bounds: list[int]) -> None:
    ours = dsp.sync_columns(power[:12], bounds, np.median)
    assert np.array_equal(ours, librosa.util.sync(power[:12], bounds, aggregate=np.median, pad=False))


def test_onsets_are_librosas(track: np.ndarray) -> None:
    spec = audio._spectral(track)
    envelopes = [spec.onset_envelope, *(np.random.default_rng(seed).random(3000) ** 3 for seed in range(3))]
    for envelope in envelopes:
        theirs = librosa.onset.onset_detect(onset_envelope=envelope, sr=SR, hop_length=256, units="frames")
        assert np.array_equal(dsp.onset_detect(envelope, SR, 256), theirs)
    assert len(dsp.onset_detect(np.zeros(100), SR, 256)) == 0


def test_beat_tracker_is_librosas(track: np.ndarray) -> None:
    spec = audio._spectral(track)
    local = rhythm.track(spec.beat_envelope, spec.pulse_envelope, spec.frame_rate).local_bpm
    rng = np.random.default_rng(1)
    noise = rng.random(5000) ** 4
    cases = [
        (spec.beat_envelope, spec.frame_rate, local, rhythm._tightness(local)),
        (spec.beat_envelope, spec.frame_rate, 123.0, 100.0),
        (spec.beat_envelope, spec.frame_rate, 64.0, 400.0),
        (noise, 86.13, np.linspace(100.0, 140.0, len(noise)), 30.0),
    ]
    for envelope, rate, bpm, tightness in cases:
        _, theirs = librosa.beat.beat_track(
            onset_envelope=envelope, sr=rate, hop_length=1, bpm=bpm, tightness=tightness, trim=False, units="frames"
        )
        assert np.array_equal(beat_dp.track(envelope, rate, bpm, tightness), theirs)
    assert len(beat_dp.track(np.zeros(500), 86.13, 120.0, 100.0)) == 0


def test_resampling_is_librosas(track: np.ndarray) -> None:
    at_44k = librosa.resample(track[: 3 * SR], orig_sr=SR, target_sr=44100)
    theirs = librosa.resample(at_44k, orig_sr=44100, target_sr=SR, res_type="soxr_hq")
    assert np.array_equal(audio._resample(at_44k, 44100), theirs)


def test_the_analysis_imports_neither_librosa_nor_numba() -> None:
    code = (
        "import sys, numpy as np\n"
        "from nemo_notebook.engine.analysis.audio import analyze_samples\n"
        "from tests.analysis.audio_synth import drum_track\n"
        "t = drum_track(120, duration_s=12.0)\n"
        "analyze_samples(t.samples, t.sample_rate_hz)\n"
        "analyze_samples(t.samples[::2], t.sample_rate_hz // 2)\n"
        "print(sorted({'librosa', 'numba'} & set(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        cwd=Path(__file__).parents[2],
    )
    assert out.stdout.strip() == "[]"
