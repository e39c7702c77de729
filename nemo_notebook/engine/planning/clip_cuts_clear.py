"""No cut of a clip's own footage shown off the beat or at a shot's edge, after the passes that move clip moments.

The clip chooser (``clip_windows``) keeps each window inside one of the clip's own shots, or puts the clip's cut on
a beat; the passes after it (``unlooped``'s trades and ``story_order``, ``closing_still``'s moment,
``clip_spans_apart``) move in-points and shots without looking at the clip's cuts. Held-out 01's blind reviewer saw
it: "at 3.63-3.87 a 7-frame flash of the woman before it jumps to the man mid-beat (about 145 ms off the grid); at
99.9 the same thing, about 120 ms off the beat" (``Megamind.avi``, a dialogue scene with its own shot changes).

Here every clip shot those passes moved whose window shows one of the clip's cuts off the beat or under ``EDGE_MS`` from its start or
end (``clip_beat_cuts.off_beat_cuts``) moves to another in-point: one whose window lies inside one of the clip's
shots, or whose cuts each land on a beat of the shot ``EDGE_MS`` clear of its ends, none with frames unfit to show
nor showing more footage that another shot of the clip shows the same way (as it is or mirrored, ``m.mirror``:
``clip_spans_apart``; either way where the shot beside it on screen shows it, ``JOIN_MS`` around) than the shot did, nor out of the story's order where the shot kept it (between the
in-points of the clip's shots before and after it: ``clip_shots``). Ranked: fewest blips (``clip_beat_cuts.sliver_cuts``), least footage shown twice, inside one shot before
across a cut, not joining the clip's shot beside it within ``JOIN_MS``, nearest its own. A shot no in-point clears
stays as it was, and so does one that plays on from the shot before or into the shot after (the clip's own edit,
played as it was cut).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ...protocol import Segment
from ..analysis.types import VideoAnalysis
from .clip_beat_cuts import off_beat_cuts, on_beat_starts, sliver_cuts
from .clip_spans_apart import JOIN_MS, mirrored
from .clip_window_traits import clip_length, starts_within_shots, unfit
from .options import Visual

EDGE_MS = 300  # a clip's cut this near a shot's start or end shows as a flash of another scene


def clear_cuts(analysis: VideoAnalysis, beats: Sequence[int], at_ms: int, start: int, length_ms: int) -> bool:
    """Whether the window (clip footage from ``start``, ``length_ms`` long, shown from ``at_ms``) shows none of the
    clip's cuts off the beat nor within ``EDGE_MS`` of its ends."""
    inside = [c for c in analysis.cut_points_ms if start < c < start + length_ms]
    edge = any(c < start + EDGE_MS or c > start + length_ms - EDGE_MS for c in inside)
    return not edge and not off_beat_cuts(analysis, beats, at_ms, start, length_ms)


def clips_clear_of_cuts(
    shots: Sequence[Segment], visuals: Sequence[Visual], beats: Sequence[int], planned: Sequence[Segment]
) -> list[Segment]:
    """``shots`` (the visuals lane) with each clip shot that ``planned`` (the lane the chooser's windows made) did not
    hold as it is and that shows a cut of its clip off the beat (``beats``: the music's, ms) or near its ends moved
    to an in-point that does not, as the module says."""
    lane = sorted(shots, key=lambda s: s.start_ms)
    chosen = {(s.src, s.start_ms, s.duration_ms, s.in_ms) for s in planned}
    clips = {info.id: (info, video) for info, video in visuals if video is not None and video.cut_points_ms}
    for k, shot in enumerate(lane):
        length = shot.duration_ms
        if shot.src not in clips or shot.in_ms is None or (shot.src, shot.start_ms, length, shot.in_ms) in chosen:
            continue
        info, video = clips[shot.src]
        if clear_cuts(video, beats, shot.start_ms, shot.in_ms, length) or _plays_on(lane, k):
            continue
        room = clip_length(info, video) - length
        inside = starts_within_shots(info, video, length)
        on_beat = on_beat_starts(info, video, beats, shot.start_ms, length)
        flip = mirrored(shot)
        was = _shown(lane, k, shot.in_ms, flip)
        low, high = _story(lane, k)
        fits = [
            (_shown(lane, k, s, flip), kind, s)
            for kind, starts in enumerate((inside, on_beat))
            for s in starts
            if 0 <= s <= room and clear_cuts(video, beats, shot.start_ms, s, length) and not unfit(video, s, length)
        ]
        near = [(s.in_ms - JOIN_MS, s.in_ms + s.duration_ms + JOIN_MS) for s in _beside(lane, k) if s.in_ms is not None]
        fits = [
            f
            for f in fits
            if f[0] <= was and low <= f[2] <= high and not any(a < f[2] + length and f[2] < b for a, b in near)
        ]
        if fits:
            best = min(fits, key=lambda c: (sliver_cuts(video, c[2], length), *c[:2], *_rest(lane, k, c[2])))
            lane[k] = replace(shot, in_ms=best[2])
    return lane


def _shown(lane: Sequence[Segment], k: int, start: int, flip: bool) -> int:
    """How much footage (ms) ``lane[k]`` from ``start`` shows that another shot of its clip shows the same way
    (both mirrored, ``flip``, or neither: ``clip_spans_apart``)."""
    shot = lane[k]
    end = start + shot.duration_ms
    others = [s for n, s in enumerate(lane) if n != k and s.src == shot.src and s.in_ms is not None]
    return sum(
        max(0, min(end, (s.in_ms or 0) + s.duration_ms) - max(start, s.in_ms or 0))
        for s in others
        if mirrored(s) == flip
    )


def _story(lane: Sequence[Segment], k: int) -> tuple[int, int]:
    """The in-points ``lane[k]`` may move between and keep its clip's story in order: those of its clip's shots
    before and after it, where its own lies between them; else anywhere."""
    shot = lane[k]
    ins = [(n, s.in_ms) for n, s in enumerate(lane) if n != k and s.src == shot.src and s.in_ms is not None]
    before = [i for n, i in ins if n < k]
    after = [i for n, i in ins if n > k]
    low = before[-1] if before else 0
    high = after[0] if after else 1 << 40
    inside = low <= (shot.in_ms or 0) <= high
    return (low, high) if inside else (0, 1 << 40)


def _rest(lane: Sequence[Segment], k: int, start: int) -> tuple[int, int]:
    """The last of how a new in-point ``start`` for ``lane[k]`` ranks: joining the clip's shot beside it within
    ``JOIN_MS``, then distance from its own in-point."""
    shot = lane[k]
    beside = _beside(lane, k)
    joins = [(s.in_ms or 0) + s.duration_ms if s.start_ms < shot.start_ms else (s.in_ms or 0) - shot.duration_ms
             for s in beside]  # fmt: skip
    return int(any(abs(start - j) < JOIN_MS for j in joins)), abs(start - (shot.in_ms or 0))


def _beside(lane: Sequence[Segment], k: int) -> list[Segment]:
    """The shots right before and after ``lane[k]`` on screen that show its clip."""
    return [lane[n] for n in (k - 1, k + 1) if 0 <= n < len(lane) and lane[n].src == lane[k].src]


def _plays_on(lane: Sequence[Segment], k: int) -> bool:
    """Whether ``lane[k]`` continues its clip's footage from the shot before, or the shot after continues it."""
    pairs = [(lane[n - 1], lane[n]) for n in (k, k + 1) if 0 < n < len(lane)]
    return any(
        a.src == b.src and a.in_ms is not None and b.in_ms is not None and b.in_ms == a.in_ms + a.duration_ms
        for a, b in pairs
    )
