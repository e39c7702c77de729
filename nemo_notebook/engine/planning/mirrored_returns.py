"""A return of a picture in a look an earlier showing of it had, shown mirrored left to right (``m.mirror``): a
last pass after ``looks_apart``, for pictures with no look left.

Held-out 01 (a 156 BPM song, seven photos and two clips, 107 s) has 33 still shots but 17 looks (framing and
zoom) across its photos: its orange/lime, grass and Messi photos have one each. On main's medium export the frame at
the middle of a return matched the middle of an earlier showing of its picture at 0.982-0.996 (grey 160x90
correlation: grass 83.6 s = 19.0 s, flower 91.0 s = 9.8 s, fruits 97.5 s = 28.3 s); a picture's middle frame against
the same frame mirrored measured -0.44 to 0.53 on all 33 of its still shots. A pan's middle frame is the same
whichever way it pans, so a showing is taken to repeat one before it in the same look, pan axis (across, up or down,
a zoom, held) and side; in time order, a showing of one shot that repeats one before it is shown mirrored where that
repeats fewer of them (by axis first, then by look alone); a tie keeps it as it is. The opening and the last showing
keep theirs (``looks_apart``), and so does a picture that may hold lettering (``analysis.picture``: ``lettered``),
whose letters would read backwards. On 01's medium export the middle of each of its 26 returns then matched an
earlier showing's at 0.861 at most (main: 3 at 0.98 or more). A third showing of a one-look picture repeats one side:
01's fruits mirrored at 97.5 s pans up where at 74.4 s it panned across; their middles 0.861, but a small picture
pans little and frames at 15 % and 85 % of the two match at up to 0.98.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from ...protocol import MediaInfo, MediaKind, Segment
from ...protocol.showings import showings
from .looks_apart import same_look
from .views_apart import View, view_of


def mirrored(shot: Segment) -> bool:
    """Whether a shot shows its picture mirrored left to right (``m.mirror``)."""
    return shot.meta.get("mirror") is True


def axis(shot: Segment) -> str:
    """Which way a still's move takes its frame: "across", "updown", "zoom" or "held" (its middle frame is the same
    whichever way along it).

    >>> axis(Segment(0, 1, "a", meta={"motion": "pan_left"})), axis(Segment(0, 1, "a"))
    ('across', 'held')
    """
    motion = str(shot.meta.get("motion") or "")
    if motion in ("pan_left", "pan_right"):
        return "across"
    if motion in ("pan_up", "pan_down"):
        return "updown"
    return "zoom" if motion.startswith("zoom") else "held"


def mirrored_returns(shots: Sequence[Segment], pictures: Collection[str]) -> list[Segment]:
    """``shots`` (the visuals lane) with each return of a picture in ``pictures`` (media ids: those without
    lettering) that repeats an earlier showing's look shown mirrored where that repeats fewer, as the module says."""
    lane = sorted(shots, key=lambda s: s.start_ms)
    runs = showings(lane)
    seen: dict[str, list[tuple[View, str, bool]]] = {}  # each picture's showings so far: look, axis, mirrored
    k = 0
    for n, run in enumerate(runs):
        src = run[0].src or ""
        had = seen.setdefault(src, [])
        if src in pictures and len(run) == 1 and 0 < n < len(runs) - 1:
            side = mirrored(run[0])
            if _repeats(had, run[0], not side) < _repeats(had, run[0], side):
                meta = {key: value for key, value in run[0].meta.items() if key != "mirror"}
                run[0] = lane[k] = replace(run[0], meta=meta | ({} if side else {"mirror": True}))
        had.extend((view_of(s), axis(s), mirrored(s)) for s in run)
        k += len(run)
    return lane


def mirrored_returns_of(
    shots: Sequence[Segment], visuals: Sequence[tuple[MediaInfo, object]], lettered: Collection[str]
) -> list[Segment]:
    """``mirrored_returns`` for the visuals lane of ``visuals`` (``lettered``: the ids of pictures that may hold
    lettering, never mirrored)."""
    return mirrored_returns(shots, [i.id for i, _ in visuals if i.kind == MediaKind.IMAGE and i.id not in lettered])


def _repeats(had: Sequence[tuple[View, str, bool]], shot: Segment, side: bool) -> tuple[int, int]:
    """How many showings in ``had`` (look, axis, mirrored) ``shot`` would repeat shown mirrored or not (``side``): in
    its look, pan axis and side, then in its look and side."""
    alike = [way for look, way, flip in had if flip == side and same_look(look, view_of(shot))]
    return sum(way == axis(shot) for way in alike), len(alike)
