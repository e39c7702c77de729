"""Which moments of a clip are soft, and which pictures and clips are weak material that a video shows less.

A moment is soft where its frames are less than ``SOFT`` times as sharp as the clip's sharp moments (the 90th
percentile of its ``VideoAnalysis.sharpness``): ``bikes.mp4``'s sharp fence is 0.68 and its cyclist 0.62, its
traffic jam filmed out of focus 0.42-0.48, a car smeared by its speed 0.44-0.49: 0.7 of 0.69 leaves the cyclist and
takes the blurred moments out. Big Buck Bunny's bird in focus before a blurred sky (0.49-0.54) stays, at 0.7 of
0.67.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...protocol import MediaInfo, MediaKind
from ...protocol.vocabulary import ASPECT_SIZES
from ..analysis.types import VideoAnalysis

SOFT = 0.7
"""A moment less sharp than this share of the clip's sharp moments (its 90th percentile) is soft."""


def sharp_reference(video: VideoAnalysis) -> float:
    """How sharp the clip's sharp moments are: the 90th percentile of its hops' sharpness (0 where not measured)."""
    values = sorted(video.sharpness)
    return values[min(len(values) - 1, round(0.9 * (len(values) - 1)))] if values else 0.0


def soft_hops(video: VideoAnalysis) -> tuple[bool, ...]:
    """For each hop of the clip, whether it is soft (below ``SOFT`` times ``sharp_reference``); all False where the
    analysis has no sharpness."""
    floor = SOFT * sharp_reference(video)
    return tuple(v < floor for v in video.sharpness)


def sharp_share(video: VideoAnalysis) -> float:
    """The share of the clip's length that is not soft (1.0 where the analysis has no sharpness)."""
    soft = soft_hops(video)
    return 1.0 - sum(soft) / len(soft) if soft else 1.0


@dataclass(frozen=True)
class Weak:
    """A picture or clip a viewer would find weak: ``share`` is the part of a good one's shots it gets (0..1),
    ``why`` one of ``REASONS`` (what the reply says)."""

    share: float
    why: str


FIXED_CAMERA, OUT_OF_FOCUS, PARTLY_SOFT, SMALL = "fixed_camera", "out_of_focus", "partly_soft", "small"
COARSE, BLOCKY, EMPTY = "coarse", "blocky", "empty"  # coarse: plain, nothing in it standing out
REASONS = (FIXED_CAMERA, OUT_OF_FOCUS, PARTLY_SOFT, SMALL, COARSE, BLOCKY, EMPTY)
LOOK_EVERY_MS = 20_000  # a clip with fewer different looks than one this often is a fixed camera on one scene
FIXED_LENGTH_MS = 20_000  # ... where it runs this long at least (a short still shot is one look, and fine)
SOFT_CLIP = 0.5  # a clip whose sharp moments (``sharp_reference``) are less sharp than this is out of focus
SOFT_PICTURE = 0.52  # a picture less sharp than this (``analysis.picture.sharpness``) is out of focus
EDGELESS = 0.1  # ... and one less sharp than this has no edge at all (a photo under a 4-pixel blur: 0.22-0.39)
MOSTLY_SOFT = 0.5  # a clip with less than this share of sharp moments is mostly out of focus
MOST_ENLARGED = 3.0  # a picture enlarged more than this to fill a 1080p frame is small for it (480×270, not 640×360)
SHARES = {FIXED_CAMERA: 0.4, OUT_OF_FOCUS: 0.5, PARTLY_SOFT: 0.7, SMALL: 0.6, COARSE: 0.6, BLOCKY: 0.6, EMPTY: 0.0}


def weakness(
    info: MediaInfo,
    video: VideoAnalysis | None,
    sharpness: float | None,
    aspect: str,
    coarse: bool = False,
    blocky: bool = False,
) -> Weak | None:
    """What makes the picture or clip weak, the worst where several do, or None: a clip on a fixed camera (fewer
    different looks than one every ``LOOK_EVERY_MS``: ``vtest.avi``, a 79 s street camera, has one), a clip or a
    picture out of focus (``SOFT_CLIP``, ``SOFT_PICTURE``; ``sharpness`` is the picture's), a clip mostly so, a
    picture small for the frame (more than ``MOST_ENLARGED`` times enlarged to fill it at 1080 lines), a clip so
    even laid whole in it (a 320x240 clip, 4.5 times in 16:9, was a small soft box on its blurred fill in 8 shots of
    a chorus; a 640x272 one, 3 times, is not), a ``coarse``
    picture (``analysis.picture.coarseness``: flat all over, or ``BLOCKY`` where the blocks of heavy compression
    make it so, ``analysis.picture.blocky``); a coarse picture
    with no edge at all (``EDGELESS``) is ``EMPTY``, nothing to look at (Ubuntu's purple gradient wallpaper: no edge, 98 % of
    it flat; a reviewer: "means nothing"), left out of a montage that has other material (``without_empty``)."""
    found = []
    if info.kind == MediaKind.VIDEO and video is not None:
        looks = len(set(video.looks)) if video.looks else None
        if looks is not None and video.duration_ms >= FIXED_LENGTH_MS and looks * LOOK_EVERY_MS < video.duration_ms:
            found.append(FIXED_CAMERA)
        reference = sharp_reference(video)
        if 0 < reference < SOFT_CLIP:
            found.append(OUT_OF_FOCUS)
        elif sharp_share(video) < MOSTLY_SOFT:
            found.append(PARTLY_SOFT)
        if _enlargement(info, aspect, whole=True) > MOST_ENLARGED:
            found.append(SMALL)
    elif info.kind == MediaKind.IMAGE:
        if sharpness is not None and sharpness < SOFT_PICTURE:  # 0.0 is measured: a picture with no edge
            found.append(OUT_OF_FOCUS)
        if _enlargement(info, aspect) > MOST_ENLARGED:
            found.append(SMALL)
        if coarse:
            found.append(BLOCKY if blocky else COARSE)
        if sharpness is not None and sharpness < EDGELESS and coarse:
            found.append(EMPTY)
    return min((Weak(SHARES[why], why) for why in found), key=lambda w: w.share, default=None)


