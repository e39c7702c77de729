"""The course of a crop window that follows a clip's subject across a shot, from where the subject was seen.

The subject is looked at every ``clip_sight.SAMPLE_MS`` (``clip_sight``): the faces turned to the camera there
(``faces.faces_of``), and the saliency subject (``clip_follow.subject_span``). A face is a hard bound: at every look
the window holds the faces in front whole (those at least ``MAIN_FACE`` of the width of the scene's largest: together
where they fit, with ``FACE_ROOM`` of the window round them where that fits too; else the largest); a face behind them
(an extra across the room, or the cascade's find in one look and not the next) is kept whole or out of the window
where the course can be moved so, else cut (in ``Megamind.avi``: 21 of 144 finds, background faces). The saliency
subject is held where that still leaves a course, and aimed at; where neither is seen the window stays. The window
moves no faster than ``speed`` (shares of the clip's width a second) and along its aims smoothed over ``SMOOTH_S``
(no jitter from one look's detection to the next), except at the clip's own cuts (``scenes``), where a jump is a
cut the viewer sees anyway: a static crop of ``Megamind.avi`` cut the girl's face in half at one cut and the man's at
the next (a blind reviewer). Where no course keeps the faces in front whole (a close-up's face wider than the window,
or one that moves faster than the window may), there is none (the clip keeps its band on a fill).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

Span = tuple[float, float]  # left and right, shares of the clip's width
FACE_ROOM = 0.08  # of the window's width, kept clear each side of the faces where it fits: a face moves between looks
SMOOTH_S = 0.6  # the aims are averaged with a Gaussian of this deviation (s)
MAIN_FACE = 0.6  # a face under this share of the width of a scene's largest is held whole or left out, not aimed at
NUDGES = 4  # times a course is planned again, kept off the faces an edge cut
STEADY = 0.15  # of the window's width: the aim moves on once the subject has moved this far from it
STILL = 0.8  # a subject whose places all lie within this share of the window is held by a still one


@dataclass(frozen=True)
class Sight:
    """What was seen of the subject ``t`` seconds into the shot: the faces' spans, and the saliency subject's
    (left, right, centre) or None."""

    t: float
    faces: tuple[Span, ...] = ()
    subject: tuple[float, float, float] | None = None


def course(scenes: Sequence[Sequence[Sight]], window: float, speed: float) -> list[list[tuple[float, float]]] | None:
    """Where the window's centre lies (shares of the width) at times into the shot (s), in order, over the clip's
    ``scenes`` (the sights between its own cuts, each scene's in order): held still through a scene where one place
    does, else panned along the aims; a jump between scenes; None where no course at ``speed`` keeps every face whole.

    Examples
    --------
    >>> [[(t, round(x, 2)) for t, x in scene] for scene in course([[Sight(0.0, ((0.4, 0.5),)),
    ...     Sight(1.0, ((0.42, 0.52),))]], 0.4, 0.2)]  # held still
    [[(0.0, 0.46), (1.0, 0.46)]]
    >>> course([[Sight(0.0, ((0.1, 0.2),))], [Sight(1.0, ((0.8, 0.9),))]], 0.4, 0.2)  # a jump at the clip's cut
    [[(0.0, 0.2)], [(1.0, 0.8)]]
    >>> course([[Sight(0.0, ((0.1, 0.2),)), Sight(1.0, ((0.8, 0.9),))]], 0.4, 0.2) is None
    True
    """
    each = scene_courses(scenes, window, speed)
    return None if any(found is None for found in each) else [found for found in each if found is not None]


def scene_courses(
    scenes: Sequence[Sequence[Sight]], window: float, speed: float
) -> list[list[tuple[float, float]] | None]:
    """``course`` through each of the ``scenes`` on its own: None for one that no course keeps whole."""
    out: list[list[tuple[float, float]] | None] = []
    for sights in scenes:
        xs = scene_course(sights, window, speed)
        out.append(None if xs is None else list(zip((s.t for s in sights), xs, strict=True)))
    return out


def scene_course(sights: Sequence[Sight], window: float, speed: float) -> list[float] | None:
    """The window's centre at each of one scene's ``sights`` (``course``), or None."""
    if not sights:
        return []
    largest = max((f[1] - f[0] for s in sights for f in s.faces), default=0.0)
    if largest > window:  # a close-up: no window holds the face
        return None
    held = [_held(s, window, MAIN_FACE * largest) for s in sights]
    for soft in (True, False):
        bounds = [_bounds(s, h, window, soft=soft) for s, h in zip(sights, held, strict=True)]
        xs = _planned(sights, held, bounds, window, speed)
        if xs is not None:
            return _nudged(sights, held, bounds, xs, window, speed)
    return None


def _nudged(
    sights: Sequence[Sight],
    held: Sequence[Span | None],
    bounds: list[Span],
    xs: list[float],
    window: float,
    speed: float,
) -> list[float]:
    """The course ``xs`` planned again (``NUDGES`` times at most) with its bounds kept clear of the faces an edge
    cuts (``_clear_of``), as long as a course is left."""
    for _ in range(NUDGES):
        cut = [n for n, (s, x) in enumerate(zip(sights, xs, strict=True)) if not _uncut(s.faces, x, window)]
        for n in cut:
            bounds[n] = _clear_of(sights[n].faces, bounds[n], xs[n], window)
        again = _planned(sights, held, bounds, window, speed) if cut else None
        if again is None:
            return xs
        xs = again
    return xs


def _held(sight: Sight, window: float, main: float) -> Span | None:
    """The span the window must hold at ``sight``: its faces at least ``main`` wide (``MAIN_FACE`` of the scene's
    largest) together where they fit, else the largest; None where no such face was seen. The others (a face across
    the room, the cascade's find in one look and not the next) are kept whole or out where the course can be moved
    so (``_clear_of``), not aimed at."""
    faces = [f for f in sight.faces if f[1] - f[0] >= main - 1e-9]
    if not faces:
        return None
    together = (min(f[0] for f in faces), max(f[1] for f in faces))
    return together if together[1] - together[0] <= window else max(faces, key=lambda f: f[1] - f[0])


def _clear_of(faces: Sequence[Span], bounds: Span, x: float, window: float) -> Span:
    """The part of ``bounds`` nearest ``x`` where no edge of a window centred there cuts one of ``faces``; an empty
    span (the course fails) where there is none."""
    half = window / 2
    parts = [bounds]
    for left, right in faces:  # an edge inside the face: centres in (left - half, right - half) or (left + half, ...)
        for lo, hi in ((left - half, right - half), (left + half, right + half)):
            parts = [p for a, b in parts for p in ((a, min(b, lo)), (max(a, hi), b)) if p[0] <= p[1]]
    if not parts:
        return 1.0, 0.0
    return min(parts, key=lambda p: 0.0 if p[0] <= x <= p[1] else min(abs(x - p[0]), abs(x - p[1])))


def _bounds(sight: Sight, held: Span | None, window: float, *, soft: bool) -> Span:
    """The centres the window may take at ``sight``: those that hold its faces (with ``FACE_ROOM`` where it fits),
    else (``soft``) its saliency subject where that fits, on the clip."""
    half, lo, hi = window / 2, window / 2, 1 - window / 2
    span = held
    if span is None and soft and sight.subject is not None and sight.subject[1] - sight.subject[0] <= window:
        span = sight.subject[:2]
    if span is None:
        return lo, hi
    room = FACE_ROOM * window if held and span[1] - span[0] + 2 * FACE_ROOM * window <= window else 0.0
    return max(lo, span[1] + room - half), min(hi, span[0] - room + half)


def _seen(sight: Sight, held: Span | None) -> tuple[float, float, float] | None:
    """What the window aims at, at ``sight``: its faces (their span and middle), else its saliency subject."""
    return (held[0], held[1], (held[0] + held[1]) / 2) if held else sight.subject


def _smoothed(times: Sequence[float], aims: Sequence[float | None]) -> list[float] | None:
    """The ``aims`` averaged over their neighbours in time (a Gaussian of ``SMOOTH_S``), those with none taking
    their neighbours'; None where no sight has an aim."""
    import math

    seen = [(t, a) for t, a in zip(times, aims, strict=True) if a is not None]
    if not seen:
        return None
    out = []
    for t in times:
        weights = [math.exp(-0.5 * ((t - u) / SMOOTH_S) ** 2) + 1e-12 for u, _ in seen]
        out.append(sum(w * a for w, (_, a) in zip(weights, seen, strict=True)) / sum(weights))
    return out


def _steadied(aims: Sequence[float], slack: float) -> list[float]:
    """``aims`` held at one place until they have moved ``slack`` or more from it: the window does not sway with
    the subject's small moves (the girl in ``Megamind.avi`` swayed it 0.02-0.04 of the clip's width each half
    second, smoothed as the aims are).

    >>> _steadied([0.44, 0.46, 0.48, 0.45, 0.44, 0.6], 0.06)
    [0.44, 0.44, 0.44, 0.44, 0.44, 0.6]
    """
    out = [aims[0]]
    for aim in aims[1:]:
        out.append(out[-1] if abs(aim - out[-1]) < slack else aim)
    return out


def _planned(
    sights: Sequence[Sight],
    held: Sequence[Span | None],
    bounds: Sequence[Span],
    window: float,
    speed: float,
) -> list[float] | None:
    """Centres within ``bounds`` at each sight, no further apart than ``speed`` allows: one still place where one
    holds them all and the subject stays within ``STILL`` of the window, else as near the smoothed aims as the
    bounds and the speed let them be; None where the bounds cannot be kept at that speed."""
    times = [s.t for s in sights]
    seen = [_seen(s, h) for s, h in zip(sights, held, strict=True)]
    aims = _smoothed(times, [None if found is None else found[2] for found in seen])
    low, high = max(b[0] for b in bounds), min(b[1] for b in bounds)
    spans = [found for found in seen if found is not None]
    if low <= high and (aims is None or max(f[1] for f in spans) - min(f[0] for f in spans) <= STILL * window):
        aim = 0.5 if aims is None else sum(aims) / len(aims)
        return [min(max(aim, low), high)] * len(sights)
    if aims is None:
        return None
    aims = _steadied(aims, STEADY * window)
    reach = [bounds[0]]  # the centres each sight can be at, reached from the first at ``speed``
    for (t0, t1), b in zip(itertools.pairwise(times), bounds[1:], strict=True):
        step = speed * (t1 - t0)
        lo, hi = max(b[0], reach[-1][0] - step), min(b[1], reach[-1][1] + step)
        if lo > hi + 1e-9:
            return None
        reach.append((lo, hi))
    xs = [min(max(aims[-1], reach[-1][0]), reach[-1][1])]
    for n in range(len(sights) - 2, -1, -1):
        step = speed * (times[n + 1] - times[n])
        lo, hi = max(reach[n][0], xs[0] - step), min(reach[n][1], xs[0] + step)
        xs.insert(0, min(max(aims[n], lo), hi))
    return xs


def _uncut(faces: Sequence[Span], x: float, window: float) -> bool:
    """Whether a window centred at ``x`` holds each face whole or leaves it out whole."""
    left, right = x - window / 2, x + window / 2
    return all(f[1] <= left + 1e-6 or f[0] >= right - 1e-6 or (left - 1e-6 <= f[0] and f[1] <= right + 1e-6)
               for f in faces)  # fmt: skip
