"""The words a musician uses, the file they get: "create a video from this music" on their own recording exports
the music as mastered (its loudness and loudness range, within 0.5 LU), not normalised to -14 LUFS and limited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.client import Client
from nemo_notebook.protocol import TrackType
from tests.conftest import shared_media
from tests.loudness import ebu_r128_full


def test_a_music_video_plays_the_users_recording_as_mastered(real_engine: Any, tmp_path: Path) -> None:
    song = shared_media("choice-drum-bass.ogg")
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload(song)
        session.send("create a video from this music, 15 seconds long, with beat-synced cuts")
        music = next(t for t in session.state().draft.tracks if t.type == TrackType.AUDIO).segments[0]
        out = session.export(quality="low").wait().download(tmp_path / "video.mp4")
    start_s, length_s = (music.in_ms or 0) / 1000, music.duration_ms / 1000
    before = ebu_r128_full(song, start_s=start_s, duration_s=length_s)
    after = ebu_r128_full(out)
    assert after[0] == pytest.approx(before[0], abs=0.5), (before, after)  # was raised ~11 dB to -14 LUFS
    assert after[1] == pytest.approx(before[1], abs=0.5), (before, after)
    assert after[2] <= -1.0, (before, after)


def test_a_music_video_cut_short_ends_with_the_music_not_a_dead_stop(real_engine: Any, tmp_path: Path) -> None:
    """Vibe Ace cut to 12 s: the picture fades to black and the sound fades out over the last seconds."""
    import av
    import numpy as np

    from tests.render.synth import gray_frames

    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([shared_media("vibe-ace.mp3"), shared_media("big-buck-bunny-poster.jpg")])
        session.send("create a video from this music, 12 seconds long, with beat-synced cuts")
        out = session.export(quality="preview").wait().download(tmp_path / "short.mp4")
    frames = gray_frames(out)
    assert frames[-1].mean() < 0.2 * frames[len(frames) // 2].mean() + 2, "the last frame has faded to black"
    with av.open(str(out)) as container:
        sound = np.concatenate([f.to_ndarray().reshape(-1) for f in container.decode(audio=0)])
        rate = container.streams.audio[0].rate
    last, middle = sound[-rate // 4 :], sound[len(sound) // 2 : len(sound) // 2 + rate]
    assert np.sqrt(np.mean(last**2)) < 0.25 * np.sqrt(np.mean(middle**2)), "the sound has faded out"
