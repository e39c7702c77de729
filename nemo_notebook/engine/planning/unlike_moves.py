"""Two pictures cut together do not move alike: the second of two pans in a row long enough for a push becomes a
push in or pull out (the other of the shot before's last push), and a move that may show as the shot before's
(``_way``) turns the other way; neither where the picture has had that view before (``views_apart``).

Held-out 01 (pop-rock, 29 picture shots among 39) after its plan's later passes (reframes, views apart, edge pans):
21 pans and 8 pushes, 15 of 28 neighbours of one kind and 2 of them the same move at the same speed; a blind
reviewer: "the pans also repeat ... so the returns don't even look different"."""

from __future__ import annotations

import itertools
from dataclasses import replace

from ...protocol import Segment
from ...protocol.vocabulary import MIN_ZOOM_SHOT_MS, PANS, ZOOMS, is_reframe

SHOWN_AS = {"pan_down": "pan_right", "pan_up": "pan_left"}  # the renderer may turn a tilt across (``_way``)
OTHER_WAY = {"pan_right": ("pan_left", "pan_up"), "pan_left": ("pan_right", "pan_down")}


def unlike_moves(shots: list[Segment]) -> list[Segment]:
    """``shots`` with each picture's move unlike the picture's cut before it (``_unlike``), in order.

    >>> lane = [Segment(0, 3000, "a", None, {"motion": "pan_left"}), Segment(3000, 3000, "b", None, {"motion": "pan_up"}),
    ...         Segment(6000, 1500, "c", None, {"motion": "pan_up"})]
    >>> [s.meta["motion"] for s in unlike_moves(lane)]
    ['pan_left', 'zoom_in', 'pan_up']
    """
    out: list[Segment] = shots[:1]
    for k, (before, shot) in enumerate(itertools.pairwise(shots), start=1):
        after = str(shots[k + 1].meta["motion"]) if k + 1 < len(shots) and _moving(shots[k + 1]) else ""
        again = next((str(s.meta.get("motion")) for s in shots[k + 1 :] if s.src == shot.src), "")
        out.append(_unlike(out[-1] if _moving(before) else None, shot, out, (after, again)))
    return out


def _way(motion: str) -> str:
    """The way a pan may show on screen: a tilt down as a pan right, a tilt up as a pan left, as the renderer turns
    them across for a picture's figures, a long shot or a subject it cannot keep otherwise (``framings.steady_pan``,
    ``camera.steady_axis``, ``pan_held.held_pan``: held-out 01's messi tilt down showed as a pan right beside the
    fruits' pan right)."""
    return SHOWN_AS.get(motion, motion)


def _moving(shot: Segment) -> bool:
    return shot.src is not None and shot.in_ms is None and "motion" in shot.meta


def _unlike(before: Segment | None, shot: Segment, shown: list[Segment], coming: tuple[str, str]) -> Segment:
    """``shot`` with a move unlike ``before``'s, one that does not show as the next shot's move either, nor is its
    picture's next move (``coming``) or a view of it in ``shown``; as it is where it is unlike or no such move is
    left."""
    after, again = coming
    if before is None or not _moving(shot) or is_reframe(shot.meta) or before.src == shot.src:
        return shot
    motion, previous = str(shot.meta["motion"]), str(before.meta["motion"])
    if motion in PANS and previous in PANS and shot.duration_ms >= MIN_ZOOM_SHOT_MS:
        pushes = [str(s.meta["motion"]) for s in shown if _moving(s) and s.meta["motion"] in ZOOMS]
        candidates = ["zoom_out", "zoom_in"] if pushes and pushes[-1] == "zoom_in" else ["zoom_in", "zoom_out"]
    elif _way(motion) == _way(previous):
        candidates = list(OTHER_WAY[_way(motion)]) if motion in PANS else [m for m in ZOOMS if m != motion]
    else:
        return shot
    framing = shot.meta.get("framing")
    seen = {s.meta.get("motion") for s in shown if s.src == shot.src and s.meta.get("framing") == framing}
    fresh = [m for m in candidates if m not in seen and m != again and _way(m) != _way(after)]
    return replace(shot, meta={**shot.meta, "motion": fresh[0]}) if fresh else shot
