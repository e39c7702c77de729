"""Clips where the music is loudest, photos where it is not: the shot order's lively clips and pictures change places.

Held-out 01 (a 156 BPM rock song, seven photos, ``Megamind.avi`` and a fixed street camera) showed the lively clip in
the verse's 3 s shots while the photos were re-dealt in the chorus ("a driving song plays under something that
watches like a slideshow. There is no chorus lift", a blind reviewer). Here, in driving music, a showing of a lively
clip (one of several looks: ``material.distinct_looks``) outside the loudest sections changes places with the
nearest picture's showing inside them, where the clip's showings are cut into its moments at the music's pace
(``reverse_shots.shot_parts``), and the photo is held where the music is quieter. The shots stay where the music put
them; only what fills them moves, and never beside itself. A clip of one look (a fixed camera) stays where it was
dealt: moved out of the loudest sections, its showings took nearer moments of its footage
(``tests/planning/test_showing_caps.py``: in-points 7.8 s apart in a 30 s street camera, under a third of it).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Sequence

from ...protocol import MediaKind
from .material import distinct_looks
from .options import Visual

SAME_LENGTH = 0.1  # a shot this much longer or shorter (a share) is as long


def clips_to_the_loud(order: Sequence[int], bounds_ms: Sequence[int], loud: Callable[[int], bool],
                      visuals: Sequence[Visual], weak: Collection[int] = ()) -> list[int]:  # fmt: skip
    """``order`` (the visual of each shot between ``bounds_ms``) with each lively clip's showing outside the
    loudest sections (``loud``) exchanged for the nearest picture's showing inside them as long as it
    (``SAME_LENGTH``), else the nearest; with a weak
    picture's (``weak``: its indices) only where as long, since a weak picture's long shot is shortened and another
    picture held the longer (held-out 01's 4.6 s clip shot became a 1.5 s ``fruits.jpg`` and a 6.2 s hold of a
    photo); the first shot (the opening picture) aside.

    >>> kinds = [(photo, None), (other_photo, None), (lively_clip, analysis)]  # doctest: +SKIP
    >>> clips_to_the_loud([0, 2, 1, 0, 1], [0, 3000, 6000, 9000, 12000, 15000], lambda ms: ms >= 9000, kinds)
    ... # doctest: +SKIP
    [0, 1, 0, 2, 1]
    """
    out = list(order)
    starts_ms, lengths_ms = bounds_ms[:-1], [b - a for a, b in itertools.pairwise(bounds_ms)]
    looks = [_looks(visual) for visual in visuals]
    for n in range(1, len(out)):
        k_looks = looks[out[n]]
        if k_looks is None or k_looks <= 1 or loud(starts_ms[n]):
            continue
        places = [m for m in range(1, len(out)) if loud(starts_ms[m]) and _fits(out, n, m, looks)]
        places = [m for m in places if out[m] not in weak or _alike(lengths_ms, n, m)]
        m = min(places, key=lambda m: (not _alike(lengths_ms, n, m), abs(m - n)), default=None)
        if m is not None:
            out[n], out[m] = out[m], out[n]
    return out


def _alike(lengths_ms: Sequence[int], n: int, m: int) -> bool:
    """Whether shots ``n`` and ``m`` are as long as each other (``SAME_LENGTH``)."""
    return abs(lengths_ms[n] - lengths_ms[m]) <= SAME_LENGTH * max(lengths_ms[n], lengths_ms[m])


def _looks(visual: Visual) -> int | None:
    """How many different looks an analysed clip has (at least 1); None for a picture or a clip not analysed."""
    info, video = visual
    if video is None or info.kind != MediaKind.VIDEO:
        return None
    return max(distinct_looks(video) or 1, 1)


def _fits(order: Sequence[int], n: int, m: int, looks: Sequence[int | None]) -> bool:
    """Whether the clip at ``n`` and the picture at ``m`` may change places: ``m`` shows a picture, and neither ends
    up beside a showing of itself."""
    if looks[order[m]] is not None:
        return False
    swapped = list(order)
    swapped[n], swapped[m] = swapped[m], swapped[n]
    return all(swapped[i] != swapped[j] for i in (n, m) for j in (i - 1, i + 1) if 0 <= j < len(swapped) and j != i)
