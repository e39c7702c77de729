"""Where the opening title goes: of the places its type is set in (``opening_title.opening_layout``), the one over
the least of the subject of the shots it spans.

The places, the first preferred: low in the frame (above the visualizer's lower strip), then the top, then the
middle, each flush left and, in a frame wider than tall, flush right (in 9:16 a phone's buttons are down the right
edge); in a frame wider than tall also centred low, after the top's: where a subject stands in each lower and
upper corner of the shots under the title. A blind reviewer of held-out exports saw the title "over the subject at 4-6 s": the ladybird of a photo lay
under its low place, where only a face had moved it before.

Each shot under the title is read as it lands on the frame (``visualizer_auto.seen_through``: a picture's first
frame, a clip's also at its middle and near its end) through its camera move (``visualizer_auto.camera_views``).
What a place covers of a shot is the most of its saliency it covers in any of those views, and over the title's
frames the mean of its shots', each counted by its frames under the title (``subject_share``). The first place
stays unless it lies over a face or its head, or a subject's head or figures (``visualizer_head.kept_clear``), or
covers over ``COVER_MOST`` of the saliency. Then a place over a face or its head is never taken where another is
clear of them; of the rest, those over no subject's head or figure, where there are any; of these, the first in
order within ``TIE`` of the least covered. Moving the title wherever another place covered less (0.05 of 0.10)
moved it over busy pictures for no gain a viewer would see: held-out 01's dune grass and painted elephants had
0.06 of a rendered frame's saliency under it low, 0.09 at the top.

A title whose ``position`` the user set ("title at the top") keeps that height; only its side is chosen.

A close-up whose head (``faces.HEAD``: hair, forehead and chin round the face) fills the frame leaves no place clear:
held-out 02 (9:16) cut at 3.6 s from dune grass to a cartoon close-up, every place lay over her head, and the title
went where the least saliency was, the top, over her hair and forehead down to her brows, until 6.1 s. An automatic
title now ends at the cut before the first shot under it whose heads every place crosses, where it has shown
``LEAST_SHOWN_MS`` by then (``before_close_up``): there 3.1 s, over the grass alone.

A subject is kept clear of whole (``visualizer_head.subject_box``), in each shot under the title: held-out 01's title
sat low over 3 s of grass and then crossed the ladybird of the next photo at 4.0-5.0 s, its one second of the
title's five weighing too little in the mean saliency to move it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ...protocol import Draft, Segment
from ...protocol.vocabulary import AUTO
from .graph import Canvas, MediaMap
from .opening_title import OpeningLayout, opening_layout, share_of

if TYPE_CHECKING:
    from .visualizer_auto import Region, Sample

HEIGHTS = ("low", "top", "center")  # where an automatic title may go, the first preferred
COVER_MOST = 0.25  # of the saliency of the shots under it: the first place covers their subject
TIE = 0.02  # of the places clear of the subject, the first within this share of the saliency of the least covered
MOST_SHOTS = 8  # the shots under the title read, at most
LEAST_SHOWN_MS = 2500  # a title ends at the cut before a close-up only where it has shown this long by then


@dataclass(frozen=True)
class Under:
    """A shot under the title: its frames as they land on the frame (``samples``), the parts of each that the
    frame shows over its camera move (``views``, shares of the sample) and its frames under the title."""

    samples: tuple[Sample, ...]
    views: tuple[Region, ...]
    frames: int
    start: int  # the shot's first frame


def shots_under(draft: Draft, segment: Segment, canvas: Canvas, media: MediaMap) -> list[Under]:
    """The shots under ``segment`` (``MOST_SHOTS`` at most), each with its samples and camera views."""
    from .timeline import frame_at, shots
    from .visualizer_auto import camera_views, seen_through

    first, last = frame_at(segment.start_ms, canvas.fps), frame_at(segment.end_ms, canvas.fps)
    found = []
    for shot in [sh for sh in shots(draft) if sh.start_frame < last and sh.start_frame + sh.frames > first]:
        seen = tuple(seen_through(shot, media, canvas))
        frames = min(shot.start_frame + shot.frames, last) - max(shot.start_frame, first)
        if seen:
            found.append(Under(seen, camera_views(shot, media, canvas), frames, shot.start_frame))
    return found[:MOST_SHOTS]


def subject_share(under: Sequence[Under], region: Region) -> float:
    """The share of the shots' saliency under ``region`` (shares of the frame): in each shot the most of any of its
    samples in any of its views, the shots counted by their frames under the title."""
    from .visualizer_auto import covered_share

    total = sum(u.frames for u in under) or 1
    x, y, w, h = region
    return (
        sum(
            u.frames
            * max(
                covered_share([sample], (vx + x * vw, vy + y * vh, w * vw, h * vh))
                for sample in u.samples
                for vx, vy, vw, vh in u.views
            )
            for u in under
        )
        / total
    )


def placed_opening(
    draft: Draft | None, segment: Segment, canvas: Canvas, media: MediaMap | None
) -> tuple[Segment, OpeningLayout]:
    """The opening title ``segment`` as it is shown (``before_close_up``) and where it is set over the shots of
    ``draft`` under it then (the module's docstring); as it is, in its first place, where the draft or its ``media``
    is not given."""
    candidates = places(segment, canvas)
    regions = [share_of(layout.box(), canvas) for layout in candidates]
    under: Sequence[Under] = [] if draft is None or media is None else shots_under(draft, segment, canvas, media)
    if _said_height(segment) is None:
        segment, under = before_close_up(segment, under, regions, canvas)
    return segment, candidates[_least_of(under, regions)]


def before_close_up(
    segment: Segment, under: Sequence[Under], regions: Sequence[Region], canvas: Canvas
) -> tuple[Segment, Sequence[Under]]:
    """The title ``segment`` ended at the cut before the first of the shots ``under`` it whose faces' heads every
    place ``regions`` crosses, where it has shown ``LEAST_SHOWN_MS`` by then, and the shots under it so; else as
    it is."""
    for i, shot in enumerate(under):
        cut_ms = round(shot.start * 1000 / canvas.fps)
        if cut_ms - segment.start_ms < LEAST_SHOWN_MS or cut_ms >= segment.end_ms:
            continue
        faces, _ = _kept_off([shot])
        if all(_over(region, faces) for region in regions):
            return replace(segment, duration_ms=cut_ms - segment.start_ms), under[:i]
    return segment, under


def least_covered(
    draft: Draft | None, segment: Segment, canvas: Canvas, media: MediaMap | None, regions: Sequence[Region]
) -> int:
    """Which of the places ``regions`` (shares of the frame, the first preferred) a text ``segment`` goes in over the
    shots of ``draft`` under it (the module's docstring); the first where the draft or its ``media`` is not given."""
    return _least_of([] if draft is None or media is None else shots_under(draft, segment, canvas, media), regions)


def _least_of(under: Sequence[Under], regions: Sequence[Region]) -> int:
    """Which of the places ``regions`` a text goes in over the shots ``under`` it (``least_covered``)."""
    if not under:
        return 0
    faces, subjects = _kept_off(under)
    if not _over(regions[0], [*faces, *subjects]) and subject_share(under, regions[0]) <= COVER_MOST:
        return 0
    clear = [i for i, r in enumerate(regions) if not _over(r, faces)] or list(range(len(regions)))
    clear = [i for i in clear if not _over(regions[i], subjects)] or clear
    covered = {i: subject_share(under, regions[i]) for i in clear}
    least = min(covered.values())
    return next(i for i in clear if covered[i] <= least + TIE)


def places(segment: Segment, canvas: Canvas) -> list[OpeningLayout]:
    """The title's places, the first preferred: ``HEIGHTS`` (or the height the user set), each flush left and, in
    a frame wider than tall, flush right; an automatic title's in such a frame also centred low, after the top's."""
    said = _said_height(segment)
    heights = HEIGHTS if said is None else (said,)
    sides = (False, True) if canvas.width > canvas.height else (False,)
    found = [opening_layout(segment, canvas, right=side, where=height) for height in heights for side in sides]
    if said is not None or len(sides) == 1:
        return found
    return [*found[:4], opening_layout(segment, canvas, where=HEIGHTS[0], centred=True), *found[4:]]


def _said_height(segment: Segment) -> str | None:
    """The height the user set the title at; None where it is automatic."""
    style = segment.meta.get("style")
    said = style.get("position") if isinstance(style, dict) else None
    return None if said in (None, AUTO) else str(said)


def _kept_off(under: Sequence[Under]) -> tuple[list[Region], list[Region]]:
    """The faces with their heads, and the subjects' heads and figures (``visualizer_head.kept_clear``) and their
    whole patches (``subject_box``), of the shots under the title, wherever their camera moves take them."""
    from .shot_views import on_frame
    from .visualizer_head import kept_clear, subject_box

    faces = [on_frame(r, u.views) for u in under for s in u.samples for r in (*s.faces, *s.heads)]
    subjects = [on_frame(r, u.views) for u in under for s in u.samples for r in kept_clear(s.saliency, s.figures)]
    wholes = [on_frame(r, u.views) for u in under for s in u.samples if (r := subject_box(s.saliency)) is not None]
    return faces, [*subjects, *wholes]


def _over(region: Region, others: Sequence[Region]) -> bool:
    from .visualizer_head import over

    return any(over(region, other) for other in others)
