""" "hold the last shot" and its phrasings (issue 29): each time the last shot holds 3 s longer, the picture that
closed the video still closes it, the cuts kept stay on the beats, the fade to black is laid again, and the reply
says how long it holds now; undo takes it back."""

from __future__ import annotations

import itertools

import pytest

from nemo_notebook.engine.agent import interpret
from nemo_notebook.engine.agent.operations import HoldLastShot
from nemo_notebook.protocol import Draft, Segment

from .fakes import run
from .look_setup import music_video_session
from .table import visuals


def _last(draft: Draft) -> Segment:
    return max(visuals(draft), key=lambda sg: sg.end_ms)


def test_each_hold_is_three_seconds_more_of_the_same_closing_picture() -> None:
    ctx = music_video_session()
    first = _last(ctx.draft())
    for step in (1, 2):
        before = _last(ctx.draft())
        _, said = run(ctx, "hold the last shot")
        after = _last(ctx.draft())
        assert after.duration_ms >= before.duration_ms + 3000 and after.src == first.src, said
        assert after.end_ms == ctx.draft().duration_ms and after.meta.get("fade_out_ms") == 2500
        assert f"the last shot now holds {after.duration_ms // 1000}s (was {before.duration_ms // 1000}s)" in said
        beats = set(ctx.draft().meta["beats_ms"])
        assert {sg.start_ms for sg in visuals(ctx.draft())} <= beats, step
        starts = sorted(sg.start_ms for sg in visuals(ctx.draft()))
        assert all(sg.duration_ms >= 1000 for sg in visuals(ctx.draft())) and starts[0] == 0
    run(ctx, "undo")
    run(ctx, "undo")
    assert _last(ctx.draft()) == first


@pytest.mark.parametrize("words", [
    "hold the last shot", "hold the final picture longer", "linger on the last shot", "make the last shot longer",
    "the last shot is too short", "stay on the final frame", "longer final shot", "hold the end longer",
])  # fmt: skip
def test_phrasings_of_hold_the_last_shot(words: str) -> None:
    assert interpret(words, music_video_session()).args["ops"] == (HoldLastShot(ms=3000),)


def test_a_hold_that_would_show_one_picture_twice_in_a_row_holds_it_as_one_shot() -> None:
    """Three shots of two pictures (A B A, a montage of few pictures): holding the last A from 4 s would put it right
    after the first A, a cut nobody sees; the two are one shot, and the closing picture still closes the video."""
    from nemo_notebook.engine.agent.hold_last import hold_last_shot
    from nemo_notebook.protocol import Track, TrackType

    shots = (Segment(0, 4000, "a"), Segment(4000, 4000, "b"), Segment(8000, 4000, "a"))
    beats = {"beats_ms": list(range(0, 12000, 500)), "downbeats_ms": list(range(0, 12000, 2000))}
    draft = Draft((Track(TrackType.VIDEO, shots, {"role": "visuals"}),), 12000, beats)
    held = sorted(hold_last_shot(draft, HoldLastShot(ms=3000), {}).tracks[0].segments, key=lambda sg: sg.start_ms)
    assert all(a.src != b.src for a, b in itertools.pairwise(held)), held
    assert held[-1].src == "a" and held[-1].end_ms == 12000 and held[-1].duration_ms >= 7000
