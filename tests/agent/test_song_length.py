""" "Make it 30 seconds" on a music video of the user's song: a shorter version of the song, cut musically, and a
reply that names the parts of the song it plays."""

from __future__ import annotations

import itertools
import re

import pytest

from nemo_notebook.engine.planning.music_video import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, TrackType
from tests.planning.songs import Song, composed

from .fakes import FakeContext, run

PICTURES = [MediaInfo(f"m_pic{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 100, width=640, height=360) for i in range(3)]


@pytest.fixture(scope="module")
def song(tmp_path_factory: pytest.TempPathFactory) -> Song:
    return composed(tmp_path_factory.mktemp("song"))


def _context(song: Song) -> FakeContext:
    info = MediaInfo("m_song", "my song.wav", MediaKind.AUDIO, "wav", 1000, duration_ms=song.analysis.duration_ms)
    draft = plan_music_video(info, song.analysis, [(p, None) for p in PICTURES], MusicVideoOptions())
    return FakeContext(
        uploads=[info, *PICTURES], audio={"m_song": song.analysis}, paths={"m_song": song.path}, history=[draft]
    )


def _music(draft: Draft) -> list[tuple[int, int]]:
    (music,) = draft.tracks_of(TrackType.AUDIO)
    return [(sg.in_ms or 0, (sg.in_ms or 0) + sg.duration_ms) for sg in music.segments]


def test_make_it_30_seconds_plays_a_shorter_version_and_names_its_parts(song: Song) -> None:
    ctx = _context(song)
    _, said = run(ctx, "make it 30 seconds")
    draft = ctx.draft()
    parts = _music(draft)
    assert draft.duration_ms == 30_000 and sum(b - a for a, b in parts) == 30_000
    assert len(parts) > 1, "the song is cut at a downbeat, not stopped at 30 s"
    assert all(t in song.downbeats_ms for (_, out), (start, _) in itertools.pairwise(parts) for t in (out, start))
    clock = [f"{a // 60000}:{round(a / 1000) % 60:02d}" for a, _ in parts]
    assert all(c in said for c in clock), said
    assert re.search(r"the chorus \d:\d\d-\d:\d\d", said), said
    visuals = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    assert max(sg.end_ms for sg in visuals.segments) == 30_000


def test_a_longer_length_than_the_video_is_refused(song: Song) -> None:
    ctx = _context(song)
    whole = ctx.draft().duration_ms  # as long as the song sounds (its last 0.4 s lie under the analysis' floor)
    _, said = run(ctx, "make it 200 seconds")
    assert "can't stretch" in said or "not stretch" in said, said
    assert ctx.draft().duration_ms == whole


def test_composed_music_is_cut_on_the_composers_downbeats_too(song: Song) -> None:
    info = MediaInfo(
        "m_made", "Upbeat 125 BPM.wav", MediaKind.AUDIO, "wav", 1000, duration_ms=song.analysis.duration_ms
    )
    draft = plan_music_video(info, song.analysis, [(p, None) for p in PICTURES], MusicVideoOptions())
    ctx = FakeContext(uploads=list(PICTURES), made=[info], audio={"m_made": song.analysis}, history=[draft])
    _, said = run(ctx, "make it 30 seconds")
    parts = _music(ctx.draft())
    assert ctx.draft().duration_ms == 30_000 and len(parts) > 1, (parts, said)
    assert all(t in song.downbeats_ms for (_, out), (start, _) in itertools.pairwise(parts) for t in (out, start))
    assert ctx.draft().meta.get("loudnorm") is True, "composed music is still mastered to -14 LUFS"
    assert re.search(r"the chorus \d:\d\d-\d:\d\d", said), said


def test_the_whole_song_after_a_shorter_version_plays_all_of_it_again(song: Song) -> None:
    """Main's code: "the whole song" and "full length" not understood, "make it 90 seconds" refused: a version once
    made could not be made longer."""
    ctx = _context(song)
    whole = ctx.draft().duration_ms  # as long as the song sounds (its last 0.4 s lie under the analysis' floor)
    run(ctx, "make it 30 seconds")
    _, said = run(ctx, "use the whole song again")
    assert ctx.draft().duration_ms == whole and _music(ctx.draft()) == [(0, whole)], said
    assert f"now {whole // 1000}s long" in said or f"now {whole / 1000:.1f}s long" in said, said
    assert "song_parts" not in ctx.draft().meta
    _, said = run(ctx, "full length")
    assert ctx.draft().duration_ms == whole and "Nothing changed" in said, said


def test_a_shorter_version_made_longer_is_cut_from_the_song_again(song: Song) -> None:
    ctx = _context(song)
    run(ctx, "make it 30 seconds")
    _, said = run(ctx, "make it 45 seconds")
    parts = _music(ctx.draft())
    assert ctx.draft().duration_ms == 45_000 and sum(b - a for a, b in parts) == 45_000, said
    assert re.search(r"the song's \d:\d\d-\d:\d\d", said), said
