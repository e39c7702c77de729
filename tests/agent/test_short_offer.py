"""A vertical music video longer than a minute offers a short in words the agent understands (a reviewer of a 1:48
TikTok video: "it never offers the most useful next step, a shorter version"): "make it 30 seconds" then cuts the song
to 30 s. A 16:9 video, or a vertical one of a minute or less, is not offered one. Asked for an app of shorts by name,
it is one already (``test_short_by_default``)."""

from __future__ import annotations

import dataclasses

import pytest

from nemo_notebook.protocol import Draft
from tests.agent.fakes import FakeContext, run
from tests.planning.test_energetic_pace import PHOTOS, SONG
from tests.render.synth import click_analysis

OFFER = {"en": "make it 30 seconds", "zh": "make it 30 seconds"}


def _agent(seconds: int, language: str = "en") -> FakeContext:
    song = dataclasses.replace(SONG, duration_ms=seconds * 1000)
    audio = {SONG.id: click_analysis(120, seconds * 1000)}
    return FakeContext(uploads=[song, *PHOTOS[:4]], audio=audio, history=[Draft.empty()], language=language)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_long_vertical_video_offers_a_short_that_the_agent_then_makes(language: str) -> None:
    ctx = _agent(90, language)
    _, said = run(ctx, "make a vertical 9:16 music video from this song with my photos")
    assert ctx.draft().aspect == "9:16" and said.count(OFFER[language]) == 1, said
    assert "release pack" in said, said
    run(ctx, "make it 30 seconds")
    assert ctx.draft().duration_ms == 30_000 and ctx.draft().aspect == "9:16"


@pytest.mark.parametrize(
    ("words", "seconds"),
    [("make a music video from this song with my photos", 90), ("make a vertical 9:16 music video", 50)],
)
def test_a_wide_or_short_video_is_not_offered_one(words: str, seconds: int) -> None:
    ctx = _agent(seconds)
    _, said = run(ctx, words)
    assert OFFER["en"] not in said, said
