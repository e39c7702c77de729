"""“start at the chorus”, as musicians say it: the video starts on the downbeat where the song's chorus (its first
loudest section after the opening) comes in, and the reply says when; where no chorus can be found, it says so and
offers a time that it then understands. On main d3ce0be none of these words were understood (the draft stayed as it
was and the reply said it did not follow)."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.agent.message import prepare
from nemo_notebook.engine.agent.operations import Replan, Trim
from nemo_notebook.engine.agent.parse import parse_ops
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, TrackType
from tests.agent.fakes import FakeContext, run
from tests.agent.test_trimmed_title import DURATION_MS, song_with_a_chorus, title_of
from tests.planning.test_few_pictures_return import PHOTOS
from tests.render.synth import click_analysis


@pytest.mark.parametrize(
    "words",
    [
        "start at the chorus",
        "skip to the chorus",
        "begin with the chorus",
        "start the video at the chorus",
        "jump straight to the chorus",
        "make it start at the first chorus",
        "从副歌开始",
    ],
)
def test_the_words_musicians_use_start_at_the_chorus(words: str) -> None:
    ops, unknown = parse_ops(prepare(words))
    assert unknown == [] and [(type(op), getattr(op, "chorus", None)) for op in ops] == [(Trim, True)], (ops, unknown)


def test_start_at_the_chorus_starts_on_the_downbeat_where_the_chorus_first_comes_in() -> None:
    assert parse_ops(prepare("start at the drop")) == ([Trim(edge="start", ms=0, intro=True)], [])  # as it was
    assert [type(op) for op in parse_ops(prepare("cut the chorus faster"))[0]] == [Replan]  # the chorus' pace
    ctx = song_with_a_chorus()  # intro 0-8 s, verse 8-20 s, chorus 20-32 s, verse, chorus 44-56 s
    run(ctx, "make a music video from this song with my photos, title Summer Days")
    _, said = run(ctx, "start at the chorus")
    draft = ctx.draft()
    assert "now starts at the chorus, 0:20 (cut the first 20s, now 36s)" in said, said
    assert draft.duration_ms == DURATION_MS - 20_000
    music = next(t for t in draft.tracks if t.type == TrackType.AUDIO)
    assert music.segments[0].start_ms == 0 and music.segments[0].in_ms == 20_000  # the song plays from its chorus
    assert 20_000 in ctx.audio[ctx.uploads[0].id].downbeats_ms  # on its downbeat
    title = title_of(draft)
    assert title is not None and title.start_ms <= 2_000  # the title still opens the video
    _, again = run(ctx, "start at the chorus")
    assert "already starts at the chorus" in again and ctx.draft().duration_ms == draft.duration_ms, again


def test_where_no_chorus_is_found_the_reply_says_so_and_offers_a_time_it_understands() -> None:
    song = MediaInfo("song", "one-part.ogg", MediaKind.AUDIO, "ogg", 1000, duration_ms=DURATION_MS)
    analysis = click_analysis(120, DURATION_MS)  # one section, flat: no chorus to find
    ctx = FakeContext(uploads=[song, *PHOTOS], audio={song.id: analysis}, history=[Draft.empty()], language="en")
    run(ctx, "make a music video from this song with my photos")
    built = ctx.draft()
    _, said = run(ctx, "skip to the chorus")
    assert "can't find a chorus" in said and 'say "start at 0:30"' in said, said
    assert ctx.draft().duration_ms == built.duration_ms
    _, started = run(ctx, "start at 0:30")
    assert ctx.draft().duration_ms == built.duration_ms - 30_000, started


def test_the_chorus_reply_in_chinese() -> None:
    ctx = song_with_a_chorus()
    ctx.language = "zh"
    run(ctx, "用这首歌和我的照片做一个音乐视频")
    _, said = run(ctx, "从副歌开始")
    assert "现在从副歌开始（0:20）" in said and ctx.draft().duration_ms == DURATION_MS - 20_000, said
