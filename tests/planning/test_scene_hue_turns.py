"""No later scene of a song alone comes back to its opening colour where the palette's range leaves room: held-out
05 (a 4-minute rock ballad, "dusk" over the aurora) turned its last part 16 degrees from its first (its sky's hue 338
vs 324 degrees), "part 6 returns to nearly the part-1 magenta ... about 90 s in one pink-magenta family" (a blind
reviewer of stop 58). The loudest part stays the warmest and the quiet bridge the coolest."""

from __future__ import annotations

import dataclasses
import itertools

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.scene_hues import (
    FIRST_APART_DEG,
    LEAST_APART_DEG,
    MOST_COOL_DEG,
    MOST_WARM_DEG,
    SAME_LOOK_DEG,
    scene_turns,
)
from tests.render.synth import click_analysis

from .test_music_video import SONG

# held-out 05's six scenes as analysed: their mean energies and palette variants (the fourth the loudest, the drop)
BALLAD = [0.813, 0.898, 0.879, 0.904, 0.774, 0.878]
VARIANTS = ["loud", "loud", "loud", "drop", "loud", "loud"]


def test_no_later_scene_of_a_ballad_comes_back_to_its_opening_colour() -> None:
    for variants in ([], VARIANTS):
        turns = scene_turns(BALLAD, 1, variants=variants)
        # main: [0, 40, -30, 40, -60, 16], the last 16 degrees from the first
        assert all(abs(t - turns[0]) >= FIRST_APART_DEG for t in turns[1:]), turns
        assert all(abs(a - b) >= LEAST_APART_DEG for a, b in itertools.pairwise(turns)), turns
        assert turns[3] == MOST_WARM_DEG and turns[4] == -MOST_COOL_DEG, turns  # the loudest warm, the bridge blue


def test_no_two_scenes_of_one_variant_share_a_look() -> None:
    # held-out 05's last part, loud as its second, took its turn: "part 6 repeats part 2's crimson" (a blind reviewer
    # of stop 60); main: [0, 40, -40, 40, -60, 40]
    turns = scene_turns(BALLAD, 1, variants=VARIANTS, own_looks=True)
    for a, b in itertools.combinations(range(len(turns)), 2):
        if VARIANTS[a] == VARIANTS[b]:
            assert abs(turns[a] - turns[b]) >= SAME_LOOK_DEG, (a, b, turns)
    assert all(abs(a - b) >= LEAST_APART_DEG for a, b in itertools.pairwise(turns)), turns
    assert all(abs(t - turns[0]) >= FIRST_APART_DEG for t in turns[1:]), turns
    assert turns[-1] < -MOST_COOL_DEG, turns  # past the cool end, as no turn within the range is new


def test_a_planned_ballad_alone_turns_each_later_scene_away_from_its_first() -> None:
    starts = (0, 43_603, 90_969, 138_655, 171_172, 188_866, 240_000)
    energy = [v for v, a, b in zip(BALLAD, starts, starts[1:], strict=False) for _ in range(a // 100, b // 100)]
    analysis = click_analysis(
        72, 240_000, drive=0.2, flatness=0.003, mode=0.2, energy=(*energy, BALLAD[-1]), sections_ms=starts[:-1]
    )
    made = plan_music_video(dataclasses.replace(SONG, duration_ms=240_000), analysis, [], MusicVideoOptions())
    scenes = next(t for t in made.tracks if t.meta.get("role") == "visuals").segments
    turns = [int(sg.meta.get("hue_deg", 0)) for sg in scenes]
    assert made.meta["backdrop"] == "aurora" and len(scenes) >= 5, [(sg.start_ms, sg.meta) for sg in scenes]
    assert all(abs(t) >= FIRST_APART_DEG for t in turns[1:]), turns
    looks = [(t, sg.meta["variant"]) for t, sg in zip(turns, scenes, strict=True)]
    for (a, va), (b, vb) in itertools.combinations(looks, 2):
        assert va != vb or abs(a - b) >= SAME_LOOK_DEG, looks
