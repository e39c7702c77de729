"""Decoding any music file, or a video's sound, to float32 samples with PyAV."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.analysis.decode import decode_audio, decode_blocks
from nemo_notebook.engine.errors import MediaError
from tests.analysis.audio_synth import ENCODINGS, drum_track, encode
from tests.conftest import shared_media

DURATION_S = 6.0
# How far a codec's length may stray (ms): lossless is exact; AAC pads to 1024-sample frames, and raw ADTS AAC also
# keeps the encoder's priming samples, which no container tells the decoder to drop.
SLACK_MS = {"wav": 0, "flac": 0, "ogg": 30, "mp3": 30, "cover.mp3": 30, "m4a": 50, "mp4": 50, "aac": 100}


@pytest.fixture(scope="module")
def encoded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("decode")
    wav = drum_track(120, duration_s=DURATION_S).write_wav(folder / "source.wav")
    files = {ext: encode(wav, folder / f"track.{ext}") for ext in ENCODINGS if ext != "wav"}
    files["wav"] = wav
    files["mp4"] = encode(wav, folder / "clip.mp4")
    files["cover.mp3"] = encode(wav, folder / "cover.mp3", with_cover=True)
    return files


@pytest.mark.parametrize("ext", [*ENCODINGS, "mp4", "cover.mp3"])
def test_every_format_decodes_to_the_same_music(encoded: dict[str, Path], ext: str) -> None:
    reference = decode_audio(encoded["wav"]).samples
    audio = decode_audio(encoded[ext])
    assert audio.sample_rate_hz == 22050
    assert audio.samples.dtype == np.float32 and audio.samples.ndim == 1
    assert abs(audio.duration_ms - DURATION_S * 1000) <= SLACK_MS[ext]
    n = min(len(reference), len(audio.samples))
    lag = _lag(reference[:n], audio.samples[:n])
    assert abs(lag) <= SLACK_MS[ext] / 1000 * 22050
    shifted = np.roll(audio.samples[:n], -lag)
    assert np.corrcoef(reference[: n - 2000], shifted[: n - 2000])[0, 1] > 0.9


def _lag(a: np.ndarray, b: np.ndarray) -> int:
    spectrum = np.fft.irfft(np.fft.rfft(b, 2 * len(a)) * np.conj(np.fft.rfft(a, 2 * len(a))))
    i = int(np.argmax(spectrum))
    return i if i < len(a) else i - 2 * len(a)


def test_wav_duration_is_exact_and_resampling_keeps_it(encoded: dict[str, Path]) -> None:
    native = decode_audio(encoded["wav"], sample_rate_hz=22050)
    upsampled = decode_audio(encoded["wav"], sample_rate_hz=48000, channels=2)
    assert native.duration_ms == upsampled.duration_ms == DURATION_S * 1000
    assert native.samples.shape == (int(DURATION_S * 22050),)
    assert upsampled.samples.shape == (2, int(DURATION_S * 48000))
    assert upsampled.channels == 2 and native.channels == 1
    np.testing.assert_allclose(upsampled.samples[0], upsampled.samples[1])


def test_max_duration_stops_early(encoded: dict[str, Path]) -> None:
    audio = decode_audio(encoded["flac"], max_duration_ms=2500)
    assert audio.duration_ms == 2500
    assert len(audio.samples) == round(2.5 * 22050)


def test_real_mp3_with_cover_picture() -> None:
    audio = decode_audio(shared_media("vibe-ace.mp3"))
    assert audio.source_sample_rate_hz == 44100 and audio.source_channels == 2
    assert 61_000 <= audio.duration_ms <= 62_000
    assert np.abs(audio.samples).max() > 0.1


def test_surround_video_sound_is_downmixed() -> None:
    audio = decode_audio(shared_media("big-buck-bunny-30s.mp4"), channels=2, sample_rate_hz=48000)
    assert audio.source_channels == 6
    assert audio.samples.shape[0] == 2
    assert abs(audio.duration_ms - 30_000) <= 100


def test_a_picture_has_no_audio_stream() -> None:
    with pytest.raises(MediaError, match="no audio stream"):
        decode_audio(shared_media("big-buck-bunny-poster.jpg"))


def test_a_text_file_is_not_media(tmp_path: Path) -> None:
    fake = tmp_path / "song.mp3"
    fake.write_text("this is not music\n" * 100)
    with pytest.raises(MediaError, match=r"song\.mp3"):
        decode_audio(fake)


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="does not exist"):
        decode_audio(tmp_path / "nowhere.wav")


def test_truncated_file_decodes_what_is_there(encoded: dict[str, Path], tmp_path: Path) -> None:
    cut = tmp_path / "cut.mp3"
    data = encoded["mp3"].read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    audio = decode_audio(cut)
    assert 0.3 * DURATION_S * 1000 < audio.duration_ms < 0.7 * DURATION_S * 1000


def test_decoding_can_start_part_way(tmp_path: Path) -> None:
    """Two seconds of silence, then a second of tone: from 2000 ms, 1000 ms of it is all tone."""
    from tests.proof import media

    wav = tmp_path / "late.wav"
    media.ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=22050:duration=3", "-af",
                 "volume=enable='lt(t,2)':volume=0", "-c:a", "pcm_s16le", wav)  # fmt: skip
    late = decode_audio(wav, start_ms=2000, max_duration_ms=1000)
    assert late.duration_ms == pytest.approx(1000, abs=30)
    assert float(np.sqrt(np.mean(late.samples**2))) > 0.07  # the tone throughout (at 1/8 of full scale: RMS 0.088)
    assert float(np.abs(decode_audio(wav, max_duration_ms=1000).samples).max()) < 0.01


@pytest.mark.parametrize(
    ("start_ms", "duration_ms", "rate", "channels"),
    [(0, None, 48000, 2), (12_345, 40_000, 48000, 2), (0, None, 22050, 1), (0, 7_000, 8000, 1)],
)
def test_the_blocks_joined_are_the_decoded_sound(
    start_ms: int, duration_ms: int | None, rate: int, channels: int
) -> None:
    """What is measured a block at a time (issue 27: a long song never held whole) hears exactly what is decoded whole:
    the same samples, to the last one, whatever the start and length."""
    song = shared_media("vibe-ace.mp3")  # 61 s: blocks of 10 s or more, the last cut to the source's length
    whole = decode_audio(song, sample_rate_hz=rate, channels=channels, start_ms=start_ms, max_duration_ms=duration_ms)
    blocks = list(
        decode_blocks(song, sample_rate_hz=rate, channels=channels, start_ms=start_ms, max_duration_ms=duration_ms)
    )
    assert all(block.shape[0] == channels for block in blocks)
    joined = np.concatenate(blocks, axis=1)
    assert np.array_equal(joined[0] if channels == 1 else joined, whole.samples)
    if duration_ms is None or duration_ms > 20_000:
        assert len(blocks) > 1  # the joins are tried
