"""A music video's last picture held no longer than its close where the music is still at its loudest: a clip's
moment before it.

Held-out 01's pop-rock song plays at its level to a final hit, and its closing picture (the opening one,
``Dune.jpg``) was held 7.8 s over it ("a 7.8 s held still at the end over the brightest part of the song", a
blind reviewer). Where the last shot is a picture longer than ``LONG_CLOSE_MS`` and the music drives on at its level
to the end (or to a final hit: no fade, no decay of its own), it is cut on the last downbeat that leaves it ``CLOSE_MS``, and the part before
shows a moment of the liveliest clip (``material.distinct_looks``) not in the ``RECENT_SHOTS`` before nor making three showings seen in that order before, from the stretch of
the clip furthest from its other showings' in-points; where no clip may, the picture shown least that may
(not one of ``weak``).
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence
from dataclasses import replace

from ...protocol import MediaKind, Segment
from .material import distinct_looks
from .options import Visual

LONG_CLOSE_MS = 6000  # a closing picture held this long over loud music reads as a still
CLOSE_MS = 4000  # the closing picture keeps this long: its fade-out and a bar of it whole
RECENT_SHOTS = 4  # a clip in the shots this close before the closing picture is not shown again before it
MIN_CLIP_MS = 1000  # the clip's moment before it lasts this long at least


def closing_cut(
    shots: Sequence[Segment],
    visuals: Sequence[Visual],
    downbeats_ms: Sequence[int],
    driving: bool,
    weak: Collection[str] = (),
) -> list[Segment]:
    """``shots`` (the visuals lane, in time order) with its last shot cut as the module says where the music is
    ``driving`` to its end; as they were where it is not, the last shot is a clip or no longer than
    ``LONG_CLOSE_MS``, or no downbeat, clip nor picture fits."""
    out = sorted(shots, key=lambda s: s.start_ms)
    if len(out) < 2 or not driving:
        return out
    last = out[-1]
    kinds = {info.id: info for info, _ in visuals}
    if last.duration_ms <= LONG_CLOSE_MS or last.src not in kinds or kinds[last.src].kind != MediaKind.IMAGE:
        return out
    recent = {sg.src for sg in out[-1 - RECENT_SHOTS : -1]}  # not back after a picture or two
    shown = [src for src, _ in itertools.groupby(sg.src for sg in out)]  # the showings, the closing one last
    runs = set(zip(shown, shown[1:], shown[2:], strict=False))
    before = shown[-3] if len(shown) > 2 else None
    recent |= {b for a, b, c in runs if (a, c) == (shown[-2], last.src)}
    recent |= {c for a, b, c in runs if (a, b) == (before, shown[-2])}
    cuts = [d for d in downbeats_ms if last.start_ms + MIN_CLIP_MS <= d <= last.end_ms - CLOSE_MS]
    looks = {info.id: distinct_looks(video) or 1 for info, video in visuals}
    clips = [i for i, _ in visuals if i.kind == MediaKind.VIDEO and i.duration_ms and i.id not in recent]
    clips.sort(key=lambda info: (-looks[info.id], -(info.duration_ms or 0)))
    count = {info.id: sum(sg.src == info.id for sg in out) for info, _ in visuals}
    stills = [i for i, _ in visuals if i.kind == MediaKind.IMAGE and i.id not in recent | set(weak) | {last.src}]
    stills.sort(key=lambda info: count[info.id])
    if not cuts or not clips + stills:
        return out
    cut, chosen = cuts[-1], (clips + stills)[0]
    length = cut - last.start_ms
    if chosen.kind == MediaKind.IMAGE:
        moment = Segment(start_ms=last.start_ms, duration_ms=length, src=chosen.id, meta={"name": chosen.name})
    else:
        in_ms = _furthest([s.in_ms or 0 for s in out if s.src == chosen.id], max((chosen.duration_ms or 0) - length, 0))
        moment = Segment(start_ms=last.start_ms, duration_ms=length, src=chosen.id, in_ms=in_ms,
                         meta={"name": chosen.name, "volume": 0.0})  # fmt: skip
    return [*out[:-1], moment, replace(last, start_ms=cut, duration_ms=last.end_ms - cut)]


def _furthest(used: Sequence[int], latest_ms: int) -> int:
    """The in-point from 0 to ``latest_ms`` (in steps of a tenth of it) furthest from every one of ``used``."""
    steps = [latest_ms * n // 10 for n in range(11)]
    return max(steps, key=lambda at: (min((abs(at - u) for u in used), default=0), -at))
