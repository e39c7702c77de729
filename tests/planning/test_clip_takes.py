"""Clips take the long shots and stills the short ones where the music drives (held-out 01: stills 3.1 s, its clip
1.5 s, "the pace runs backwards: stills linger and motion rushes", a blind reviewer)."""

from __future__ import annotations

from nemo_notebook.engine.planning.clip_takes import clip_takes
from nemo_notebook.protocol import Segment

BAR = 1540  # ms, a bar at 156 BPM
DOWNBEATS = [n * BAR for n in range(40)]
CLIP_MS = {"clip": 11_000, "cam": 30_000}


def _still(src: str, bar: int, bars: int) -> Segment:
    return Segment(start_ms=bar * BAR, duration_ms=bars * BAR, src=src, meta={"name": src})


def _clip(bar: int, bars: int, in_ms: int = 0, src: str = "clip", **meta: object) -> Segment:
    return Segment(start_ms=bar * BAR, duration_ms=bars * BAR, src=src, in_ms=in_ms, meta={"name": src, **meta})


def _plan(lane: list[Segment], weak: tuple[str, ...] = ()) -> list[tuple[str | None, int, int]]:
    out = clip_takes(lane, CLIP_MS, weak, DOWNBEATS)
    assert sum(s.duration_ms for s in out) == sum(s.duration_ms for s in lane)  # the lane's time is all shown
    return [(s.src, s.start_ms // BAR, s.duration_ms // BAR) for s in out]


def test_a_short_clip_showing_takes_a_bar_of_a_long_still_beside_it() -> None:
    lane = [_still("a", 0, 2), _clip(2, 1, 4000), _still("b", 3, 1)]
    assert _plan(lane) == [("a", 0, 1), ("clip", 1, 2), ("b", 3, 1)]


def test_the_take_plays_on_from_earlier_footage() -> None:
    lane = [_still("a", 0, 2), _clip(2, 1, 4000), _still("b", 3, 1)]
    assert [s.in_ms for s in clip_takes(lane, CLIP_MS, (), DOWNBEATS) if s.src == "clip"] == [4000 - BAR]


def test_a_one_shot_showing_of_a_most_shown_still_goes_to_the_clip() -> None:
    lane = [_still("a", 0, 1), _still("b", 1, 1), _clip(2, 1, 0), _still("a", 3, 1), _still("c", 4, 1)]
    lane += [_still("a", 5, 1), _still("b", 6, 1)]
    assert ("clip", 2, 2) in _plan(lane)
    assert [src for src, _, _ in _plan(lane)].count("a") == 2


def test_a_weak_clip_gains_nothing() -> None:
    lane = [_still("a", 0, 2), _clip(2, 1, 0, src="cam"), _still("b", 3, 2)]
    assert _plan(lane, weak=("cam",)) == [("a", 0, 2), ("cam", 2, 1), ("b", 3, 2)]


def test_a_clip_with_no_footage_left_unshown_gains_nothing() -> None:
    """An 11 s clip already showing 9.2 s: a bar more would show some of it twice."""
    lane = [_clip(0, 6, 0), _still("a", 6, 2), _clip(8, 1, 9240), _still("b", 9, 2)]
    assert _plan(lane) == [("clip", 0, 6), ("a", 6, 2), ("clip", 8, 1), ("b", 9, 2)]


def test_a_cut_on_a_section_start_stays_and_the_still_after_it_shows_another_moment() -> None:
    lane = [_still("b", 0, 1), _clip(1, 1, 1000), _still("a", 2, 1), _still("c", 3, 1), _still("a", 4, 1)]
    lane += [_still("d", 5, 1), _still("a", 6, 1)]
    out = clip_takes(lane, CLIP_MS, (), DOWNBEATS, sections_ms=(0, 2 * BAR))
    assert [(s.src, s.start_ms // BAR, s.duration_ms // BAR) for s in out][1:3] == [("clip", 1, 1), ("clip", 2, 1)]
    first, second = out[1:3]
    assert second.meta.get("reframe") == 1 and "reframe" not in first.meta
    assert abs((second.in_ms or 0) - (first.in_ms or 0)) >= BAR + 1000  # not the take played on: another moment
