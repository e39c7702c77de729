"""Clips take the long shots and stills the short ones, where the music drives.

Held-out 01 (a 156 BPM rock song, seven photos, an 11 s clip and a fixed street camera) gave its stills 2-bar shots
(3.1 s) and its clip 1-bar shots (1.5 s), "the pace runs backwards: stills linger and motion rushes" (a blind
reviewer), and only 20 s of its 107 s moved. Here (outside quiet breaks, whose stills are held on purpose:
``quiet_breaks``) a clip's showing of less than ``SHORT_BARS`` bars takes a bar from
a still showing beside it that lasts ``LONG_BARS`` bars or more (the still keeps at least a bar, and the cut stays on a
downbeat); where neither still beside it is that long, it takes the whole of a one-shot still showing beside it whose
picture is among the most shown (``SHOWN_MOST`` showings at least), which shows that picture once less. The clip's
take plays on through the time it gains, from footage no other shot of the clip shows: a clip gains only while it
is on screen no longer than it lasts (``material.MOMENT_EVERY_MS``: an 11 s clip's moments once a minute); weak clips (a fixed camera) gain nothing. A cut on a
section's start stays where it is (held-out 02's chorus came in during a 3 s take of the clip): a most-shown still
after it gives its place to another moment of the clip, a cut between moments the section's own.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from ...protocol import Segment

SHORT_BARS = 1.5  # a clip's showing shorter than this many bars is a rush of motion ...
LONG_BARS = 1.75  # ... beside a still's shot of at least this many bars, which lingers
SHOWN_MOST = 3  # a still shown this many times or more gives a one-shot showing whole to a clip beside it
SECTION_NEAR_MS = 100  # a cut this near a section's start is the section's: it stays
JUMP_MS = 1000  # a clip's new moment after a section's cut starts at least this far from the take beside it


def clip_takes(
    shots: Sequence[Segment],
    clip_ms: Mapping[str, int],
    weak: Collection[str],
    downbeats_ms: Sequence[int],
    sections_ms: Sequence[int] = (),
    breaks_ms: Sequence[tuple[int, int]] = (),
) -> list[Segment]:
    """``shots`` (the visuals lane) with each short showing of a clip (``clip_ms``: each clip's length by media id;
    ``weak``: ids of weak uploads, which gain nothing) made a bar longer, or a still's shot longer, at the cost of a
    still beside it, as the module says; the cuts that move land on ``downbeats_ms``, and a cut on a section's start
    (``sections_ms``) stays; no still in a quiet break (``breaks_ms``: start, end ms) gives time.

    Examples
    --------
    >>> [round(s.duration_ms / 1000, 1) for s in clip_takes(lane, {"clip": 11_000}, (), downbeats)]  # doctest: +SKIP
    [1.5, 3.1, 1.5]
    """
    lane = sorted(shots, key=lambda s: s.start_ms)
    gaps = [b - a for a, b in itertools.pairwise(downbeats_ms)]
    if not gaps or not lane:
        return lane
    bar = statistics.median(gaps)
    screen = {src: sum(s.duration_ms for s in lane if s.src == src) for src in clip_ms}
    limit = dict(clip_ms)  # a clip on screen no longer than it lasts
    k = 0
    while k < len(lane):
        run = _run(lane, k)
        src = lane[k].src or ""
        length = lane[run.stop - 1].end_ms - lane[k].start_ms
        if src in clip_ms and src not in weak and length < SHORT_BARS * bar:
            lane = _longer(lane, run, bar, downbeats_ms, clip_ms, limit[src] - screen[src], sections_ms, breaks_ms)
            screen[src] = sum(s.duration_ms for s in lane if s.src == src)
        k = _run(lane, k).stop
    return lane


def _run(lane: Sequence[Segment], k: int) -> range:
    """The showing ``lane[k]`` begins or is in: the shots of its source next to each other from ``k`` on."""
    end = k + 1
    while end < len(lane) and lane[end].src == lane[k].src:
        end += 1
    return range(k, end)


def _showings(lane: Sequence[Segment], src: str | None) -> int:
    return sum(1 for key, _ in itertools.groupby(s.src for s in lane) if key == src)


def _longer(
    lane: list[Segment],
    run: range,
    bar: float,
    downbeats_ms: Sequence[int],
    clip_ms: Mapping[str, int],
    room_ms: float,
    sections_ms: Sequence[int],
    breaks_ms: Sequence[tuple[int, int]],
) -> list[Segment]:
    """``lane`` with the clip showing ``run`` longer by a bar of a long still beside it, else by a one-shot showing
    of a most-shown still beside it; as it is where neither is there or the clip has no ``room_ms`` left."""
    sides = [(run.start - 1, True), (run.stop, False)]  # (the shot beside it, whether it comes before the clip)
    still = [(n, before) for n, before in sides if 0 <= n < len(lane) and lane[n].src not in clip_ms]
    still = [(n, b) for n, b in still if not any(a < lane[n].end_ms and lane[n].start_ms < z for a, z in breaks_ms)]
    edges = {n: lane[n].end_ms if before else lane[n].start_ms for n, before in still}  # the cut each would move
    held = {n for n in edges if any(abs(edges[n] - s) <= SECTION_NEAR_MS for s in sections_ms if s > 0)}
    for n, before in sorted(still, key=lambda nb: -lane[nb[0]].duration_ms):
        if lane[n].duration_ms >= LONG_BARS * bar and n not in held:
            cut = _downbeat_cut(lane[n], before, bar, downbeats_ms)
            if cut is not None and abs(cut - (lane[n].start_ms if before else lane[n].end_ms)) <= room_ms:
                return _moved(lane, run, n, cut, before, clip_ms)
    for n, before in sorted(still, key=lambda nb: -_showings(lane, lane[nb[0]].src)):
        alone = _run(lane, n) == range(n, n + 1) and (n == 0 or lane[n - 1].src != lane[n].src)
        fits = lane[n].duration_ms < SHORT_BARS * bar and lane[n].duration_ms <= room_ms
        if alone and fits and _showings(lane, lane[n].src) >= SHOWN_MOST:
            if n in held:  # the cut on the section's start stays: another moment of the clip after it
                return _new_moment(lane, run, n, before, clip_ms)
            return _moved(lane, run, n, lane[n].start_ms if before else lane[n].end_ms, before, clip_ms)
    return lane


def _new_moment(lane: list[Segment], run: range, n: int, before: bool, clip_ms: Mapping[str, int]) -> list[Segment]:
    """``lane`` with the still ``lane[n]`` beside the clip showing ``run`` replaced by a moment of that clip from
    footage no other shot of it shows (away from the take beside it), its showing's parts numbered again; as it is
    where the clip has no such footage."""
    clip = lane[run.start if before else run.stop - 1]
    length = clip_ms[clip.src or ""]
    still = lane[n]
    far = (
        (clip.in_ms or 0) + clip.duration_ms + JUMP_MS
        if not before
        else (clip.in_ms or 0) - still.duration_ms - JUMP_MS
    )
    meta = {key: value for key, value in clip.meta.items() if key not in ("reframe", "mirror")}
    moment = replace(clip, start_ms=still.start_ms, duration_ms=still.duration_ms, in_ms=max(0, far), meta=meta)
    out = [*lane[:n], moment, *lane[n + 1 :]]
    fresh = _fresh_in(out, n, length)
    if fresh is None:
        return lane
    out[n] = replace(moment, in_ms=fresh)
    showing = _run(out, min(n, run.start))
    for part, k in enumerate(showing):
        parted = {key: value for key, value in out[k].meta.items() if key != "reframe"} | (
            {"reframe": part} if part else {}
        )
        out[k] = replace(out[k], meta=parted)
    return out


def _downbeat_cut(still: Segment, before: bool, bar: float, downbeats_ms: Sequence[int]) -> int | None:
    """The downbeat in ``still`` about a bar from its side at the clip (``before``: the still comes first) that leaves
    it at least three quarters of a bar; None where there is none."""
    edge = still.end_ms if before else still.start_ms
    inside = [d for d in downbeats_ms if still.start_ms + 0.75 * bar <= d <= still.end_ms - 0.75 * bar]
    near = [d for d in inside if 0.75 * bar <= abs(d - edge) <= 1.25 * bar]
    return min(near, key=lambda d: abs(abs(d - edge) - bar)) if near else None


def _moved(
    lane: list[Segment], run: range, n: int, cut: int, before: bool, clip_ms: Mapping[str, int]
) -> list[Segment]:
    """``lane`` with the cut between the clip showing ``run`` and the still ``lane[n]`` moved to ``cut`` (the still
    gone where ``cut`` is its far edge); the clip's take beside it plays on through the time gained, within its
    footage."""
    out = list(lane)
    k = run.start if before else run.stop - 1
    clip, still = lane[k], lane[n]
    length = clip_ms[clip.src or ""]
    if before:
        gained = clip.start_ms - cut
        start_in = max(0, (clip.in_ms or 0) - gained)
        out[k] = replace(clip, start_ms=cut, duration_ms=clip.duration_ms + gained, in_ms=start_in)
        kept = replace(still, duration_ms=cut - still.start_ms)
    else:
        gained = cut - clip.end_ms
        out[k] = replace(clip, duration_ms=clip.duration_ms + gained)
        kept = replace(still, start_ms=cut, duration_ms=still.end_ms - cut)
    fresh = _fresh_in(out, k, length)
    if fresh is None:  # no footage of the clip left that no other shot shows: as it was
        return lane
    out[k] = replace(out[k], in_ms=fresh)
    if kept.duration_ms > 0:
        out[n] = kept
    else:
        del out[n]
    return out


def _fresh_in(lane: Sequence[Segment], k: int, length: int) -> int | None:
    """The in-point nearest ``lane[k]``'s own (its footage pulled back within the clip's ``length``) from which it
    shows footage no other shot of its clip shows; None where there is none."""
    shot = lane[k]
    need = shot.duration_ms
    want = max(0, min(shot.in_ms or 0, length - need))
    spans = sorted(
        (s.in_ms or 0, (s.in_ms or 0) + s.duration_ms) for n, s in enumerate(lane) if n != k and s.src == shot.src
    )
    edges = [(0, 0), *spans, (length, length)]
    free = [
        min(max(want, a_end), b_start - need)
        for (_, a_end), (b_start, _) in itertools.pairwise(edges)
        if b_start - a_end >= need
    ]
    return min(free, key=lambda start: abs(start - want)) if free else None
