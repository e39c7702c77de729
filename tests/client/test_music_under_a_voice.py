"""A clip whose own sound is a real voice (the LibriVox reader of ``tests/media/speech``, a deep man's voice) and
"add background music to my video", through a real engine: the composed music plays under the voice. In the export
the voice is on top: the mix is louder where he speaks than in his pauses (where the music is alone), and follows his
words, in the voice band too, where the music dips further while he speaks; the reply says in plain words that the
music is turned down while he speaks. Up to stop 53 ``speech_ratio`` read his clip as ambience (0.08 of speech): the music played at full level over him.
The export plays at the loudness of other posts (issue 29): -14 LUFS within 1 LU, as the same music over a clip's
ambience does, its true peak under -1 dBTP; at stop 53's merge it read -17.2 LUFS (preview) and -16.0 (full quality)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from scipy.signal import butter, sosfilt

from nemo_notebook.client import Client
from nemo_notebook.engine.analysis.decode import decode_audio
from tests.analysis.recorded_speech import RECORDINGS, recording
from tests.analysis.test_talk import write_wav
from tests.loudness import ebu_r128
from tests.render.synth import ffmpeg

RATE_HZ = 22050
SECONDS = 12
FRAME_S = 0.05
BODY_S = (1.5, SECONDS - 3.0)
"""Measured between the music's 1 s fade-in and its ring-out (the composer's final chord, from about 9.8 s)."""


def _voice_clip(tmp_path: Path) -> tuple[Path, npt.NDArray[np.float32]]:
    """A 12 s 360p clip (testsrc) whose sound is the reader's first 12 s, and that sound."""
    voice = recording(RECORDINGS[0], RATE_HZ)[: SECONDS * RATE_HZ]
    wav = write_wav(tmp_path / "reader.wav", voice, RATE_HZ)
    clip = tmp_path / "reading.mp4"
    ffmpeg(
        "-f", "lavfi", "-i", f"testsrc=s=640x360:r=25:d={SECONDS}", "-i", str(wav),
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(clip),
    )  # fmt: skip
    return clip, voice


@pytest.mark.parametrize("quality", ["preview", "high"])
def test_background_music_is_turned_down_under_a_real_voice(real_engine: Any, tmp_path: Path, quality: str) -> None:
    clip, voice = _voice_clip(tmp_path)
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([clip])
        reply = session.send("add background music to my video")
        draft = session.state().draft
        video = session.export(quality=quality).wait().download(tmp_path / "video.mp4")
    music = next(t for t in draft.tracks if t.meta.get("role") == "bgm")
    assert music.meta.get("duck") is True and float(music.meta["volume"]) <= 0.32, music.meta  # type: ignore[arg-type]
    # main: "Done: scored the video with …" and nothing of the voice
    assert 'turned down 10 dB while someone speaks in "reading.mp4" (0-12s)' in reply.text, reply.text
    assert "% under" not in reply.text, reply.text

    lufs, peak = ebu_r128(video)  # merge53: -17.2 LUFS preview, -16.0 high (peaks -2.5 dBTP)
    assert abs(lufs + 14.0) <= 1.0 and peak <= -1.0, (quality, lufs, peak)

    mixed = decode_audio(video, sample_rate_hz=RATE_HZ, channels=1).samples
    own = _levels_db(voice)
    words, pauses = own > own.max() - 20.0, own < own.max() - 40.0  # frames of his words, and of his pauses
    for band, louder_db, follows in ((None, 6.0, 0.6), ((300.0, 3400.0), 4.0, 0.5)):
        mix = _levels_db(mixed, band)[: own.size]
        # Measured, whole band: 8.5 dB louder in his words than in his pauses, levels correlated 0.85 (main: -1.0 dB,
        # -0.04); in the voice band 5.3 dB and 0.67 (main: -2.2 dB, -0.19; 3.1 dB and 0.71 without the music's voice
        # band dipping under him, ``render.audio_mix.DIP_UNDER_SPEECH``)
        assert np.median(mix[words]) - np.median(mix[pauses]) >= louder_db, (band, np.median(mix[words]), mix[pauses])
        assert np.corrcoef(mix, own[: mix.size])[0, 1] >= follows, band


def _levels_db(samples: npt.NDArray[np.float32], band: tuple[float, float] | None = None) -> npt.NDArray[np.float64]:
    """The level (dBFS) of each 50 ms of ``samples`` (mono, at ``RATE_HZ``) within ``BODY_S``, in ``band`` (Hz)."""
    start, end = (round(s * RATE_HZ) for s in BODY_S)
    part = samples[start:end].astype(np.float64)
    if band is not None:
        part = sosfilt(butter(4, band, btype="bandpass", fs=RATE_HZ, output="sos"), part)
    size = round(FRAME_S * RATE_HZ)
    rows = part[: part.size // size * size].reshape(-1, size)
    return np.asarray(10.0 * np.log10((rows**2).mean(axis=1) + 1e-12), dtype=np.float64)
