"""Words that steer a music video the agent built (from hand-made analysis, with the real planner): each changes
the draft as asked, the reply says what changed, and where it makes sense other words undo it."""

from __future__ import annotations

import itertools
import re

import pytest

from nemo_notebook.engine.agent import interpret
from nemo_notebook.engine.agent.operations import Replan, SetGrade, SetPictureMotion
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from nemo_notebook.protocol.vocabulary import MOTIONS, Motion

from .fakes import FakeContext, run
from .look_setup import CHORUS, clip_analysis, music_video_session, song_analysis, uploads
from .table import visualizer, visuals


def _cuts(draft: Draft) -> list[int]:
    return [sg.start_ms for sg in visuals(draft)[1:]]


def _clip_share(draft: Draft) -> float:
    lane = visuals(draft)
    return sum(sg.duration_ms for sg in lane if sg.src == "m_clip") / sum(sg.duration_ms for sg in lane)


def _picture_moves(draft: Draft) -> list[str]:
    return [str(sg.meta["motion"]) for sg in visuals(draft) if sg.src in ("m_pic1", "m_pic2")]


def test_faster_cuts_in_the_chorus_change_only_the_chorus() -> None:
    ctx = music_video_session()
    before = ctx.draft()
    _, said = run(ctx, "faster cuts in the chorus")
    after = ctx.draft()
    inside = [c for c in _cuts(after) if CHORUS[0] <= c < CHORUS[1]]
    was = [c for c in _cuts(before) if CHORUS[0] <= c < CHORUS[1]]
    assert len(inside) >= 2 * len(was) - 1 > 0
    outside = [c for c in _cuts(after) if not CHORUS[0] < c < CHORUS[1]]
    assert outside == [c for c in _cuts(before) if not CHORUS[0] < c < CHORUS[1]]  # the rest keeps its pace
    assert "faster cuts in the chorus (16-24s)" in said and "the rest keeps its pace" in said
    shots = re.search(r"(\d+) shots there instead of (\d+)", said)
    assert shots is not None and int(shots.group(1)) > int(shots.group(2))
    # the same words on the same media give the same draft
    again = music_video_session()
    run(again, "faster cuts in the chorus")
    assert again.draft() == after
    _, said = run(ctx, "slower cuts in the chorus")
    assert "slower cuts in the chorus" in said and _cuts(ctx.draft()) == _cuts(before)


def test_use_the_clip_more_gives_it_a_larger_share_and_says_it() -> None:
    ctx = music_video_session()
    before = _clip_share(ctx.draft())
    _, said = run(ctx, "use the clip more")
    after = _clip_share(ctx.draft())
    # the two pictures keep to twice each in 32 s (``material.most_shows``), so the clip fills ~81 % already; more
    # of it leaves each picture one shot (~90 %)
    assert after >= before + 0.05
    assert f"travel.mp4 now fills {round(after * 100)}% of the video (was {round(before * 100)}%)" in said
    _, said = run(ctx, "use the clip less")
    assert abs(_clip_share(ctx.draft()) - before) < 0.02 and "travel.mp4 now fills" in said
    _, said = run(ctx, "use the clip less")
    assert _clip_share(ctx.draft()) < before - 0.03


def test_no_zoom_leaves_pans_and_zoom_again_brings_the_zooms_back() -> None:
    ctx = music_video_session()
    for _ in range(2):  # the pictures' two short shots each only pan: with the clip used less they have long ones
        run(ctx, "use the clip less")
    assert {"zoom_in", "zoom_out"} & set(_picture_moves(ctx.draft()))
    assert _punches(ctx.draft())  # the chorus's punch-ins on the kicks
    _, said = run(ctx, "no zoom")
    assert not _punches(ctx.draft())  # a punch-in is a zoom too
    moves = _picture_moves(ctx.draft())
    assert moves and all(m.startswith("pan_") for m in moves)
    assert all(a != b for a, b in itertools.pairwise(moves))  # never the same pan twice in a row
    assert f"no zoom: the pictures only pan ({len(moves)} shots)" in said
    run(ctx, "use the clip more")  # a new plan keeps the pictures from zooming
    assert all(m.startswith("pan_") for m in _picture_moves(ctx.draft()))
    _, said = run(ctx, "zoom again")
    assert {"zoom_in", "zoom_out"} & set(_picture_moves(ctx.draft())) and "the pictures move again" in said


def _punches(draft: Draft) -> int:
    return sum(1 for track in draft.tracks for sg in track.segments if sg.meta.get("punch_ms"))


def test_still_pictures() -> None:
    for words in ("keep the pictures still", "no camera moves"):
        ctx = music_video_session()
        _, said = run(ctx, words)
        assert set(_picture_moves(ctx.draft())) == {Motion.NONE}, words  # the protocol's word for no move
        assert "the pictures keep still" in said


def test_every_picture_move_the_look_words_write_is_a_protocol_motion() -> None:
    for words in ("keep the pictures still", "no zoom", "zoom again"):
        ctx = music_video_session()
        run(ctx, words)
        assert set(_picture_moves(ctx.draft())) <= set(MOTIONS), words


