"""Consecutive pictures do not move alike, and the loud fast cutting moves them briskly (held-out 01: every picture
panned at one speed, 26 of 30 shots pans)."""

from __future__ import annotations

import dataclasses
import itertools

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, Segment
from nemo_notebook.protocol.vocabulary import PANS
from tests.render.synth import click_analysis

SONG = MediaInfo("song", "song.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=60_000)
PICTURES = [MediaInfo(f"img{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10, width=800, height=600) for i in range(6)]


def _pictures(draft: Draft) -> list[Segment]:
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    return [sg for sg in lane.segments if "motion" in sg.meta]


def _plan(energy: float, beats_per_cut: int) -> list[Segment]:
    analysis = click_analysis(156, 60_000, energy=(energy,) * 601, drive=0.8)
    song = dataclasses.replace(SONG, duration_ms=analysis.duration_ms)
    options = MusicVideoOptions(beats_per_cut=beats_per_cut)
    return _pictures(plan_music_video(song, analysis, [(v, None) for v in PICTURES], options))


def test_a_pan_and_a_push_or_pull_take_turns_in_shots_long_enough_for_both() -> None:
    shots = _plan(0.9, 8)  # 3.08 s shots
    kinds = [sg.meta["motion"] in PANS for sg in shots]
    assert sum(a == b for a, b in itertools.pairwise(kinds)) <= len(kinds) // 10
    assert 0.4 <= sum(kinds) / len(kinds) <= 0.6


def test_short_shots_of_loud_music_move_briskly_and_longer_or_quieter_ones_slowly() -> None:
    assert {sg.meta.get("move_pace") for sg in _plan(0.9, 4)} == {2}  # 1.54 s shots
    longer = _plan(0.9, 8)  # 3.08 s shots, and a few shorter ones
    assert all((sg.meta.get("move_pace") == 2) == (sg.duration_ms < 2500) for sg in longer)
    assert sum(sg.meta.get("move_pace") is None for sg in longer) >= 0.8 * len(longer)
    assert {sg.meta.get("move_pace") for sg in _plan(0.4, 4)} == {None}
