"""Words about pace on a video planned from few pictures (issue 29: "the pictures change too fast, slow it down",
"hold each photo longer", "faster cuts", "calmer cutting" change the cut rate and the reply says by how much): the
rate is the pictures' (a drop cut between framings every 2 beats shows a new picture every 4), the new rate is
planned again (a recut cycled the seven sources in one fixed order, the loop a viewer notices), and the reply's
figures are the drafts'."""

from __future__ import annotations

import itertools
import re

import pytest

from nemo_notebook.engine.agent import interpret
from nemo_notebook.engine.agent.narration import shot_count
from nemo_notebook.engine.agent.operations import Replan
from nemo_notebook.engine.agent.timing import showing_lengths_ms
from nemo_notebook.protocol import Draft
from tests.agent.fakes import FakeContext, run
from tests.agent.test_short_material import _agent
from tests.planning.test_energetic_pace import PHOTOS, SONG
from tests.render.synth import click_analysis

BEAT_MS = 500


def _median_showing_beats(draft: Draft) -> float:
    shown = sorted(showing_lengths_ms(draft))
    return shown[len(shown) // 2] / BEAT_MS


def _replayed_runs(draft: Draft) -> int:
    """Runs of three different sources that come again in the same order (a fixed cycle repeats every one)."""
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments
    order = [src for src, _ in itertools.groupby(sg.src for sg in sorted(lane, key=lambda s: s.start_ms))]
    runs = [tuple(order[i : i + 3]) for i in range(len(order) - 2) if len(set(order[i : i + 3])) == 3]
    return len(runs) - len(set(runs))


def _built() -> FakeContext:
    ctx = _agent()
    run(ctx, "create a video from this music with beat-synced cuts")
    return ctx


@pytest.mark.parametrize(
    ("words", "ratio", "how"),
    [
        ("the pictures change too fast, slow it down", 2.0, "twice"),
        ("hold each photo longer", 2.0, "twice"),
        ("calmer cutting", 2.0, "twice"),
        ("faster cuts", 0.5, "half"),
    ],
)
def test_pace_words_change_how_long_each_picture_stays_and_say_by_how_much(words: str, ratio: float, how: str) -> None:
    ctx = _built()
    before = ctx.draft()
    was = _median_showing_beats(before)
    _, said = run(ctx, words)
    after = ctx.draft()
    assert _median_showing_beats(after) == was * ratio, (was, _median_showing_beats(after), said)
    found = re.search(
        r"cuts every (\d+) beats \((\d+) shots\), (\w+) as long a shot as before \(every (\d+) beats, (\d+)", said
    )
    assert found, said
    assert int(found.group(1)) == was * ratio and int(found.group(4)) == was and found.group(3) == how, said
    assert int(found.group(2)) == shot_count(after) and int(found.group(5)) == shot_count(before)  # as said before
    assert _replayed_runs(after) <= 1, _replayed_runs(after)  # a recut cycled them: every run came again


def test_holding_longer_on_calm_music_keeps_the_longer_shots_whole() -> None:
    """Calm music's long shots, held twice as long as asked: fewer showings, each twice as many beats, none cut in
    two at the longest shot driving music keeps (8 s: 24 beats at 90 BPM gave 10 shots where there had been 7)."""
    beats = click_analysis(90, 60_000).beats_ms
    calm = click_analysis(90, 60_000, energy=(0.4,) * 601, drive=0.1, kicks_ms=beats)
    ctx = FakeContext(uploads=[SONG, *PHOTOS], audio={SONG.id: calm}, history=[Draft.empty()])
    run(ctx, "create a video from this music with beat-synced cuts")
    before = ctx.draft()
    _, said = run(ctx, "hold each photo longer")
    after = ctx.draft()
    beat_ms = 60_000 / 90
    was, now = (sorted(showing_lengths_ms(d))[len(showing_lengths_ms(d)) // 2] / beat_ms for d in (before, after))
    assert round(now) == 2 * round(was) and len(showing_lengths_ms(after)) < len(showing_lengths_ms(before)), said
    assert "twice as long a shot as before" in said, said


@pytest.mark.parametrize(
    "words",
    [
        "a more relaxed pace",  # "more" read as more cuts: every 2 beats, 60 shots
        "more breathing room between cuts",
        "less frequent cuts",  # "frequent" read as faster
        "less rapid cuts",
        "not so many cuts",  # not understood
        "the cuts come too quickly",
        "the cuts feel rushed",
        "the photos flash by too quickly",
        "more time on each photo",
        "it's too frantic",
    ],
)
def test_more_ways_of_asking_for_calmer_cutting_hold_each_picture_twice_as_long(words: str) -> None:
    """How else people ask for calmer cutting (on main, the first four cut twice as fast, the rest changed nothing)."""
    ctx = _built()
    was = _median_showing_beats(ctx.draft())
    _, said = run(ctx, words)
    assert _median_showing_beats(ctx.draft()) == 2 * was, said
    assert "twice as long a shot as before" in said, said


def test_a_more_relaxed_pace_in_the_chorus_holds_its_shots_longer() -> None:
    ctx = _built()
    assert interpret("a more relaxed pace in the chorus", ctx).args["ops"] == (Replan(chorus_factor=2.0),)
    assert interpret("more frequent cuts in the chorus", ctx).args["ops"] == (Replan(chorus_factor=0.5),)
