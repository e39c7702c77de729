"""A short clip's moments in a driving minute (issue 29: the white post bikes.mp4 opens on, its still first second,
shown at 12, 17 and 32 s; 17 one-second windows from its 10 s): the clip fills about its length, and its still
moment comes once."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import Segment
from tests.planning.test_energetic_pace import LOUD, MONTAGE, PHOTOS, SECTIONS, SONG, STREET
from tests.render.synth import click_analysis

STILL_MS = 1200  # the montage's first own shot: a still post, the rest of it moving


def _still_start() -> tuple:  # type: ignore[type-arg]
    info, video = MONTAGE
    motion = tuple(0.15 if i * 200 < STILL_MS else 0.5 + 0.4 * ((i * 37 % 23) / 22) for i in range(len(video.motion)))
    return info, dataclasses.replace(video, motion=motion)


def _clip_shots(seed: int) -> list[Segment]:
    beats = click_analysis(120, 60_000).beats_ms
    analysis = click_analysis(120, 60_000, energy=LOUD, sections_ms=SECTIONS, drive=0.9, kicks_ms=beats)
    clip = _still_start()
    visuals = [*[(p, None) for p in PHOTOS], clip, STREET]
    draft = plan_music_video(SONG, analysis, visuals, MusicVideoOptions(seed=seed))
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    return sorted((sg for sg in lane.segments if sg.src == clip[0].id), key=lambda s: s.start_ms)


@pytest.mark.parametrize("seed", range(6))
def test_a_clip_s_still_first_second_comes_once_in_a_minute(seed: int) -> None:
    """Among the clip's shots after the opening one (which, where the clip opens the video, plays 8 s of it: that
    case still shows the first second again later, not fixed here)."""
    shots = [sg for sg in _clip_shots(seed) if sg.start_ms > 0]
    still = [sg.in_ms for sg in shots if (sg.in_ms or 0) < STILL_MS]
    assert len(still) <= 1, [(sg.start_ms, sg.in_ms) for sg in shots]


@pytest.mark.parametrize("seed", range(6))
def test_a_10_s_clip_fills_about_its_length_of_a_minute(seed: int) -> None:
    """Its moments once a minute (``material.MOMENT_EVERY_MS``): about 10 s on screen after the opening shot (held
    to a phrase whatever it shows) and before the last (it fades out whole), not 17 s."""
    shots = _clip_shots(seed)
    body = [sg for sg in shots[:-1] if sg.start_ms > 0]
    assert sum(sg.duration_ms for sg in body) <= 11_000, [(sg.start_ms, sg.in_ms) for sg in shots]
    windows = [(sg.in_ms or 0, (sg.in_ms or 0) + sg.duration_ms) for sg in shots]
    same = [
        (a, b)
        for a, b in itertools.combinations(windows, 2)
        if 2 * (min(a[1], b[1]) - max(a[0], b[0])) > min(a[1] - a[0], b[1] - b[0])
    ]
    # 7-11 windows from a 10 s clip whose own shots hold 7 side by side, after an opening shot of 8 s: seed 5's
    # six 1 s shots have 2 s of footage past the opening, and main 994751c's fifth pair-free window was the 1 s
    # sliver of the clip that a street camera's showing flashed to (``test_clip_showing_parts``)
    assert len(same) <= 5, (same, windows)
