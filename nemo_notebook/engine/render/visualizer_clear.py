"""An automatic visualizer keeps clear of the texts: never drawn through a title, a credit line or a caption while it
is on screen.

The strip's course shot by shot (``visualizer_light.course``) keeps off the places a text bars (``barred``); as a
safety, its places laid on the frames are checked again: where a text shows and the strip's place there would cross the text's box (``text.placed_texts``), the strip takes another of
its places that does not, for as long as the text shows, or, where every place crosses it, is not drawn until the
text has gone. It leaves and comes back at a cut where one falls within ``HOLD_MS`` of the text's first and last
frame (the picture changes anyway there), else with the text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .graph import Canvas
from .text import PlacedText
from .timeline import frame_at
from .visualizer_draw import Box
from .visualizer_head import over

HOLD_MS = 2000  # the strip leaves at the cut before a text, or comes back at the cut after it, within this
MARGIN = 0.01  # of the frame's height: a strip nearer a text than this crosses it


@dataclass(frozen=True)
class ShownText:
    """A text on screen: frames ``[first, end)`` and its box in canvas pixels."""

    first: int
    end: int
    box: Box


@dataclass(frozen=True)
class Course:
    """Where the strip is over the segment: ``first`` (a place's name) from its first frame, each of ``moves``
    (frame, place) from that frame on, and not drawn over the frame ranges of ``hidden`` ([first, end))."""

    first: str
    moves: tuple[tuple[int, str], ...] = ()
    hidden: tuple[tuple[int, int], ...] = ()


def shown_texts(texts: Sequence[PlacedText], canvas: Canvas) -> list[ShownText]:
    """Each text as it is drawn (``text.placed_texts``), with its frames and box."""
    return [
        ShownText(frame_at(t.segment.start_ms, canvas.fps), frame_at(t.segment.end_ms, canvas.fps), Box(*t.box))
        for t in texts
    ]


def crosses(strip: Box, text: Box, canvas: Canvas) -> bool:
    """Whether the strip lies over (or within ``MARGIN`` of) the text's box (``visualizer_head.over``)."""
    return over(region_of(strip, canvas), region_of(text, canvas), MARGIN)


def barred(
    texts: Sequence[ShownText],
    names: Sequence[str],
    box_of: Callable[[str], Box],
    span: tuple[int, int],
    canvas: Canvas,
) -> list[frozenset[str]]:
    """Each frame's places (of ``names``) whose strip would cross a text showing then, over frames ``span``
    ([first, end))."""
    first, end = span
    out: list[frozenset[str]] = [frozenset()] * (end - first)
    for text in texts:
        blocked = frozenset(name for name in names if crosses(box_of(name), text.box, canvas))
        for i in range(max(text.first, first) - first, min(text.end, end) - first):
            out[i] = out[i] | blocked
    return out


def region_of(box: Box, canvas: Canvas) -> tuple[float, float, float, float]:
    """``box`` as shares of the canvas's width and height (x, y, width, height)."""
    return box.x / canvas.width, box.y / canvas.height, box.width / canvas.width, box.height / canvas.height


def laid(timeline: Sequence[tuple[int, str]], span: tuple[int, int]) -> list[str | None]:
    """Each frame's place over ``span`` ([first, end)), from ``timeline`` ((first frame, place), in order, the
    first at the span's start)."""
    first, end = span
    frames: list[str | None] = [timeline[0][1]] * (end - first)
    for start, place in timeline[1:]:  # each from its frame to the end, until the next
        if first <= start < end:
            frames[start - first :] = [place] * (end - start)
    return frames


def clear_course(
    frames: Sequence[str | None],
    first: int,
    texts: Sequence[ShownText],
    names: Sequence[str],
    box_of: Callable[[str], Box],
    cuts: Sequence[int],
    canvas: Canvas,
    heads: Sequence[frozenset[str]] = (),
) -> Course:
    """The strip's course from ``frames`` (each frame's place from frame ``first`` on, ``laid``), moved off or hidden
    under each of ``texts`` (see the module's docstring); ``names``: its places, the first preferred; ``cuts``: the
    frames where a shot begins; ``heads``: each frame's places over a subject's head, where it is not moved (a
    credit at the bottom and a bird's head at the top: not drawn for the while)."""
    frames = list(frames)
    end = first + len(frames)
    hold = HOLD_MS * canvas.fps // 1000
    for text in texts:
        blocked = {name for name in names if crosses(box_of(name), text.box, canvas)}
        if not blocked or text.end <= first or text.first >= end:
            continue
        free = [name for name in names if name not in blocked]
        before = max((c for c in cuts if text.first - hold <= c <= text.first), default=text.first)
        after = min((c for c in cuts if text.end <= c <= text.end + hold), default=text.end)
        for i in range(max(before, first) - first, min(after, end) - first):
            if frames[i] in blocked:
                allowed = [name for name in free if not (heads and name in heads[i])]
                frames[i] = allowed[0] if allowed else None
    return _course(frames, first)


def _course(frames: Sequence[str | None], first: int) -> Course:
    """The course that draws ``frames`` (each frame's place, None where the strip is not drawn)."""
    shown = [place for place in frames if place is not None]
    if not shown:
        return Course("bottom", (), ((first, first + len(frames)),))
    moves, hidden, at = [], [], shown[0]
    hidden_from: int | None = None
    for i, place in enumerate(frames):
        if place is None:
            hidden_from = i if hidden_from is None else hidden_from
            continue
        if hidden_from is not None:
            hidden.append((first + hidden_from, first + i))
            hidden_from = None
        if place != at:
            moves.append((first + i, place))
            at = place
    if hidden_from is not None:
        hidden.append((first + hidden_from, first + len(frames)))
    return Course(shown[0], tuple(moves), tuple(hidden))
