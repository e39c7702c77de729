"""The parser alone: numbers, media references, intents and their prices (no engine, no files)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nemo_notebook.engine.agent import COST_COMPOSE, COST_EDIT, COST_MUSIC_VIDEO, Say, StateChanged, execute, interpret
from nemo_notebook.engine.agent.edits import is_pure
from nemo_notebook.engine.agent.media import by_name, ordinal
from nemo_notebook.engine.agent.numbers import words_to_digits
from nemo_notebook.engine.agent.operations import BuildMusicVideo, SetCutRate
from nemo_notebook.protocol import Draft, MediaKind
from nemo_notebook.protocol.vocabulary import Visualizer

from .drafts import LENGTH_MS, music_video, uploads
from .fakes import FakeContext, run
from .table import texts


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("every two beats", "every 2 beats"),
        ("fifty percent", "50 percent"),
        ("twenty-five seconds", "25 seconds"),
        ("one and a half seconds", "1.5 seconds"),
        ("half a second", "0.5 second"),
        ("a hundred and twenty bpm", "120 bpm"),
        ("三秒", "3秒"),
        ("十五秒", "15秒"),
        ("音量百分之五十", "音量50%"),
        ("两拍", "2拍"),
        ("three秒半", "3.5秒"),
    ],
)
def test_numbers_in_words_become_digits(typed: str, read: str) -> None:
    assert words_to_digits(typed) == read


def test_a_track_is_found_by_its_name_ignoring_case_separators_and_extension() -> None:
    media = uploads()
    assert by_name("generate a music video for track ab2n 0330", media) == media[0]
    assert by_name("use Beach for the intro", media) == media[1]
    assert by_name("something else entirely", media) is None


@pytest.mark.parametrize(
    ("said", "index"), [("the second clip", 1), ("the last photo", -1), ("第2个视频", 1), ("clip number 3", 2)]
)
def test_ordinals_name_an_index(said: str, index: int) -> None:
    assert ordinal(said) == index


def ctx(draft: Draft | None = None, **kw: object) -> FakeContext:
    return FakeContext(uploads=uploads(), history=[draft or music_video()], **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "action", "cost"),
    [
        ("create a video from this music with visualizer and beat-synced cuts", "edit", COST_MUSIC_VIDEO),
        ("generate a background music track that matches the mood and pace of my video", "edit", COST_COMPOSE),
        ("make it more cinematic", "edit", COST_EDIT),
        ("make the music more cinematic", "edit", COST_COMPOSE),
        ("make it vertical, music at 40% and fade out", "edit", 3 * COST_EDIT),
        ("what can you do", "help", 0),
        ("undo", "undo", 0),
        ("credits", "credits", 0),
        ("余额", "credits", 0),
        ("上传", "upload", 0),
        ("download", "export", 0),
        ("send me the video", "export", 0),
        ("show tracks", "timeline", 0),
        ("make it 16:9", "unchanged", 0),
        ("remove the title", "failed", 0),
        ("add stickers", "cannot", 0),
        ("purple monkey dishwasher", "unknown", 0),
    ],
)
def test_intent_and_its_price(text: str, action: str, cost: int) -> None:
    intent = interpret(text, ctx())
    assert (intent.action, intent.cost) == (action, cost)


def test_several_edits_in_one_message_run_in_order() -> None:
    intent = interpret('make the cuts every two beats and add the title "Urban Dreams" for 3 seconds', ctx())
    ops = intent.args["ops"]
    assert [op.name for op in ops] == ["set_cut_rate", "add_text"]
    assert ops[0] == SetCutRate(beats_per_cut=2) and ops[0].to_json() == {"beats_per_cut": 2}
    assert ops[1].text == "Urban Dreams" and ops[1].duration_ms == 3000


def test_music_video_options_said_in_other_clauses_become_its_arguments() -> None:
    empty = FakeContext(uploads=uploads())
    intent = interpret("make a music video with a blue waveform visualizer, cut every two beats", empty)
    build = intent.args["ops"][0]
    assert isinstance(build, BuildMusicVideo) and len(intent.args["ops"]) == 1
    assert build.visualizer == Visualizer.WAVES and build.beats_per_cut == 2
    assert build.to_json()["track"] == "m_song" and build.to_json()["visuals"] == ["m_pic1", "m_pic2", "m_clip"]


@pytest.mark.parametrize(
    ("text", "length_ms"),
    [
        ("create an upbeat 20-second track", 20_000),
        ("compose a sad 1-minute piece of music", 60_000),
        ("make a 30-second music video from this track", 30_000),
    ],
)
def test_lengths_written_with_a_hyphen_are_heard(text: str, length_ms: int) -> None:
    no_video = [m for m in uploads() if m.kind != MediaKind.VIDEO]
    op = interpret(text, FakeContext(uploads=no_video)).args["ops"][0]
    assert op.to_json().get("duration_ms", op.to_json().get("length_ms")) == length_ms


def test_missing_media_is_asked_for_not_guessed() -> None:
    nothing = FakeContext()
    assert interpret("create a video from this music", nothing).args == {"key": "need_track"}
    assert interpret("add background music to my video", nothing).args == {"key": "need_video"}
    _, words = run(nothing, "create a video from this music")
    assert "upload" in words and nothing.version() == 0


def test_understood_parts_apply_and_the_rest_is_named() -> None:
    c = ctx()
    _, words = run(c, "make it square and add sparkles to the clouds")
    assert c.draft().aspect == "1:1"
    assert "didn't understand" in words and "sparkles" in words


def test_what_cannot_be_done_is_said_while_the_rest_is_done() -> None:
    c = ctx()
    _, words = run(c, "make it vertical and add some stickers")
    assert c.draft().aspect == "9:16" and "can't add stickers" in words


def test_export_in_chat_says_how_and_changes_nothing() -> None:
    c = ctx()
    _, words = run(c, "export 1080p mp4")
    assert "%nemo export" in words and c.version() == 0


def test_a_chinese_session_gets_chinese_words() -> None:
    c = ctx(language="zh")
    _, words = run(c, "竖屏")
    assert "已完成" in words and c.draft().aspect == "9:16"
    _, words = run(c, "你好吗")
    assert "没听懂" in words
    _, words = run(c, "删除标题")
    assert "还没有标题" in words and "title" not in words


def test_credits_say_the_balance() -> None:
    _, words = run(ctx(credits=42), "积分")
    assert "42" in words


def test_one_version_per_message_and_undo_redo_walk_them() -> None:
    c = ctx()
    steps, _ = run(c, "make it vertical, music at 40% and fade out over 2 seconds")
    assert sum(isinstance(s, StateChanged) for s in steps) == 1 and c.version() == 1
    run(c, "undo")
    assert c.draft() == music_video()
    run(c, "redo")
    assert c.draft().aspect == "9:16"


def test_nothing_is_committed_after_cancellation() -> None:
    c = ctx()
    intent = interpret("make it vertical and music at 40%", c)
    steps = execute(intent, c)
    next(steps)  # the first tool call has started
    c.stop = True
    rest = list(steps)
    assert c.version() == 0 and c.draft() == music_video()
    assert not any(isinstance(s, StateChanged) for s in rest)
    assert any(isinstance(s, Say) and "Stopped" in s.text for s in rest)


def test_a_part_that_cannot_apply_is_left_out_and_named_while_the_rest_applies() -> None:
    c = ctx()
    intent = interpret("make it vertical and remove the title", c)
    assert intent.cost == COST_EDIT and [op.name for op in intent.args["ops"]] == ["set_aspect"]
    _, words = run(c, "make it vertical and remove the title")
    assert c.draft().aspect == "9:16" and "left one part out" in words and "no title" in words


TOKENS = (
    "make", "it", "the", "title", "music", "cut", "every", "two", "beats", "fade", "in", "out", "louder", "50%", "db",
    "vertical", "square", "竖屏", "标题", "音量", "撤销", "visualizer", "red", "top", "bigger", "remove", "second",
    "clip", "seconds", "3", "'Hi'", "«", "»", '"', ",", "and", "then", "第二个", "undo", "redo", "export",
)  # fmt: skip
WORDS = st.sampled_from(TOKENS)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS | st.text(max_size=6), max_size=12).map(" ".join))
def test_any_text_gets_an_answer_and_at_most_one_commit(text: str) -> None:
    c = ctx()
    intent = interpret(text, c)
    assert intent.cost >= 0
    if intent.action == "edit" and not all(is_pure(op) for op in intent.args["ops"]):
        return  # generation needs the real engine (test_seeds_http)
    steps = list(execute(intent, c))
    assert any(isinstance(s, Say) and s.text.strip() for s in steps)
    assert sum(isinstance(s, StateChanged) for s in steps) <= 1


def test_a_title_put_at_the_end_ends_with_the_video() -> None:
    c = ctx()
    run(c, "add the title 'Hi'")
    _, words = run(c, "put the title at the end")
    assert texts(c.draft())[0].end_ms == LENGTH_MS and "new timing" in words


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("create a video from this music with visualizer and beat-synced cuts", None),
        ("create a video from this music with spectrum bars", True),
        ("make a music video, and use a waveform visualizer", True),
        ("用这首歌做一个音乐视频，加上频谱可视化", True),
    ],
)
def test_a_visualizer_kind_the_user_names_is_marked_theirs(text: str, named: bool | None) -> None:
    """A named kind is drawn whatever the music; an unnamed one is the music's to choose (a thin wave when calm)."""
    build = interpret(text, FakeContext(uploads=uploads())).args["ops"][0]
    assert isinstance(build, BuildMusicVideo) and build.visualizer_named is named


@pytest.mark.parametrize(
    "text", ["solo piano", "Lo-fi hip hop", "boom bap, 40 seconds", "ambient music", "piano solo."]
)
def test_a_kind_of_music_named_alone_composes_it(text: str) -> None:
    no_video = [m for m in uploads() if m.kind != MediaKind.VIDEO]
    intent = interpret(text, FakeContext(uploads=no_video))
    assert intent.action == "edit" and intent.cost == COST_COMPOSE, intent  # was "unknown": "I didn't understand"
    assert intent.args["ops"][0].name == "compose_music"


@pytest.mark.parametrize("text", ["solo piano at 40%", "make the piano solo louder", "hip hop video"])
def test_other_sentences_with_those_words_are_not_a_request_for_music(text: str) -> None:
    assert interpret(text, ctx()).cost != COST_COMPOSE
