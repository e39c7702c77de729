"""The reply on a recording cut off mid-phrase (held-out exports 05 and 06, files that stop at 4:00 at full level,
said nothing on main): where it stops and how long the video fades it, once, and not after the end is cut away."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.agent.cut_off import cut_off_words
from nemo_notebook.engine.analysis.audio import analyze_audio
from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, TrackType
from tests.conftest import shared_media
from tests.render.synth import ffmpeg

from .fakes import FakeContext, run

CUT_S = 45.3  # inside vibe-ace's loud second section, off its downbeats (tests/planning/test_song_cut_off.py)
PICTURES = [MediaInfo(f"m_p{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10 + i, width=800, height=600) for i in range(3)]


@pytest.fixture(scope="module")
def cut_off(tmp_path_factory: pytest.TempPathFactory) -> AudioAnalysis:
    path = tmp_path_factory.mktemp("cut") / "cut-off.wav"
    ffmpeg("-i", str(shared_media("vibe-ace.mp3")), "-t", str(CUT_S), str(path))
    return analyze_audio(path)


def test_the_reply_says_where_the_recording_stops_until_the_end_is_cut_away(cut_off: AudioAnalysis) -> None:
    song = MediaInfo("m_song", "demo.wav", MediaKind.AUDIO, "wav", 1000, duration_ms=cut_off.duration_ms)
    ctx = FakeContext(uploads=[song, *PICTURES], audio={"m_song": cut_off}, history=[Draft.empty()])
    _, said = run(ctx, "make a music video with my photos")
    fade_ms = ctx.draft().meta.get("cut_off_fade_ms")
    assert isinstance(fade_ms, int), said  # main: no such figure, and nothing said
    (music,) = ctx.draft().tracks_of(TrackType.AUDIO)
    assert music.segments[-1].meta.get("fade_out_ms") == fade_ms and music.segments[-1].meta.get("fade_out_phrase")
    assert cut_off.duration_ms // 8 - 1 <= fade_ms <= cut_off.duration_ms // 8  # a 45 s video: an eighth of it
    assert "your recording stops at 0:45 while the music still plays" in said, said
    assert "upload the whole recording" in said, said
    _, said = run(ctx, "add the title 'Demo'")
    assert "stops at" not in said, said  # said once
    _, said = run(ctx, "cut the last 10 seconds")
    assert "stops at" not in said and "cut_off_fade_ms" not in ctx.draft().meta, said


@pytest.mark.parametrize("kind", ["talk", "steady_noise"])
@pytest.mark.parametrize("zh", [False, True])
def test_a_voice_or_noise_that_stops_abruptly_is_not_called_music(kind: str, zh: bool) -> None:
    """A fan recording stopped at 0:20 was told "while the music still plays ... if the song goes on" (stop 49)."""
    cut = Draft.empty().with_meta(cut_off_fade_ms=2500, **{kind: True})
    said = cut_off_words(Draft.empty(), cut, zh=zh)
    assert said and "2.5" in said, said
    for word in ("music", "song", "音乐", "歌曲"):
        assert word not in said, said
