"""A short clip is on screen no longer than it lasts, its montage runs counted, and the time goes to the pictures held
longer, not to more showings of them (issue 29, held-out export 01 of stop 52: "Megamind.avi", 11.3 s, on screen
28.1 s in 20 shots, the same moments coming back): a 12 s clip beside two photos under a driving minute."""

from __future__ import annotations

import itertools

import pytest

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.clip_time_bounded import Bounded, clip_time_bounded
from nemo_notebook.protocol import Segment
from nemo_notebook.protocol.showings import times_shown
from tests.planning.test_energetic_pace import LOUD, PHOTOS, SECTIONS, SONG, _clip
from tests.render.synth import click_analysis

CLIP_MS = 12_000


def _plan(seed: int) -> tuple[list[Segment], dict[str, object]]:
    clip = _clip("m_short", CLIP_MS, tuple(range(2500, CLIP_MS, 2500)))
    beats = click_analysis(120, 60_000).beats_ms
    analysis = click_analysis(120, 60_000, energy=LOUD, sections_ms=SECTIONS, drive=0.9, kicks_ms=beats)
    draft = plan_music_video(SONG, analysis, [*[(p, None) for p in PHOTOS[:2]], clip], MusicVideoOptions(seed=seed))
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    return sorted(lane.segments, key=lambda s: s.start_ms), dict(draft.meta)


@pytest.mark.parametrize("seed", range(3))
def test_a_short_clip_is_on_screen_no_longer_than_it_lasts(seed: int) -> None:
    """merge53 (213caf1), seeds 0-2: the 12 s clip on screen 20.0, 16.0 and 20.0 s, 11.6, 5.3 and 11.6 s of its
    footage shown twice (pairwise)."""
    lane, meta = _plan(seed)
    mine = [s for s in lane if s.src == "m_short"]
    assert sum(s.duration_ms for s in mine) <= CLIP_MS
    spans = [(s.in_ms or 0, (s.in_ms or 0) + s.duration_ms) for s in mine]
    twice = sum(max(0, min(a[1], b[1]) - max(a[0], b[0])) for a, b in itertools.combinations(spans, 2))
    assert twice <= 3000, twice  # the free stretches left can be too short for a shot: a little comes back
    bounded = meta["clips_bounded"]
    assert isinstance(bounded, dict)
    assert bounded["m_short"][0] == CLIP_MS and bounded["m_short"][1] > CLIP_MS >= bounded["m_short"][2]


@pytest.mark.parametrize("seed", range(3))
def test_the_planned_lane_stays_whole(seed: int) -> None:
    """Every cut still changes the picture, the lane covers the minute without a gap, no shot is held past 8 s."""
    lane, _ = _plan(seed)
    assert all(a.src != b.src or b.meta.get("reframe") for a, b in itertools.pairwise(lane))
    assert all(a.start_ms + a.duration_ms == b.start_ms for a, b in itertools.pairwise(lane))
    assert lane[0].start_ms == 0 and lane[-1].start_ms + lane[-1].duration_ms == 60_000
    assert max(s.duration_ms for s in lane if s.src != "m_short") <= 8000


def _shot(src: str, start_s: int, in_s: int | None = None, **meta: object) -> Segment:
    in_ms = None if in_s is None else in_s * 1000
    return Segment(start_ms=start_s * 1000, duration_ms=2000, src=src, in_ms=in_ms, meta={"name": src, **meta})


def test_the_time_goes_to_longer_holds_not_more_showings() -> None:
    """A 4 s clip shown 4 times for 2 s (its first 2 s three times) between two photos: it keeps 4 s of shots, its
    repeats given to the photo before each, which is shown as often as before and held 4 s."""
    lane = [
        _shot("a", 0),
        _shot("clip", 2, 0),
        _shot("b", 4),
        _shot("clip", 6, 0),
        _shot("a", 8),
        _shot("clip", 10, 2),
        _shot("b", 12),
        _shot("clip", 14, 0),
    ]
    out, bounded = clip_time_bounded(lane, {"clip": 4000}, {"a", "b"})
    assert bounded == {"clip": Bounded(4000, 8000, 4000)}
    assert times_shown(out) | {"clip": 0} == times_shown(lane) | {"clip": 0}
    assert [(s.src, s.in_ms) for s in out if s.src == "clip"] == [("clip", 0), ("clip", 2000)]
    assert [s.duration_ms for s in out] == [2000, 2000, 4000, 2000, 2000, 4000]
    assert all(a.start_ms + a.duration_ms == b.start_ms for a, b in itertools.pairwise(out))


def test_nothing_else_left_the_clip_keeps_its_shots() -> None:
    """A clip with only itself and held photos beside it keeps its shots."""
    lane = [_shot("clip", 0, 0), _shot("clip", 2, 0, reframe=1), _shot("clip", 4, 0, reframe=2)]
    out, bounded = clip_time_bounded(lane, {"clip": 2000}, {"a"})
    assert out == lane and bounded == {}