def test_warmer_and_cooler_colours() -> None:
    ctx = music_video_session()
    _, said = run(ctx, "warmer colours")
    assert ctx.draft().meta["warmth"] == 1
    assert "warmer colours: a warm grade on the pictures and clips" in said
    run(ctx, "faster cuts in the chorus")  # a new plan keeps the grade
    assert ctx.draft().meta["warmth"] == 1
    _, said = run(ctx, "make the colours cooler")
    assert ctx.draft().meta["warmth"] == 0 and "neutral colours again" in said
    _, said = run(ctx, "cooler colours")
    assert ctx.draft().meta["warmth"] == -1 and "cooler colours: a cool grade" in said


def test_cut_on_every_bar_says_so() -> None:
    ctx = music_video_session()
    _, said = run(ctx, "cut on every bar")
    downbeats = set(ctx.draft().meta["downbeats_ms"])
    assert _cuts(ctx.draft()) and set(_cuts(ctx.draft())) <= downbeats
    assert "cuts on every bar (4 beats," in said


def test_circular_visualizer_in_the_centre() -> None:
    ctx = music_video_session()
    _, said = run(ctx, "circular visualizer in the centre")
    viz = visualizer(ctx.draft())
    assert viz is not None and (viz.meta["effect"], viz.meta["position"]) == ("circular", "center")
    assert "visualizer: circular, colour from the pictures, center" in said


def test_words_the_plan_cannot_follow_say_why() -> None:
    ctx = music_video_session()
    run(ctx, "keep the pictures still")
    _, said = run(ctx, "keep the pictures still")
    assert "nothing" in said.lower() or "already" in said.lower()
    for _ in range(3):
        run(ctx, "warmer colours")
    _, said = run(ctx, "warmer colours")
    assert "already as warm" in said


def test_the_named_clip_gets_the_larger_share() -> None:
    surf = MediaInfo("m_surf", "surf.mp4", MediaKind.VIDEO, "mp4", 1000, duration_ms=40_000, width=1280, height=720)
    ctx = FakeContext(
        uploads=[*uploads(), surf],
        audio={"m_song": song_analysis()},
        video={"m_clip": clip_analysis(), "m_surf": clip_analysis()},
    )
    run(ctx, "make a music video")
    share = {src: _share(ctx.draft(), src) for src in ("m_clip", "m_surf")}
    _, said = run(ctx, "use surf.mp4 more")
    assert _share(ctx.draft(), "m_surf") >= share["m_surf"] + 0.1
    assert _share(ctx.draft(), "m_clip") <= share["m_clip"]
    assert f"surf.mp4 now fills {round(_share(ctx.draft(), 'm_surf') * 100)}% of the video" in said
    assert "export" not in said.lower()  # a file name is no wish to export


def _share(draft: Draft, src: str) -> float:
    lane = visuals(draft)
    return sum(sg.duration_ms for sg in lane if sg.src == src) / sum(sg.duration_ms for sg in lane)


def test_a_cut_rate_keeps_the_clip_share_and_a_global_rate_ends_the_faster_chorus() -> None:
    ctx = music_video_session()
    run(ctx, "use the clip more")
    share = _clip_share(ctx.draft())
    _, said = run(ctx, "cut on every bar")
    downbeats = set(ctx.draft().meta["downbeats_ms"])
    assert set(_cuts(ctx.draft())) <= downbeats and "cuts on every bar (4 beats," in said
    assert abs(_clip_share(ctx.draft()) - share) < 0.1  # a plan at the new rate, not the sources in turn
    run(ctx, "faster cuts in the chorus")
    _, said = run(ctx, "cut every 2 beats")
    starts = [sg.start_ms for sg in visuals(ctx.draft())]
    assert all(b - a == 1000 for a, b in itertools.pairwise(starts)) and "cuts every 2 beats" in said


HEARD = {
    "make the video warmer": SetGrade(step=1),
    "much cooler colours": SetGrade(step=-2),
    "back to neutral colours": SetGrade(neutral=True),
    "暖色调": SetGrade(step=1),
    "no more zooming": SetPictureMotion(mode="no_zoom"),
    "no camera movement": SetPictureMotion(mode="still"),
    "bring back the zoom": SetPictureMotion(mode="moving"),
    "the drop should cut faster": Replan(chorus_factor=0.5),
    "副歌切得快一点": Replan(chorus_factor=0.5),
    "use the pictures more": Replan(clip_factor=0.5),
}


@pytest.mark.parametrize("words", list(HEARD))
def test_phrasings_of_the_look_words(words: str) -> None:
    ops = interpret(words, music_video_session()).args["ops"]
    assert ops == (HEARD[words],)


@pytest.mark.parametrize("words", ["cool video!", "the video is cool", "use more of the clip's sound", "zoom in"])
def test_what_sounds_like_a_look_word_but_is_not(words: str) -> None:
    ops = interpret(words, music_video_session()).args.get("ops", ())
    assert not any(isinstance(op, (SetGrade, SetPictureMotion, Replan)) for op in ops)
