"""Issue 27: the engine's memory stays bounded as a song grows. The agent measures a user's song as the draft plays it
(its loudness and true peak, to offer a loudness match) in the engine's own process: main's code (e8307c8) decoded
the whole song at 48 kHz stereo and held four copies of it or more, a peak of 93 MB of Python allocations for a
1-minute song and 264 MB for a 3-minute one (2.3 GB resident for the engine on a 20-minute song); it is now
measured as it is decoded, 40 MB for either. The figures it gives are the same to the bit (``decode_blocks`` joined
is ``decode_audio``; the meters give ``master``'s figures)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.agent.loudness_match import played_loudness
from nemo_notebook.engine.music.master import loudness_lufs, true_peak_dbtp
from nemo_notebook.engine.music.meters import LoudnessMeter, TruePeakMeter
from tests.agent.fakes import FakeContext

from .drafts import draft, shot
from .synth import audio_info, ffmpeg

DECODED_MB_A_MINUTE = 48000 * 2 * 4 * 60 / 2**20  # 22 MB: a minute of sound as the measure decodes it


def _song(path: Path, seconds: float) -> Path:
    """A quiet tone (-20 dBFS) with a 0.2 s burst at 15 s peaking over full scale, 16-bit stereo at 44.1 kHz."""
    tone = "0.1*sin(2*PI*440*t)+if(between(t,14.9,15.1),1.0*sin(2*PI*1000*t),0)"
    ffmpeg("-f", "lavfi", "-i", f"aevalsrc='{tone}|{tone}':s=44100:d={seconds}", "-c:a", "pcm_s16le", str(path))
    return path


def _played(song: Path, length_ms: int) -> object:
    info = audio_info(song.stem, song, length_ms)
    d = draft([shot(None, 0, length_ms)], length_ms, music=song.stem, loudnorm=False)
    return played_loudness(d, FakeContext(uploads=[info], paths={song.stem: song}))


def test_measuring_a_3_minute_song_as_played_holds_less_than_one_copy_of_it(tmp_path: Path) -> None:
    _played(_song(tmp_path / "warm.wav", 1), 1000)  # the modules and filters it loads once, not counted
    song = _song(tmp_path / "song.wav", 180)
    tracemalloc.start()
    try:
        played = _played(song, 180_000)
        peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    assert peak_mb < 60, f"{peak_mb:.0f} MB of allocations at once (one decoded copy: {3 * DECODED_MB_A_MINUTE:.0f} MB)"
    # the tone's loudness (a sine at 0.1 is -20 dBFS, -19.3 LUFS after K-weighting at 440 Hz, the burst a little more)
    # and the burst's true peak, as measured whole
    assert played is not None
    assert played.loudness_lufs == -20.2 and abs(played.true_peak_dbtp - 0.1) <= 0.05, played  # type: ignore[attr-defined]


def test_the_meters_fed_in_blocks_say_what_master_says_of_the_whole() -> None:
    rng = np.random.default_rng(7)
    seconds = np.repeat(rng.uniform(0.01, 0.5, 40), 48000 // 4)  # a level that changes every quarter second
    audio = (rng.standard_normal((len(seconds), 2)) * seconds[:, None]).astype(np.float32)
    loudness, peak = LoudnessMeter(48000), TruePeakMeter()
    cuts = np.sort(rng.choice(len(audio), 12, replace=False))
    cuts = np.sort(np.concatenate([[0], cuts, cuts[:2]]))  # empty blocks too: a stretch's last may hold nothing
    for block in np.split(audio, cuts):
        loudness.add(block)
        peak.add(block)
    assert loudness.lufs() == pytest.approx(loudness_lufs(audio, 48000), abs=1e-6)
    assert peak.dbtp() == pytest.approx(true_peak_dbtp(audio), abs=1e-4)
