"""A video that ends a moment after its song's final hit (the file's silent tail left out) is still the whole song to
every later request: a new shape, a shorter version and "the whole song" again, the release pack's full video."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_notebook.engine.analysis import analyze_audio
from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.planning.music_video import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from nemo_notebook.protocol.pack import pack_versions
from nemo_notebook.protocol.sound_ending import sound_ending
from tests.render.test_dark_after_the_hit import DARK_MOST_MS, FILE_MS, SILENCE_MS, hit_song

from .fakes import FakeContext, run

PICTURES = [MediaInfo(f"m_pic{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 100, width=640, height=360) for i in range(3)]


@pytest.fixture(scope="module")
def song(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, AudioAnalysis]:
    path = hit_song(tmp_path_factory.mktemp("hit") / "song.wav")
    return path, analyze_audio(path)


def _context(song: tuple[Path, AudioAnalysis]) -> FakeContext:
    path, analysis = song
    info = MediaInfo("m_song", "my song.wav", MediaKind.AUDIO, "wav", 1000, duration_ms=FILE_MS)
    draft = plan_music_video(info, analysis, [(p, None) for p in PICTURES], MusicVideoOptions())
    return FakeContext(uploads=[info, *PICTURES], audio={"m_song": analysis}, paths={"m_song": path}, history=[draft])


def _whole(draft: Draft) -> bool:
    """Whether ``draft`` plays the whole song to a moment after its final hit, the picture going dark with it."""
    ends = SILENCE_MS <= draft.duration_ms <= SILENCE_MS + DARK_MOST_MS
    return ends and "song_parts" not in draft.meta and sound_ending(draft).how == "hit"


def test_a_new_shape_and_the_whole_song_again_keep_the_song_whole(song: tuple[Path, AudioAnalysis]) -> None:
    ctx = _context(song)
    assert _whole(ctx.draft()), ctx.draft().duration_ms  # main 7d8cd68: 11650 ms, the file's length
    run(ctx, "make it 9:16")
    assert ctx.draft().aspect == "9:16" and _whole(ctx.draft()), ctx.draft().duration_ms
    run(ctx, "make it 6 seconds")
    assert ctx.draft().duration_ms == 6000 and "song_parts" in ctx.draft().meta
    _, said = run(ctx, "play the whole song")
    assert _whole(ctx.draft()), (ctx.draft().duration_ms, ctx.draft().meta.get("song_parts"), said)


def test_a_length_within_the_songs_sounding_end_is_the_whole_song(song: tuple[Path, AudioAnalysis]) -> None:
    ctx = _context(song)
    before = ctx.draft()
    # main 7d8cd68: 11 s of an 11.65 s file was a shorter version, cut on a downbeat and faded out
    _, said = run(ctx, "make it 11 seconds")
    assert ctx.draft() == before, (ctx.draft().duration_ms, ctx.draft().meta.get("song_parts"), said)


def test_the_release_packs_full_video_is_the_video_there_is(song: tuple[Path, AudioAnalysis]) -> None:
    ctx = _context(song)
    before = ctx.draft()
    _, said = run(ctx, "make a release pack")
    versions = {v.name: v for v in pack_versions(ctx.draft())}
    assert versions["full"].draft.tracks == before.tracks, said  # kept as it is, the user's own edits with it
    assert _whole(versions["square"].draft), versions["square"].duration_ms
