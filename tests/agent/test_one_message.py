"""Several requests in one message on a music video the agent built: each reads the draft the message's earlier
requests make, so a cut rate said with a faster chorus or a clip used more is one new plan that keeps both, and the
reply names every change."""

from __future__ import annotations

import itertools

import pytest

from nemo_notebook.engine.agent import interpret
from nemo_notebook.engine.agent.operations import Replan, SetCutRate, SetGrade, SetPictureMotion
from nemo_notebook.protocol import Draft

from .drafts import music_video
from .fakes import FakeContext, run
from .look_setup import CHORUS, music_video_session
from .table import visuals


def _gaps(draft: Draft, inside: bool) -> set[int]:
    """The shot lengths (ms) of the shots starting inside the chorus, or outside it (the last one left out)."""
    starts = [sg.start_ms for sg in visuals(draft)]
    return {b - a for a, b in itertools.pairwise(starts) if (CHORUS[0] <= a < CHORUS[1]) == inside}


@pytest.mark.parametrize(
    "words", ["faster cuts in the chorus, and cut every 2 beats", "cut every 2 beats and faster cuts in the chorus"]
)
@pytest.mark.parametrize("before", ["", "use the clip more", "faster cuts in the chorus"])
def test_a_cut_rate_and_a_faster_chorus_in_one_message_are_both_kept(words: str, before: str) -> None:
    ctx = music_video_session()
    if before:
        run(ctx, before)
    weights = ctx.draft().meta.get("source_weights")
    _, said = run(ctx, words)
    after = ctx.draft()
    assert _gaps(after, inside=False) == {1000}  # 2 beats at 120 BPM outside the chorus
    assert _gaps(after, inside=True) == {500}  # faster in the chorus
    assert after.meta["beats_per_cut"] == 2 and after.meta["chorus_factor"] < 1
    assert after.meta.get("source_weights") == weights  # a clip used more stays so
    assert "cuts every 2 beats" in said and "cuts in the chorus (16-24s)" in said, said
    assert said.count("Planning the shots") == 1  # one plan for the message


def test_both_orders_are_one_plan() -> None:
    ctx = music_video_session()
    one = interpret("faster cuts in the chorus, and cut every 2 beats", ctx).args["ops"]
    other = interpret("cut every 2 beats and faster cuts in the chorus", ctx).args["ops"]
    assert one == other == (Replan(chorus_factor=0.5, beats_per_cut=2),)


def _clip_share(draft: Draft) -> float:
    lane = visuals(draft)
    return sum(sg.duration_ms for sg in lane if sg.src == "m_clip") / sum(sg.duration_ms for sg in lane)


@pytest.mark.parametrize("words", ["use the clip more and cut on every bar", "cut on every bar and use the clip more"])
def test_a_clip_used_more_and_a_cut_on_every_bar_in_one_message(words: str) -> None:
    ctx = music_video_session()
    share = _clip_share(ctx.draft())
    _, said = run(ctx, words)
    after = ctx.draft()
    assert _clip_share(after) >= share + 0.05  # from ~81 % (the pictures twice each) to ~88 % (once each)
    starts = [sg.start_ms for sg in visuals(after)[1:]]
    assert starts and set(starts) <= set(after.meta["downbeats_ms"]) and after.meta["cut_on_downbeats"] is True
    assert "cuts on every bar (4 beats," in said and "travel.mp4 now fills" in said, said


def test_a_new_plan_keeps_the_cuts_on_the_bars() -> None:
    ctx = music_video_session()
    run(ctx, "cut on every bar")
    run(ctx, "use the clip more")
    assert ctx.draft().meta["cut_on_downbeats"] is True and ctx.draft().meta["beats_per_cut"] == 4


def test_look_words_in_one_message_both_apply() -> None:
    ctx = music_video_session()
    run(ctx, "faster cuts in the chorus")
    assert interpret("no zoom and warmer colours", ctx).args["ops"] == (
        SetPictureMotion(mode="no_zoom"),
        SetGrade(step=1),
    )
    _, said = run(ctx, "no zoom and warmer colours")
    after = ctx.draft()
    assert after.meta["warmth"] == 1 and after.meta["picture_motion"] == "no_zoom"
    assert after.meta["chorus_factor"] == 0.5  # nothing planned again: the faster chorus stays
    assert "no zoom: the pictures only pan" in said and "warmer colours: a warm grade" in said


def test_a_cut_rate_alone_is_a_recut_of_a_drawn_draft_and_a_new_plan_of_a_planned_one() -> None:
    """A timeline not planned from pictures (no ``m.most_shows``) is cut again on its grid; one planned from them
    is planned again at the new rate (a recut cycled its pictures in one fixed order: issue 29)."""
    ctx = music_video_session()
    drawn = FakeContext(history=[music_video()])
    assert interpret("cut every 2 beats and warmer colours", drawn).args["ops"] == (
        SetCutRate(beats_per_cut=2),
        SetGrade(step=1),
    )
    assert "most_shows" in ctx.draft().meta
    assert interpret("cut every 2 beats and warmer colours", ctx).args["ops"] == (
        Replan(beats_per_cut=2, bars=False),
        SetGrade(step=1),
    )


def test_a_chorus_at_its_fastest_says_so() -> None:
    ctx = music_video_session()
    run(ctx, "faster cuts in the chorus")  # every beat in the chorus
    _, said = run(ctx, "faster cuts in the chorus")
    assert "the chorus (16-24s) already cuts as fast as it can: 16 shots there" in said, said
    assert "instead of 16" not in said
