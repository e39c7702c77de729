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
