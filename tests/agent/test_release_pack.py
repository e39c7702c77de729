""" "make a release pack": every version its own timeline in the draft's ``m.pack``, the shorts from the chorus."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.planning.music_video import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.song_edit import hook_span
from nemo_notebook.protocol import MediaInfo, MediaKind, TrackType
from nemo_notebook.protocol.pack import pack_skipped, pack_versions
from tests.planning.songs import Song, composed

from .fakes import FakeContext, run

PICTURES = [MediaInfo(f"m_pic{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 100, width=640, height=360) for i in range(3)]


@pytest.fixture(scope="module")
def song(tmp_path_factory: pytest.TempPathFactory) -> Song:
    return composed(tmp_path_factory.mktemp("song"), "an upbeat 50-second track")


def _context(song: Song) -> FakeContext:
    info = MediaInfo("m_song", "my song.wav", MediaKind.AUDIO, "wav", 1000, duration_ms=song.analysis.duration_ms)
    draft = plan_music_video(info, song.analysis, [(p, None) for p in PICTURES], MusicVideoOptions(as_mastered=True))
    return FakeContext(
        uploads=[info, *PICTURES], audio={"m_song": song.analysis}, paths={"m_song": song.path}, history=[draft]
    )


def test_a_release_pack_holds_every_version_the_song_gives(song: Song) -> None:
    ctx = _context(song)
    before = ctx.draft()
    _, said = run(ctx, "make a release pack")
    versions = {v.name: v for v in pack_versions(ctx.draft())}
    assert list(versions) == ["full", "short_15", "short_30", "square", "canvas"], said
    whole_s = round(song.analysis.duration_ms / 1000)
    lengths = [(v.aspect, round(v.duration_ms / 1000)) for v in versions.values()]
    assert lengths[:4] == [("16:9", whole_s), ("9:16", 15), ("9:16", 30), ("1:1", whole_s)]
    assert "no 60 s short" in said and pack_skipped(ctx.draft()) == ("no 60 s short: the song is 50 s long",)
    hook = hook_span(song.analysis)
    for name in ("short_15", "short_30"):
        music = versions[name].draft.tracks_of(TrackType.AUDIO)[0]
        parts = [(sg.in_ms or 0, (sg.in_ms or 0) + sg.duration_ms) for sg in music.segments]
        bar_ms = 4 * 60_000 / song.analysis.tempo_bpm
        room = hook[0] + versions[name].duration_ms <= song.analysis.duration_ms
        assert parts[0][0] <= hook[0] and (not room or parts[0][0] > hook[0] - 1.5 * bar_ms), (name, parts, hook)
        kept = sum(max(0, min(b, hook[1]) - max(a, hook[0])) for a, b in parts)
        assert kept >= min(hook[1] - hook[0], versions[name].duration_ms) // 2, (name, parts, hook)
    canvas = versions["canvas"].draft
    assert 3_000 <= canvas.duration_ms <= 8_000
    assert canvas.meta.get("silent") is True and canvas.meta.get("loop_ms")
    assert not canvas.tracks_of(TrackType.AUDIO) and not canvas.tracks_of(TrackType.TEXT)
    shots = canvas.tracks[0].segments
    assert all(sg.duration_ms >= 2_000 for sg in shots) and not any("punch_ms" in sg.meta for sg in shots)
    assert {k: v for k, v in ctx.draft().meta.items() if k != "pack"} == dict(before.meta), "the draft stays as it was"
    assert ctx.draft().tracks == before.tracks
    assert "the chorus" in said, said


def test_composed_music_gives_a_pack_on_the_composers_grid(song: Song) -> None:
    info = MediaInfo("m_made", "Upbeat.wav", MediaKind.AUDIO, "wav", 1000, duration_ms=song.analysis.duration_ms)
    draft = plan_music_video(info, song.analysis, [(p, None) for p in PICTURES], MusicVideoOptions())
    ctx = FakeContext(uploads=list(PICTURES), made=[info], audio={"m_made": song.analysis}, history=[draft])
    run(ctx, "make a release pack")
    versions = {v.name: v.draft for v in pack_versions(ctx.draft())}
    assert list(versions) == ["full", "short_15", "short_30", "square", "canvas"]
    music = versions["short_15"].tracks_of(TrackType.AUDIO)[0]
    starts = [sg.in_ms or 0 for sg in music.segments]
    assert all(t in song.downbeats_ms for t in starts), starts
    assert all(versions[n].meta.get("loudnorm") is True for n in ("short_15", "short_30", "square"))


def test_a_pack_without_a_music_video_says_what_to_do_first() -> None:
    ctx = FakeContext(uploads=list(PICTURES))
    _, said = run(ctx, "make a release pack")
    assert "music video" in said and not pack_versions(ctx.draft())
