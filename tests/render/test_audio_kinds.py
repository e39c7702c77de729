"""Songs as people keep them, each made from the same 8 s of "Vibe Ace": a studio bounce at 96 kHz/24-bit WAV, a
FLAC, an M4A (AAC, as a phone or iTunes stores it) and a mono 22 kHz MP3 (an old rip). Each is taken as audio,
analysed at the tempo of the same 8 s as a 44.1 kHz/16-bit WAV, and heard in the export for its whole length at the
level the WAV is heard at."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.analysis.audio import analyze_audio
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.intake.probe import probe
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import MediaKind
from tests.conftest import shared_media

from .drafts import draft, shot
from .synth import ffmpeg

LENGTH_MS = 8000
CUT = ("-ss", "20", "-t", str(LENGTH_MS / 1000))  # a steady stretch of the song, at 129 BPM
KINDS = {
    "bounce.wav": (["-ar", "96000", "-c:a", "pcm_s24le"], 96000),
    "song.flac": (["-c:a", "flac"], 44100),
    "song.m4a": (["-c:a", "aac", "-b:a", "192k"], 44100),
    "old-rip.mp3": (["-ac", "1", "-ar", "22050", "-c:a", "libmp3lame", "-b:a", "64k"], 22050),
}


def _sound(video: Path) -> np.ndarray:
    found = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(video), "-vn", "-ac", "1", "-ar", "48000",
                            "-f", "f32le", "-"], capture_output=True, check=True).stdout  # fmt: skip
    return np.frombuffer(found, np.float32).astype(np.float64)


def _seconds_rms(sound: np.ndarray) -> np.ndarray:
    return np.array([np.sqrt(np.mean(s**2)) for s in np.array_split(sound[: 48 * LENGTH_MS], LENGTH_MS // 1000)])


def _exported(song: Path, out: Path) -> np.ndarray:
    """The sound of a video made of the song alone (on a gradient), mono at 48 kHz."""
    info = probe(song, media_id="song", name=song.name)
    assert info.kind == MediaKind.AUDIO
    d = draft([shot(None, 0, LENGTH_MS)], LENGTH_MS, music="song")
    return _sound(render_draft(d, {"song": (song, info)}, out, size=(320, 180), quality="preview").path)


@pytest.fixture(scope="module")
def as_wav(tmp_path_factory: pytest.TempPathFactory) -> tuple[float, np.ndarray]:
    """The 8 s as a 44.1 kHz/16-bit WAV: its tempo and its export's sound."""
    folder = tmp_path_factory.mktemp("wav")
    wav = folder / "song.wav"
    ffmpeg(*CUT, "-i", str(shared_media("vibe-ace.mp3")), "-vn", "-ar", "44100", "-c:a", "pcm_s16le", str(wav))
    return analyze_audio(wav).tempo_bpm, _exported(wav, folder / "out.mp4")


@pytest.mark.parametrize("name", list(KINDS))
def test_a_song_of_each_kind_is_analysed_and_heard_as_the_wav(
    tmp_path: Path, name: str, as_wav: tuple[float, np.ndarray]
) -> None:
    """Measured (320x180 preview): every kind analysed at 129.6 BPM, as the WAV; each second of each export at RMS
    0.10-0.19, within 0.03 dB of the WAV's export (the mono MP3 within 0.47 dB), as long as it."""
    wav_tempo, wav_sound = as_wav
    options, rate = KINDS[name]
    song = tmp_path / name
    ffmpeg(*CUT, "-i", str(shared_media("vibe-ace.mp3")), "-vn", *options, str(song))
    info = probe(song, media_id="song", name=name)
    assert (info.kind, info.sample_rate, info.duration_ms) == (MediaKind.AUDIO, rate, pytest.approx(LENGTH_MS, abs=60))
    tempo = analyze_audio(song).tempo_bpm
    assert abs(tempo / wav_tempo - 1) < 0.03, (tempo, wav_tempo)
    sound = _exported(song, tmp_path / "out.mp4")
    assert len(sound) == pytest.approx(len(wav_sound), abs=48 * 40), (len(sound), len(wav_sound))
    heard, wav_heard = _seconds_rms(sound), _seconds_rms(wav_sound)
    assert min(heard) > 0.05, heard
    assert np.abs(20 * np.log10(heard / wav_heard)).max() < 1.5, (heard, wav_heard)
