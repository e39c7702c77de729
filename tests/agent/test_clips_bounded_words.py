"""A short clip held to its own length is said so in plain words (issue 29, held-out export 01 of stop 52: an 11 s
clip on screen 28 s, the reply "some of its moments more than once, more often than its footage allows"): a 12 s
clip beside two photos under a driving minute."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.agent.replies import seconds
from nemo_notebook.protocol import Draft
from tests.agent.fakes import FakeContext, run
from tests.planning.test_energetic_pace import LOUD, PHOTOS, SECTIONS, SONG, _clip
from tests.render.synth import click_analysis


def _agent(language: str = "en") -> FakeContext:
    beats = click_analysis(120, 60_000).beats_ms
    audio = {SONG.id: click_analysis(120, 60_000, energy=LOUD, sections_ms=SECTIONS, drive=0.9, kicks_ms=beats)}
    info, analysis = _clip("m_short", 12_000, tuple(range(2500, 12_000, 2500)))
    return FakeContext(
        uploads=[SONG, *PHOTOS[:2], info],
        audio=audio,
        video={info.id: analysis},
        history=[Draft.empty()],
        language=language,
    )


def test_a_short_clip_is_said_to_be_shown_once_and_the_pictures_held_longer() -> None:
    """merge53 (213caf1): the clip on screen 20 s, the reply '"m_short.mp4" is on screen 5 times in 60s, 18 shots
    in all, some of its moments more than once'."""
    ctx = _agent()
    _, words = run(ctx, "create a video from this music with beat-synced cuts")
    assert "held the pictures longer rather than play it again" in words, words
    from nemo_notebook.engine.agent.clips_bounded import bounded_clips  # new here: merge53 fails on the words first

    clip = bounded_clips(ctx.draft())["m_short"]
    shown = "all of it" if clip.footage_ms >= 0.9 * 12_000 else f"{seconds(clip.footage_ms)}s of it"
    assert f'"m_short.mp4" is 12s long, so I showed {shown} once, in {clip.shots} shots' in words, words
    assert clip.footage_ms > 6000 and clip.shots >= 3, clip
    assert "more often than its footage allows" not in words, words
    assert "some of its moments more than once" not in words and "their moments come back" not in words, words
    _, again = run(ctx, "make the visualizer blue")  # said once, not at every edit
    assert "12s long" not in again, again


@pytest.mark.parametrize("language", ["zh"])
def test_in_chinese(language: str) -> None:
    ctx = _agent(language)
    _, words = run(ctx, "create a video from this music with beat-synced cuts")
    assert "其余时间让图片停留更久" in words, words
    from nemo_notebook.engine.agent.clips_bounded import bounded_clips

    clip = bounded_clips(ctx.draft())["m_short"]
    shown = "完整地放了一遍" if clip.footage_ms >= 0.9 * 12_000 else f"放了其中{seconds(clip.footage_ms)}秒"
    assert f"“m_short.mp4”只有12秒，所以我把它{shown}，共{clip.shots}个镜头" in words, words
    assert "多于这段视频的素材所允许的次数" not in words, words
