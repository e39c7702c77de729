"""A clip shot shows none of the clip's own cuts off the beat nor near its start or end, after the passes that move
clip moments (held-out 01's blind reviewer: "at 3.63-3.87 a 7-frame flash of the woman before it jumps to the man
mid-beat (about 145 ms off the grid); at 99.9 the same thing, about 120 ms off the beat": ``unlooped`` and
``closing_still`` had moved ``Megamind.avi``'s moments across its scene changes). Measured on the plan of the
driving song, photos and clips of ``test_unlooped``, with the held-out clip's length and cuts."""

from __future__ import annotations

import bisect

import pytest

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.clip_cuts_clear import EDGE_MS, clips_clear_of_cuts
from nemo_notebook.protocol import Segment
from tests.planning.test_clip_new_in_points import _clip
from tests.planning.test_energetic_pace import STREET
from tests.planning.test_unlooped import ENERGY, LENGTH_MS, PHOTOS, SECTIONS, SONG
from tests.render.synth import click_analysis

MEGAMIND = _clip("m_mega", 11_260, (83, 4129, 6465, 8383))  # the held-out clip as detected: a cut 3 frames in
NEAR_MS = 70  # a cut this near a beat reads as on it (the render's measure)


def _faults(lane: list[Segment], beats: list[int]) -> list[tuple[int, int, int]]:
    """Each clip cut a shot of ``MEGAMIND`` shows off the beat or within ``EDGE_MS`` of the shot's ends: the shot's
    start, where in it the cut falls, how far from a beat (ms)."""
    out = []
    for shot in lane:
        if shot.src != MEGAMIND[0].id or shot.in_ms is None:
            continue
        for cut in MEGAMIND[1].cut_points_ms:
            into = cut - shot.in_ms
            if not 0 < into < shot.duration_ms:
                continue
            t = shot.start_ms + into
            k = bisect.bisect_left(beats, t)
            off = min(abs(beats[j] - t) for j in (k - 1, k) if 0 <= j < len(beats))
            if off > NEAR_MS or into < EDGE_MS or into > shot.duration_ms - EDGE_MS:
                out.append((shot.start_ms, into, off))
    return out


@pytest.mark.parametrize(("seed", "street"), [(0, True), (1, True), (1, False)])
def test_no_clip_shot_of_the_plan_shows_a_cut_of_its_clip_off_the_beat_or_at_its_edge(seed: int, street: bool) -> None:
    """Before: the 3.1 s moment of the clip in the first 8 s (``unlooped``: the in-point of a shorter planned shot,
    ``story_order``) showed its cut at 8383 ms 889 ms in, 120 ms off the beat; with five photos and the clip alone,
    the moment before the closing picture showed its cut at 83 ms 38 ms in (a flash). (Seed 2's opening moment
    finds no in-point clear of cuts that shows no more footage twice than it did, and stays.)"""
    beats = click_analysis(156, LENGTH_MS).beats_ms
    analysis = click_analysis(156, LENGTH_MS, energy=ENERGY, sections_ms=SECTIONS, drive=0.9, kicks_ms=beats)
    visuals = (
        [*[(p, None) for p in PHOTOS], MEGAMIND, STREET] if street else [*[(p, None) for p in PHOTOS[:5]], MEGAMIND]
    )
    draft = plan_music_video(SONG, analysis, visuals, MusicVideoOptions(seed=seed))
    lane = sorted(next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments, key=lambda s: s.start_ms)
    assert any(s.src == MEGAMIND[0].id for s in lane)
    assert _faults(lane, list(beats)) == []


def test_a_moment_across_a_cut_moves_into_one_scene_or_onto_the_beat() -> None:
    """The held-out opening moment: 3081 ms from 8180 ms of the clip shown at 3646 ms, its cut at 8383 ms 203 ms in
    (a flash of the woman); a 1537 ms shot free of cuts stays as it is."""
    beats = [round(k * 60_000 / 156) for k in range(300)]
    lane = [
        Segment(0, 3646, src="m_photo"),
        Segment(3646, 3081, src=MEGAMIND[0].id, in_ms=8180),
        Segment(6727, 1537, src=MEGAMIND[0].id, in_ms=209),
        Segment(8264, 3000, src="m_photo"),
    ]
    out = clips_clear_of_cuts(lane, [MEGAMIND], beats, [])
    assert _faults(lane, beats), "the laid lane should show the cut"
    assert _faults(out, beats) == []
    assert out[2] == lane[2]
    assert out[1].in_ms != lane[1].in_ms
