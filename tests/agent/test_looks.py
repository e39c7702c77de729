"""Looks in a person's words (issue 29): black and white, a film look, vintage, more or less contrast, colour again;
each sets the draft, the reply says what changed, a new plan keeps it, and saying it twice says so."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.agent import interpret
from nemo_notebook.engine.agent.operations import SetGrade

from .fakes import run
from .look_setup import music_video_session


@pytest.mark.parametrize(("words", "look", "reply"), [
    ("make it black and white", "bw", "a black and white look on the pictures and clips"),
    ("b&w please", "bw", "black and white"),
    ("give it a film look", "film", "a film (teal shadows, warm highlights, lifted blacks, a light vignette; no grain) look"),
    ("add some film grain", "film", "film"),
    ("make it look vintage", "vintage", "a vintage (faded, warm, dark corners) look"),
    ("retro look please", "vintage", "vintage"),
])  # fmt: skip
def test_a_named_look(words: str, look: str, reply: str) -> None:
    ctx = music_video_session()
    _, said = run(ctx, words)
    assert ctx.draft().meta.get("look") == look, said
    assert reply in said
    run(ctx, "faster cuts in the chorus")  # a new plan keeps the look
    assert ctx.draft().meta.get("look") == look
    _, said = run(ctx, words)
    assert "already" in said


def test_colour_again_takes_the_look_off() -> None:
    ctx = music_video_session()
    run(ctx, "make it black and white")
    _, said = run(ctx, "back to colour")
    assert "look" not in ctx.draft().meta and "own colours again" in said


def test_contrast_steps_up_and_down_and_stops_at_three() -> None:
    ctx = music_video_session()
    _, said = run(ctx, "more contrast")
    assert ctx.draft().meta["contrast"] == 1 and "more contrast: step +1 of 3" in said
    run(ctx, "a lot more contrast")
    assert ctx.draft().meta["contrast"] == 3
    _, said = run(ctx, "more contrast")
    assert "already as high" in said
    _, said = run(ctx, "less contrast please")
    assert ctx.draft().meta["contrast"] == 2 and "less contrast" in said


def test_a_cinematic_track_is_music_not_a_look() -> None:
    ctx = music_video_session()
    run(ctx, "use more of the film")
    assert "look" not in ctx.draft().meta


def test_a_warm_cinematic_look_is_the_film_look_and_a_step_warmer() -> None:
    ops = interpret("i want a warm cinematic look", music_video_session()).args["ops"]
    assert ops == (SetGrade(look="film"), SetGrade(step=1))
    ctx = music_video_session()
    _, said = run(ctx, "i want a warm cinematic look")
    assert (ctx.draft().meta.get("look"), ctx.draft().meta.get("warmth")) == ("film", 1), said


@pytest.mark.parametrize("words", [
    "create a video from this music with visualizer and beat-synced cuts with the title 'Summer Nights'",
    "make a music video titled 'Summer Nights'",
    "make a music video called 'Summer Nights' in 9:16",
])  # fmt: skip
def test_a_title_asked_for_in_the_creating_message_is_on_the_video(words: str) -> None:
    ctx = music_video_session(words)  # the title was dropped without a word
    texts = [sg.meta.get("text") for t in ctx.draft().tracks for sg in t.segments if sg.meta.get("text")]
    assert texts == ["Summer Nights"]
