"""A track that opens on silence (issue 29's odd cases: 8 s of nothing before the song starts): the video keeps the
silent opening, and the reply says so and how to cut it; "trim the silence at the start" cuts exactly that."""

from __future__ import annotations

from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from tests.agent.fakes import FakeContext, run
from tests.render.synth import click_analysis

SONG = MediaInfo("m_song", "song.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=40_000)
PICTURES = [MediaInfo(f"m_p{k}", f"p{k}.jpg", MediaKind.IMAGE, "jpg", 1, width=1920, height=1080) for k in range(3)]


def _ctx(silent_hops: int) -> FakeContext:
    energy = (0.0,) * silent_hops + (0.9,) * (401 - silent_hops)  # 100 ms hops: 0 is 40 dB under the loud part
    audio = {"m_song": click_analysis(120, 40_000, energy=energy)}
    return FakeContext(uploads=[SONG, *PICTURES], audio=audio, history=[Draft.empty()])


def test_the_reply_says_the_video_opens_on_the_tracks_silence_and_trims_it_when_asked() -> None:
    ctx = _ctx(80)
    _, words = run(ctx, "create a video from this music with beat-synced cuts")
    assert "the track is silent for its first 8s" in words, words
    assert ctx.draft().duration_ms == 40_000  # the silence is kept until the user asks
    _, trimmed = run(ctx, "trim the silence at the start")
    assert "cut the first 8s" in trimmed, trimmed
    draft = ctx.draft()
    assert draft.duration_ms == 32_000 and "silent_start_ms" not in draft.meta
    assert "silent for" not in trimmed  # said once


def test_a_track_that_starts_at_once_says_nothing_of_silence() -> None:
    ctx = _ctx(10)  # a second of silence: a song's breath, not an empty opening
    _, words = run(ctx, "create a video from this music with beat-synced cuts")
    assert "silent" not in words, words
    _, refused = run(ctx, "trim the silence at the start")
    assert "does not open on a silence" in refused, refused
    assert ctx.draft().duration_ms == 40_000
