"""A song cut to a length: joins on downbeats, the length within a beat, the chorus kept, few joins."""

from __future__ import annotations

import itertools

import pytest

from nemo_notebook.engine.planning.cutting import beat_length_ms
from nemo_notebook.engine.planning.song_edit import hook_span, short_edit, song_edit

from .songs import Song, composed, recorded

LENGTHS_MS = (15_000, 30_000, 45_000, 60_000)


@pytest.fixture(scope="module")
def upbeat(tmp_path_factory: pytest.TempPathFactory) -> Song:
    return composed(tmp_path_factory.mktemp("song"))


@pytest.fixture(scope="module", params=["composed", "vibe-ace"])
def song(request: pytest.FixtureRequest, upbeat: Song) -> Song:
    return upbeat if request.param == "composed" else recorded()


def _joins(spans: tuple[tuple[int, int], ...]) -> list[int]:
    """The song's times at which a part stops or starts at a join."""
    return [t for (_, out), (start, _) in itertools.pairwise(spans) for t in (out, start)]


@pytest.mark.parametrize("length_ms", LENGTHS_MS)
def test_joins_land_on_downbeats_and_the_length_within_a_beat(song: Song, length_ms: int) -> None:
    edit = song_edit(song.analysis, length_ms)
    for t in _joins(edit.spans):
        assert min(abs(t - d) for d in song.downbeats_ms) <= 30, (t, edit.spans)
    assert abs(edit.duration_ms - length_ms) <= beat_length_ms(song.analysis.beats_ms), edit.spans
    assert all(a < b <= song.analysis.duration_ms for a, b in edit.spans)
    assert all(b <= c for (_, b), (c, _) in zip(edit.spans, edit.spans[1:], strict=False)), "the song plays forward"
    assert len(edit.spans) <= 3


@pytest.mark.parametrize("length_ms", [15_000, 30_000])
def test_short_versions_keep_the_loudest_section(song: Song, length_ms: int) -> None:
    edit = song_edit(song.analysis, length_ms)

    def kept(start: int, end: int) -> bool:
        return sum(max(0, min(b, end) - max(a, start)) for a, b in edit.spans) >= min(end - start, length_ms) // 2

    assert any(kept(*hook) for hook in song.hooks or (song.loudest,)), (edit.spans, song.loudest)


def test_the_hook_is_the_loudest_section_on_downbeats(upbeat: Song) -> None:
    start, end = hook_span(upbeat.analysis)
    assert (start, end) in upbeat.hooks  # either chorus: the composer plays them 0.98 and 1.0 loud
    assert start in upbeat.downbeats_ms


def test_a_length_at_the_songs_is_the_whole_song(upbeat: Song) -> None:
    edit = song_edit(upbeat.analysis, upbeat.analysis.duration_ms)
    assert edit.spans == ((0, upbeat.analysis.duration_ms),) and edit.ends_with_song


@pytest.mark.parametrize("length_ms", [15_000, 30_000, 60_000])
def test_a_short_starts_at_the_hook_and_joins_on_downbeats(song: Song, length_ms: int) -> None:
    if length_ms >= song.analysis.duration_ms - 1000:
        pytest.skip("the song is no longer than the short")
    edit = short_edit(song.analysis, length_ms)
    hook = hook_span(song.analysis)
    bar_ms = 4 * beat_length_ms(song.analysis.beats_ms)
    at_hook = hook[0] - 1.5 * bar_ms < edit.spans[0][0] <= hook[0]
    to_the_end = hook[0] + length_ms > song.analysis.duration_ms  # no room to start at the hook: it is only kept
    assert at_hook or to_the_end, (edit.spans, hook)
    for t in _joins(edit.spans):
        assert min(abs(t - d) for d in song.downbeats_ms) <= 30, (t, edit.spans)
    assert abs(edit.duration_ms - length_ms) <= beat_length_ms(song.analysis.beats_ms), edit.spans
    kept = sum(max(0, min(b, hook[1]) - max(a, hook[0])) for a, b in edit.spans)
    assert kept >= min(hook[1] - hook[0], length_ms) // 2, (edit.spans, hook)
