"""Where an automatic strip stays: one place for the video, another only for a section that needs it, never a jump
from cut to cut.

The strip moved shot by shot off each subject's head before, and in 9:16 it jumped between 13 % and 67 % of the
height from cut to cut (a blind reviewer: "unstable"). Its place is chosen now from all the shots of the video and
then of each section, counted by their frames on screen: the place over no head nor figure (``visualizer_head``) for
the most frames, and of places within ``TIE_SHARE`` of that, the one over the least of the subjects
(``visualizer_auto.auto_position``). A section takes another place than the video's only where that one is over no
head for ``LEAVE_SHARE`` more of its frames; the strip moves only where a section begins (and fades across,
``visualizer.fades``). A shot of ``visualizer_auto.SHOT_FRAMES`` or more whose subject's head or one of whose
figures (``visualizer_head.kept_clear``) the place lies over hides the strip for its while (it fades out before the
shot's cut and back in after it, where it was: ``visualizer.HIDE_FADE_MS``); a shorter one keeps it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .accents import drawn, transitions
from .graph import Canvas
from .timeline import Shot
from .visualizer_auto import SHOT_FRAMES, Region, Sample, auto_position

TIE_SHARE = 0.1  # of the frames counted: places over no head for this much less than the best are as good
LEAVE_SHARE = 0.25  # of a section's frames: another place is over no head for this much more, the section takes it


def head_free(heads: Sequence[frozenset[str]], names: Sequence[str]) -> dict[str, int]:
    """How many of the frames (``heads``: the places over a subject's head, frame by frame) each place is over
    none."""
    return {name: sum(name not in here for here in heads) for name in names}


def best_place(free: Mapping[str, int], found: Sequence[Sample], regions: Mapping[str, Region]) -> str:
    """Of ``regions`` (the preferred first), those over no head for the most frames (``free``, within
    ``TIE_SHARE`` of them all), and of those the one over the least of the samples' subjects."""
    most, frames = max(free.values()), max(1, max(free.values(), default=0))
    tied = {name: region for name, region in regions.items() if free[name] >= most - TIE_SHARE * frames}
    return auto_position(found, tied) if found else next(iter(tied))


def steady_places(
    heads: Sequence[frozenset[str]],
    bounds: Sequence[tuple[int, int]],
    parts: Sequence[Sequence[Sample]],
    regions: Mapping[str, Region],
) -> list[str]:
    """Each section's place (``bounds``: its frames [first, end) as indices into ``heads``; ``parts``: its
    samples): the video's (``best_place`` over every frame), unless another is over no head for ``LEAVE_SHARE``
    more of the section's frames."""
    names = list(regions)
    video = best_place(head_free(heads, names), [s for part in parts for s in part], regions)
    out = []
    for (a, b), found in zip(bounds, parts, strict=True):
        free = head_free(heads[a:b], names)
        own = best_place(free, found, regions)
        out.append(own if free[own] - free[video] >= LEAVE_SHARE * max(1, b - a) else video)
    return out


def hidden_over_heads(
    frames: Sequence[str | None], first: int, heads: Sequence[frozenset[str]], shots: Sequence[Shot], canvas: Canvas
) -> list[str | None]:
    """``frames`` (each frame's place from frame ``first``) with the strip hidden (None) over each shot of
    ``SHOT_FRAMES`` or more (at 30 fps) where its place lies over the subject's head or a figure (``heads``, frame
    by frame), and over the dissolves into and out of it (``accents.drawn``: the picture shows through them, a
    painted girl half seen under the wave)."""
    out = list(frames)
    least = SHOT_FRAMES * canvas.fps // 30
    blends = transitions(shots, canvas.fps)
    for index, shot in enumerate(shots):
        own = (max(shot.start_frame, first) - first, min(shot.start_frame + shot.frames, first + len(out)) - first)
        if own[1] - own[0] < least or shot.frames < least:
            continue
        seen = drawn(shot, index, blends, canvas.fps)
        a, b = max(seen.start_frame, first) - first, min(seen.start_frame + seen.frames, first + len(out)) - first
        for i in range(a, b):  # the shot's own heads, where the dissolves show it under its neighbours
            if out[i] is not None and out[i] in heads[min(max(i, own[0]), own[1] - 1)]:
                out[i] = None
    return out
