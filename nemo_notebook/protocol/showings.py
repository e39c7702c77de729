"""Showings: how a viewer counts the times a picture or clip is on screen, the one count the planner's ceilings, the
reply, a pace edit and the report card's repeats all use.

A showing is a picture or clip coming on screen after something else: a run of the visuals lane's shots (in time
order) of one source. A near view cut to right after its own picture's shot, or a clip's next part, continues that
showing (each is still a cut the viewer sees: a shot); a near view a few shots on (``planning.stills_apart``) is a
showing of its own, as it is on screen. A designed backdrop's shot (no source) shows no picture.
"""

from __future__ import annotations

from collections.abc import Iterable

from .draft import Segment

FRAME_MS = 40  # footage that runs on to within a frame has no cut a viewer sees


def showings(shots: Iterable[Segment]) -> list[list[Segment]]:
    """``shots`` in time order, grouped into showings (runs of one source; a backdrop's shot is a run of its own).

    >>> from nemo_notebook.protocol import Segment
    >>> lane = [Segment(0, 2, "a"), Segment(2, 2, "a", meta={"reframe": 1}), Segment(4, 2, "b"),
    ...         Segment(6, 2, "a", meta={"reframe": 2})]
    >>> [[s.start_ms for s in run] for run in showings(lane)]
    [[0, 2], [4], [6]]
    """
    out: list[list[Segment]] = []
    for shot in sorted(shots, key=lambda s: s.start_ms):
        if out and shot.src is not None and out[-1][-1].src == shot.src:
            out[-1].append(shot)
        else:
            out.append([shot])
    return out


def times_shown(shots: Iterable[Segment]) -> dict[str, int]:
    """How many showings each source has (media id: count); backdrops are not counted."""
    counts: dict[str, int] = {}
    for run in showings(shots):
        src = run[0].src
        if src is not None:
            counts[src] = counts.get(src, 0) + 1
    return counts


def showing_lengths_ms(shots: Iterable[Segment]) -> list[int]:
    """How long each showing lasts (ms), in time order."""
    return [sum(s.duration_ms for s in run) for run in showings(shots)]


def shots_seen(shots: Iterable[Segment]) -> int:
    """How many shots a viewer counts: one more at every cut that changes what is on screen (another source, another
    framing of a picture, another moment of a clip: a near view right after its picture and a clip's jump to another
    part are cuts too); a clip's segment whose footage runs on from the one before it in the same framing is part of
    that shot. The count the reply gives wherever it says "shots".

    >>> from nemo_notebook.protocol import Segment
    >>> lane = [Segment(0, 1000, "a", 0), Segment(1000, 1000, "a", 1000), Segment(2000, 1000, "a", 5000),
    ...         Segment(3000, 1000, "b")]
    >>> shots_seen(lane)
    3
    """
    count, before = 0, None
    for shot in sorted(shots, key=lambda s: s.start_ms):
        count += before is None or not _runs_on(before, shot)
        before = shot
    return count


def _runs_on(before: Segment, shot: Segment) -> bool:
    """Whether ``shot`` continues ``before`` with no cut to see: the same clip, its footage running on, framed alike."""
    if shot.src is None or shot.src != before.src or shot.in_ms is None or before.in_ms is None:
        return False
    framed = all(shot.meta.get(k) == before.meta.get(k) for k in ("framing", "zoom"))
    return framed and abs(shot.in_ms - (before.in_ms + before.duration_ms)) <= FRAME_MS
