"""What a crop that follows a clip's subject sees of it over a shot: a look every ``SAMPLE_MS`` at its faces and its
saliency subject (``follow_course.Sight``), split into the clip's own scenes at its hard cuts.

Three looks a shot (its start, middle and near its end) missed what happened between them: in ``Megamind.avi`` the
girl turns and leans across the frame and the clip cuts to the man and back within 11 s, and a crop eased between
three places cut a face in half (a blind reviewer, at 15.3 s and 18.3 s of a 9:16 export). A cut is where two looks
in a row differ by ``CUT_CHANGE`` or more (the mean step of their thumbnails' grey) and one frame between them
differs from the frame before it ``CUT_STANDS_OUT`` times as much as any other (``cut_between``, on the clip's own
frames); the looks either side of it
are each scene's first and last. Faces (``faces.faces_of``, about 0.2 s of CPU a look) are looked for every
``FACE_EVERY`` looks until one is found, then at every look. A scene in which no look found a face is looked at
again more closely (``_closer``): the cascade misses a face while its eyes are shut or behind glasses, and in
``Megamind.avi`` the man's close-up (his face 0.48 of the clip's width, wider than any 9:16 window) went unseen at
every look of two shots, whose crops on the saliency subject cut his face at the frame's edge (a blind reviewer).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .faces import faces_of
from .follow_course import Sight
from .framing import saliency_of, thumbnail
from .originals import original_path

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    import numpy.typing as npt

    SpanOf = Callable[[npt.NDArray[np.float64]], tuple[float, float, float] | None]

SAMPLE_MS = 500  # a look every half second (a face moving across a 9:16 window takes a second or more to leave it)
FACE_EVERY = 2  # faces are looked for every second look, and at each look after one that found a face
MOST_LOOKS = 40  # a longer shot is looked at further apart
CUT_CHANGE = 0.05  # two looks this different (mean grey step, 0..1) may have a cut between them
CUT_STANDS_OUT = 3.0  # the cut's frame step is this many times the next largest between the two looks
EDGE_MS = 100  # the looks either side of a cut are this far from it (the measuring copy has a frame every 67 ms)
CLOSER_MS = 250  # a scene without a face is looked at again this far apart, each frame's own (``faces_of``'s exact)
BEFORE_MS, AFTER_MS = 500, 750  # and as far as this before the shot's start and past its end, where no cut comes


def scenes(path: Path, in_ms: int, duration_ms: int, span_of: SpanOf) -> list[list[Sight]]:
    """The looks at a clip's subject over a shot of ``duration_ms`` from ``in_ms`` in the file, split at its cuts
    (``span_of``: the saliency subject's span of a map, ``clip_follow.subject_span``)."""
    step = max(SAMPLE_MS, duration_ms // MOST_LOOKS)
    times = list(range(0, max(duration_ms - EDGE_MS, 1), step))
    out: list[list[Sight]] = [[]]
    for n, into in enumerate(times):
        if out[-1] and out[-1][-1].t * 1000 >= into:  # looked past here already, after a cut
            continue
        faced = not n % FACE_EVERY or any(sight.faces for sight in out[-1][-1:])
        out[-1].append(_sight(path, in_ms, into, span_of, faces=faced))
        after = in_ms + times[n + 1] if n + 1 < len(times) else None
        changed = after is not None and _changed(path, in_ms + into, after)
        cut = cut_between(path, in_ms + into, after) if changed and after is not None else None
        if cut is None:
            continue
        before_ms, from_ms = cut - in_ms - EDGE_MS, cut - in_ms + EDGE_MS  # the looks either side of it
        out[-1] = [sight for sight in out[-1] if sight.t * 1000 < before_ms]
        if before_ms >= 0:
            out[-1].append(_sight(path, in_ms, before_ms, span_of))
        out.append([_sight(path, in_ms, from_ms, span_of)])
    return [_closer(path, in_ms, duration_ms, scene, (n == 0, n == len(out) - 1)) for n, scene in enumerate(out)]


def _closer(path: Path, in_ms: int, duration_ms: int, scene: list[Sight], edges: tuple[bool, bool]) -> list[Sight]:
    """``scene``, where none of its looks found a face, with the faces found at the frames ``CLOSER_MS`` apart
    between its looks and (``edges``: the shot's first scene, its last) up to ``BEFORE_MS`` before the shot and
    ``AFTER_MS`` past it where the clip has no cut there: each look given the faces of the nearest frame found to
    have one (a face the cascade misses at a look is not gone: the scene has no cut)."""
    if not scene or any(sight.faces for sight in scene):
        return scene
    first, last = round(scene[0].t * 1000), round(scene[-1].t * 1000)
    inside = range(first + CLOSER_MS, last, CLOSER_MS)
    before = _uncut(path, in_ms, first, range(first - CLOSER_MS, -BEFORE_MS - 1, -CLOSER_MS)) if edges[0] else []
    after = (
        _uncut(path, in_ms, last, range(last + CLOSER_MS, duration_ms + AFTER_MS + 1, CLOSER_MS)) if edges[1] else []
    )
    finds = [(into, faces_of(path, in_ms + into, exact=True)) for into in (*inside, *before, *after)]
    seen = [(into, tuple((f.left, f.right) for f in found)) for into, found in finds if found]
    if not seen:
        return scene
    return [replace(s, faces=min(seen, key=lambda find: abs(find[0] - s.t * 1000))[1]) for s in scene]


def _uncut(path: Path, in_ms: int, start: int, moments: range) -> list[int]:
    """Of ``moments`` (ms into the shot, walking away from the look at ``start``), those before the clip's first
    cut on the way, in the file."""
    out, previous = [], start
    for into in moments:
        at = in_ms + into
        if at < 0 or (_changed(path, in_ms + previous, at) and cut_between(path, *sorted((in_ms + previous, at)))):
            break
        out.append(into)
        previous = into
    return out


def _sight(path: Path, in_ms: int, into_ms: int, span_of: SpanOf, *, faces: bool = True) -> Sight:
    """The look at ``into_ms`` into the shot: its saliency subject, and its faces where ``faces``."""
    found = tuple((f.left, f.right) for f in faces_of(path, in_ms + into_ms)) if faces else ()
    saliency = saliency_of(path, in_ms + into_ms)
    return Sight(into_ms / 1000, found, None if saliency is None else span_of(saliency))


def _changed(path: Path, a_ms: int, b_ms: int) -> bool:
    """Whether the clip's thumbnails at ``a_ms`` and ``b_ms`` differ by ``CUT_CHANGE`` or more."""
    a, b = thumbnail(path, a_ms), thumbnail(path, b_ms)
    if a is None or b is None or a.shape != b.shape:
        return False
    return float(abs(a.mean(axis=2) - b.mean(axis=2)).mean()) >= CUT_CHANGE


def cut_between(path: Path, a_ms: int, b_ms: int) -> int | None:
    """The time (ms in the file) of the first frame after a hard cut between ``a_ms`` (less ``EDGE_MS``: the look at
    ``a_ms`` was read from the measuring copy, a frame every 67 ms) and ``b_ms``: the frame whose
    grey differs from the one before by most, where that stands ``CUT_STANDS_OUT`` times over the next largest
    step; None where none does (motion, a pan, a fade) or the file cannot be read."""
    import av
    import numpy as np

    steps: list[tuple[float, int]] = []
    before = None
    try:
        with av.open(str(original_path(path))) as container:
            stream = container.streams.video[0]
            if stream.time_base:
                container.seek(int(max(a_ms - EDGE_MS, 0) / 1000 / stream.time_base), stream=stream)
            for frame in container.decode(stream):
                at = round(float(frame.time or 0.0) * 1000)
                if at < a_ms - EDGE_MS:
                    continue
                if at > b_ms:
                    break
                grey = np.asarray(frame.reformat(width=64, height=36, format="gray").to_ndarray(), dtype=np.float64)
                if before is not None:
                    steps.append((float(np.abs(grey - before).mean()) / 255, at))
                before = grey
    except (av.error.FFmpegError, OSError, IndexError):
        return None
    if not steps:
        return None
    ranked = sorted(steps, reverse=True)
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    return ranked[0][1] if ranked[0][0] >= CUT_STANDS_OUT * max(runner_up, 1e-3) else None
