"""Over a song's own quiet outro the stage's cover settles back (``cover_hero.settle``) as the picture dims with it
(``outro_dim``): held-out 04's last 8 s (-29 LUFS under a -17 body) ended "a dim, nearly still card with a greyed title
until it goes black" (ab70a). The stage's size (``hero_scale``) evaluated frame by frame as ffmpeg would, and the
graph of a cover video whose song falls into its outro on the stage."""

from __future__ import annotations

import itertools
from pathlib import Path

from nemo_notebook.engine.render import build_graph, canvas_for
from nemo_notebook.engine.render.cover_hero import SETTLE, hero_scale, settle
from nemo_notebook.protocol import TrackType
from nemo_notebook.protocol.sound_ending import OWN_ENDING

from .test_cover_art import _media
from .test_cover_hero_breath import BREATH_S, END, FIRST, FPS, _pulses, _sizes
from .test_cover_turn import _two_scenes

OUTRO = (16.0, 30.0)  # the fall at 16 s of the stage from 10 s, its last sound at 30 s


def test_the_stage_settles_back_over_the_outro_without_a_jump() -> None:
    plain = _sizes(hero_scale(FIRST, END, FPS, _pulses(0.027), BREATH_S))
    settled = _sizes(hero_scale(FIRST, END, FPS, _pulses(0.027), BREATH_S, OUTRO))
    fall = round(OUTRO[0] * FPS) - FIRST
    assert settled[:fall] == plain[:fall]  # the stage as it was up to the fall
    assert abs(settled[-1] / plain[-1] - (1 - SETTLE)) < 0.005, settled[-1] / plain[-1]  # main: 1.0
    ratios = [s / p for s, p in zip(settled, plain, strict=True)]
    steps = [abs(b - a) for a, b in itertools.pairwise(ratios)]
    assert max(steps) < 0.002, max(steps)  # eased: no step from the settling (the beats pulse over it as before)
    assert max(settled) <= 1.0 + 1e-9


def test_a_cover_video_whose_song_falls_into_its_outro_on_the_stage_settles_it(tmp_path: Path) -> None:
    made = _two_scenes("poster", "16:9", text="Digital Pursuit — Parapraxis", section_ms=28_000)  # the stage 28-44 s
    music = next(t for t in made.tracks if t.type == TrackType.AUDIO)
    ending = music.segments[0].with_meta(**{OWN_ENDING: {"how": "decay", "from_ms": 36_000, "until_ms": 56_000}})
    outro = made.with_tracks(tuple(t.with_segments([ending]) if t is music else t for t in made.tracks))
    for drafted, expected in ((made, False), (outro, True)):
        script = build_graph(drafted, _media(tmp_path), canvas_for(drafted, (1280, 720))).script()
        assert (settle(36.0, 56.0) in script) is expected
