"""Portrait material makes a vertical video (``agent.aspect_choice``): a user who uploads only phone photos (upright,
as shown) and asks for "a video from this music" gets 9:16 and is told so once, with the words for 16:9; a shape the
user named, in the request or before it, is kept through a new plan and a recut; landscape or mixed material stays
16:9."""

from __future__ import annotations

import dataclasses

import pytest

from nemo_notebook.engine.agent.aspect_choice import all_portrait
from nemo_notebook.protocol import Draft, MediaInfo
from tests.agent.fakes import FakeContext, run
from tests.planning.test_energetic_pace import PHOTOS, SONG
from tests.render.synth import click_analysis

UPRIGHT = [
    dataclasses.replace(p, id=f"m_u{i}", name=f"u{i}.jpg", width=3024, height=4032) for i, p in enumerate(PHOTOS)
]
CREATE = "create a video from this music with beat-synced cuts"


def _agent(photos: list[MediaInfo], language: str = "en") -> FakeContext:
    audio = {SONG.id: click_analysis(120, 60_000)}
    return FakeContext(uploads=[SONG, *photos], audio=audio, history=[Draft.empty()], language=language)


@pytest.mark.parametrize(("language", "said"), [("en", "vertical (9:16)"), ("zh", "竖屏（9:16）")])
def test_portrait_photos_make_a_vertical_video_and_the_reply_says_so(language: str, said: str) -> None:
    ctx = _agent(UPRIGHT[:3], language)
    _, words = run(ctx, CREATE)
    assert ctx.draft().aspect == "9:16", words
    assert words.count(said) == 1 and "16:9" in words, words
    _, again = run(ctx, "hold each photo longer")  # a recut keeps the shape, and does not say it again
    assert ctx.draft().aspect == "9:16" and said not in again, again


def test_a_shape_named_in_the_request_is_kept_through_a_recut() -> None:
    ctx = _agent(UPRIGHT[:3])
    _, words = run(ctx, "create a 16:9 video from this music with beat-synced cuts")
    assert ctx.draft().aspect == "16:9" and "vertical" not in words, words
    run(ctx, "hold each photo longer")
    assert ctx.draft().aspect == "16:9"


def test_a_shape_named_before_is_kept_by_a_new_plan() -> None:
    ctx = _agent(UPRIGHT[:3])
    run(ctx, CREATE)
    run(ctx, "make it 16:9")
    assert ctx.draft().aspect == "16:9"
    _, words = run(ctx, CREATE)
    assert ctx.draft().aspect == "16:9" and "vertical" not in words, words


def test_landscape_or_mixed_material_stays_wide() -> None:
    for photos in (PHOTOS[:3], [*UPRIGHT[:2], PHOTOS[0]]):
        ctx = _agent(photos)
        _, words = run(ctx, CREATE)
        assert ctx.draft().aspect == "16:9" and "vertical" not in words, words


def test_portrait_means_taller_than_wide_as_shown() -> None:
    square = dataclasses.replace(PHOTOS[0], width=1000, height=1000)
    assert all_portrait(UPRIGHT) and not all_portrait([square]) and not all_portrait([])
    assert not all_portrait([dataclasses.replace(PHOTOS[0], width=None, height=None)])
