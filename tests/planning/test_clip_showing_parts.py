"""A clip's showing cut at the loud sections' pace keeps its clip (held-out 01 of stop 59: one bar of the static
street camera cut in two, a 0.77 s street shot, then a 0.77 s mirrored sliver of the other clip, "a flash"): a part
its clip cannot fill joins the part before it (``clip_shots.ClipShots.take_showing``), so no lone shot of a clip
shorter than a bar sits beside a lone shot of another clip. The montage's own parts at the pace stay
(``test_energetic_pace``), and a weak clip's showing may still be cut short beside a picture
(``prominence.weak_holds_shortened``)."""

from __future__ import annotations

import itertools

import pytest

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import Segment
from tests.planning import test_even_showings as long_song
from tests.planning.test_energetic_pace import BAR_MS, LOUD, MONTAGE, PHOTOS, SECTIONS, SONG, STREET
from tests.render.synth import click_analysis


def _minute(seed: int) -> list[Segment]:
    beats = click_analysis(120, 60_000).beats_ms
    analysis = click_analysis(120, 60_000, energy=LOUD, sections_ms=SECTIONS, drive=0.9, kicks_ms=beats)
    visuals = [*[(p, None) for p in PHOTOS], MONTAGE, STREET]
    draft = plan_music_video(SONG, analysis, visuals, MusicVideoOptions(seed=seed))
    return sorted(next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments, key=lambda s: s.start_ms)


def _flashes(lane: list[Segment], bar_ms: float) -> list[tuple[int, str, str]]:
    """Lone clip shots (no shot of their own source beside them) shorter than a bar, side by side with a lone shot
    of another clip: (start ms, the two clips)."""
    padded: list[Segment | None] = [None, *lane, None]
    lone = [
        sg.in_ms is not None and sg.duration_ms < bar_ms - 100 and all(n is None or n.src != sg.src for n in (a, b))
        for a, sg, b in zip(padded, lane, padded[2:], strict=False)
    ]
    return [
        (b.start_ms, a.src or "", b.src or "")
        for (a, b), la, lb in zip(itertools.pairwise(lane), lone, lone[1:], strict=False)
        if la and lb and a.src != b.src
    ]


@pytest.mark.parametrize("seed", range(6))
def test_a_clip_s_showing_cut_at_the_pace_does_not_flash_to_another_clip(seed: int) -> None:
    """main 994751c: the street camera's 1 s shot, then 1 s of the montage, in every seed."""
    lane = _minute(seed)
    assert not _flashes(lane, BAR_MS), _flashes(lane, BAR_MS)
    assert any(a.src == b.src == MONTAGE[0].id for a, b in itertools.pairwise(lane))  # the montage's cuts


@pytest.mark.parametrize("seed", range(3))
def test_the_long_song_s_loud_clip_showings_keep_their_clip(seed: int) -> None:
    """156 BPM, 107 s (held-out 01's tempo and length): main 994751c had a street shot then a montage sliver."""
    draft = long_song._draft(seed, "16:9")
    lane = sorted(next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments, key=lambda s: s.start_ms)
    assert not _flashes(lane, long_song.BAR_MS), _flashes(lane, long_song.BAR_MS)
