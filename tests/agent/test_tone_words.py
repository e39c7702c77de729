"""Brighter, darker, more or less saturated, and sepia, in a person's words (issue 29): each step sets the draft, the
reply says what changed and by how much, the opposite words undo it, a new plan keeps it, and "make the music darker"
is still the music's mood."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.agent import interpret
from nemo_notebook.engine.agent.operations import ComposeMusic, SetGrade

from .fakes import run
from .look_setup import music_video_session


def test_brighter_steps_up_and_darker_undoes_it() -> None:
    ctx = music_video_session()
    _, said = run(ctx, "make it brighter")
    assert ctx.draft().meta["brightness"] == 1
    assert "brighter: step +1 of 3 (each step moves mid-grey 18 of 255 levels" in said
    _, said = run(ctx, "brighter")  # each repeat a step
    assert ctx.draft().meta["brightness"] == 2 and "step +2 of 3" in said
    run(ctx, "faster cuts in the chorus")  # a new plan keeps it
    assert ctx.draft().meta["brightness"] == 2
    run(ctx, "darker")
    _, said = run(ctx, "a bit darker")
    assert ctx.draft().meta["brightness"] == 0 and "darker: as the pictures came" in said
    _, said = run(ctx, "darker")
    assert ctx.draft().meta["brightness"] == -1 and "darker: step -1 of 3" in said


def test_brightness_stops_at_three_and_says_so() -> None:
    ctx = music_video_session()
    run(ctx, "much brighter")
    run(ctx, "brighter")
    assert ctx.draft().meta["brightness"] == 3
    _, said = run(ctx, "brighter")
    assert "already as bright" in said


def test_more_saturated_and_less_saturated() -> None:
    ctx = music_video_session()
    _, said = run(ctx, "more saturated")
    assert ctx.draft().meta["saturation"] == 1
    assert "more saturated: step +1 of 3 (each step adds or takes a quarter of the colours' strength)" in said
    run(ctx, "more vivid")
    assert ctx.draft().meta["saturation"] == 2
    run(ctx, "less saturated")
    _, said = run(ctx, "less saturated")
    assert ctx.draft().meta["saturation"] == 0 and "less saturated: as the pictures came" in said


def test_sepia_and_colour_again() -> None:
    ctx = music_video_session()
    _, said = run(ctx, "sepia")
    assert ctx.draft().meta["look"] == "sepia" and "a sepia (an old photograph's brown tones) look" in said
    _, said = run(ctx, "make it sepia")
    assert "already" in said
    _, said = run(ctx, "no more sepia")
    assert "look" not in ctx.draft().meta and "own colours again" in said


@pytest.mark.parametrize(("words", "op"), [
    ("make it brighter", SetGrade(brightness=1)),
    ("the video is too dark", SetGrade(brightness=1)),
    ("turn up the brightness", SetGrade(brightness=1)),
    ("way brighter", SetGrade(brightness=2)),
    ("make the pictures darker", SetGrade(brightness=-1)),
    ("it's too bright", SetGrade(brightness=-1)),
    ("lower the exposure", SetGrade(brightness=-1)),
    ("more vivid colours", SetGrade(saturation=1)),
    ("boost the saturation", SetGrade(saturation=1)),
    ("the colours look washed out", SetGrade(saturation=1)),
    ("desaturate it", SetGrade(saturation=-1)),
    ("muted colours", SetGrade(saturation=-1)),
    ("too saturated", SetGrade(saturation=-1)),
    ("give it a sepia tone", SetGrade(look="sepia")),
])  # fmt: skip
def test_phrasings_of_the_tone_words(words: str, op: SetGrade) -> None:
    assert interpret(words, music_video_session()).args["ops"] == (op,)


@pytest.mark.parametrize("words", ["make the music darker", "brighter music", "a darker song"])
def test_a_darker_song_is_still_the_musics_mood(words: str) -> None:
    ops = interpret(words, music_video_session()).args["ops"]
    assert [type(op) for op in ops] == [ComposeMusic]
