"""One measure of a user's song's true peak (issue 29): the agent measures the song as the draft plays it (to word a
loudness match, or offer one), and the render's master gain reads that figure, kept for the file's content and span,
instead of decoding the song again (a 3-minute render measured it a second time)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_notebook.engine.agent.loudness_match import played_loudness
from nemo_notebook.engine.render.audio_mix import own_sources
from nemo_notebook.engine.render.master_level import LOWERED_TO_DBTP, master_gain_db
from tests.agent.fakes import FakeContext

from .drafts import draft, shot
from .synth import audio_info, ffmpeg

LENGTH_MS = 30_000


def test_the_render_gains_a_song_by_the_true_peak_the_agent_measured(tmp_path: Path) -> None:
    # 30 s of a quiet tone (-20 dBFS) with a 0.2 s burst at 15 s peaking at +0.8 dBTP, as float samples (11.5 MB)
    song = tmp_path / "song.wav"
    tone = "0.1*sin(2*PI*440*t)+if(between(t,14.9,15.1),1.0*sin(2*PI*1000*t),0)"
    ffmpeg("-f", "lavfi", "-i", f"aevalsrc='{tone}|{tone}':s=48000:d=30", "-c:a", "pcm_f32le", str(song))
    info = audio_info("song", song, LENGTH_MS)
    d = draft([shot(None, 0, LENGTH_MS)], LENGTH_MS, music="song", loudnorm=False)
    played = played_loudness(d, FakeContext(uploads=[info], paths={"song": song}))
    assert played is not None and played.true_peak_dbtp == pytest.approx(0.8, abs=0.2), played
    # the burst silenced where the file's identity (its size, its first and last MiB) does not see it: a render
    # that decoded the song again would find the tone's -20 dBTP and leave it as it is
    with song.open("r+b") as f:
        f.seek(3 << 20)
        f.write(bytes(song.stat().st_size - (6 << 20)))
    gain = master_gain_db(own_sources(d, {"song": (song, info)}))
    assert gain == pytest.approx(LOWERED_TO_DBTP - played.true_peak_dbtp, abs=0.05), (gain, played)
