"""Talk or music: a podcast or a voice memo is recognised as talk, songs (sung or not) and noise are not."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from nemo_notebook.engine.analysis.audio import analyze_audio
from nemo_notebook.engine.analysis.decode import decode_audio
from nemo_notebook.engine.analysis.speech import talk_share
from tests.analysis.talk_synth import talk
from tests.conftest import shared_media


def write_wav(path: Path, samples: np.ndarray, sample_rate_hz: int = 22050) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate_hz)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def test_talk_is_recognised_as_talk() -> None:
    for seed in range(3):
        assert talk_share(talk(60.0, seed=seed), 22050) >= 0.9


def test_talk_over_a_quiet_music_bed_is_still_talk() -> None:
    song = decode_audio(shared_media("vibe-ace.ogg"), sample_rate_hz=22050, channels=1).samples[: 22050 * 60]
    voice = talk(60.0, seed=4)
    bed = song * (np.max(np.abs(voice)) / np.max(np.abs(song))) * 10 ** (-24 / 20)
    assert talk_share(voice + bed, 22050) >= 0.9


def test_songs_and_noise_are_not_talk() -> None:
    for name in ("vibe-ace.ogg", "choice-drum-bass.ogg"):
        song = decode_audio(shared_media(name), sample_rate_hz=22050, channels=1).samples
        assert talk_share(song, 22050) == 0.0, name
    noise = np.random.default_rng(0).normal(0.0, 0.1, 22050 * 60).astype(np.float32)
    assert talk_share(noise, 22050) == 0.0
    assert talk_share(np.zeros(22050 * 60, dtype=np.float32), 22050) == 0.0


def test_the_analysis_of_a_talk_file_says_it_is_talk(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "memo.wav", talk(40.0, seed=1))
    assert analyze_audio(path).talk_share >= 0.5
    assert analyze_audio(shared_media("vibe-ace.ogg")).talk_share == 0.0


def test_a_click_track_with_silence_between_its_clicks_is_not_talk() -> None:
    clicks = np.zeros(22050 * 12, dtype=np.float32)
    for beat_s in np.arange(0.0, 12.0, 0.5):
        start = int(beat_s * 22050)
        clicks[start : start + 200] += 0.8 * np.hanning(200).astype(np.float32)
    assert talk_share(clicks, 22050) == 0.0


def test_steady_noise_is_told_from_music() -> None:
    from nemo_notebook.engine.analysis.speech import is_steady_noise

    rng = np.random.default_rng(1)
    white = rng.normal(0.0, 0.1, 22050 * 30).astype(np.float32)
    from scipy.signal import lfilter

    rumble = lfilter([0.05], [1.0, -0.95], white).astype(np.float32)  # low-passed: a hum of traffic, a fan
    assert is_steady_noise(white, 22050) and is_steady_noise(rumble, 22050)
    for name in ("vibe-ace.ogg", "choice-drum-bass.ogg"):
        song = decode_audio(shared_media(name), sample_rate_hz=22050, channels=1).samples
        assert not is_steady_noise(song, 22050), name
    assert not is_steady_noise(talk(30.0, seed=5), 22050)
    assert not is_steady_noise(np.zeros(22050 * 30, dtype=np.float32), 22050)  # silence is silence, not noise