def _enlargement(info: MediaInfo, aspect: str, *, whole: bool = False) -> float:
    """How many times the picture is enlarged to fill a 1080-line frame of ``aspect`` (``whole``: to lie whole in
    it, as a clip too small to fill it does on its fill); 1 where its size is unknown."""
    if not info.width or not info.height:
        return 1.0
    w, h = ASPECT_SIZES.get(aspect, ASPECT_SIZES["16:9"])
    return (min if whole else max)(w / info.width, h / info.height)


def weaknesses(
    visuals: Sequence[tuple[MediaInfo, VideoAnalysis | None]],
    sharpness: Mapping[str, float],
    aspect: str,
    coarse: frozenset[str] = frozenset(),
    blocky: frozenset[str] = frozenset(),
) -> list[Weak | None]:
    """Each visual's ``weakness`` against the strongest of them (its share over the largest share: where all are
    equally weak, none is shown less than another), None for those as strong as the strongest; ``coarse``: the ids
    of the coarse pictures, ``blocky`` those of them coarse by their blocks."""
    found = [
        weakness(info, video, sharpness.get(info.id), aspect, info.id in coarse, info.id in blocky)
        for info, video in visuals
    ]
    best = max((w.share if w else 1.0 for w in found), default=1.0)
    return [Weak(round(w.share / best, 3), w.why) if w and w.share < best else None for w in found]


def without_empty(
    visuals: Sequence[tuple[MediaInfo, VideoAnalysis | None]], weak: Sequence[Weak | None]
) -> tuple[list[tuple[MediaInfo, VideoAnalysis | None]], list[Weak | None], dict[str, str]]:
    """The visuals and their weaknesses without the ``EMPTY`` pictures, and the media id and name of each left out
    (``m.left_out``, for the reply), where any other visual remains; all of them where none would."""
    empty = [w is not None and w.why == EMPTY for w in weak]
    if all(empty):
        return list(visuals), list(weak), {}
    kept = [k for k, e in enumerate(empty) if not e]
    left = {visuals[k][0].id: visuals[k][0].name for k, e in enumerate(empty) if e}
    return [visuals[k] for k in kept], [weak[k] for k in kept], left


def held_to(ceilings: Sequence[int], weak: Sequence[Weak | None], shots: int = 0) -> list[int]:
    """``ceilings`` (``material.most_shows``) held to each weak visual's share of them, once at least, and to the
    least of the good visuals' (a 320x240 clip's twelve seconds of moments made it five showings beside eight
    photos' two: "the blurred portrait clip appears 5 times", issue 29). The share is rounded down, but rounded
    where ``shots`` are more than the ceilings so held fill even with each good visual shown once past its own (a
    weak one's second showing before the good ones' second past theirs): held-out 01 (107 s, ceilings of 3) showed its out-of-focus
    and small photos and its street camera once each for 1.5 s (3 x 0.6 = 1.8, rounded down 1) while the good photos
    came back 7 times ("by about 60 s you have seen everything", a blind reviewer); rounded, twice each.

    >>> held_to([3, 3], [None, Weak(0.6, "small")], shots=5), held_to([3, 3], [None, Weak(0.6, "small")], shots=6)
    ([3, 1], [3, 2])
    """
    good = min((c for c, w in zip(ceilings, weak, strict=True) if w is None), default=None)

    def held(up: float) -> list[int]:
        return [
            c if w is None else max(1, min(math.floor(c * w.share + up), good or c))
            for c, w in zip(ceilings, weak, strict=True)
        ]

    down = held(0.0)
    past = shots - sum(down) - sum(w is None for w in weak)  # showings left once each good one is one past its own
    return down if past <= 0 else held(0.5)


def little_used(
    visuals: Sequence[tuple[MediaInfo, VideoAnalysis | None]], weak: Sequence[Weak | None]
) -> dict[str, str]:
    """``m.little_used``: the media id of each weak visual and why it is weak, for the reply."""
    return {info.id: w.why for (info, _), w in zip(visuals, weak, strict=True) if w is not None}
