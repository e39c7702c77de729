"""A clip on screen no longer than it lasts, its quick montage runs counted, while a picture beside it can hold on.

Held-out export 01 of stop 52 showed "Megamind.avi" (11.3 s) for 28.1 s in 20 shots: the same moments came back (a
woman with a glass at 38.7, 46.7, 59.4 and 71.7 s) and the video felt like a loop. A clip's ceiling counts its
showings (``material.most_shows``), and a montage run of four quick parts is one showing. Here a clip on screen
more than ``OVER`` (1.2) times its length is cut back to ``LIMIT`` (1.0) times it, so that no moment of it comes
back. One on screen up to 1.2 times its length is left as it is: cut back, a 10 s clip on screen 11 s lost its
showings' second parts, and the showings a viewer counts got shorter (``tests/agent/test_pace_words.py``: the
median showing fell from 4 beats to 2, where the reply said "every 4 beats").

Only a shot that goes back in the clip's story (footage before a kept earlier shot's) or shows footage a kept
earlier shot shows goes, the one showing most of it first (the latest of those alike); then any shot still showing
footage another shows. The shots left are not moved (``clip_spans_apart`` leaves such a clip alone), so the clip's
story keeps its order (``tests/planning/test_story_order.py``). A shot's time goes to the picture before it (held
longer, its camera move carrying the beat), else to the one after, never past ``cutting.MAX_SHOT_MS`` and never
where the same picture would then be cut to itself. Where the pictures cannot take enough of its time (nothing else
left), the clip keeps all its shots as they were, and the reply says it is shown more than its footage allows
(``agent.repeats``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import replace
from typing import NamedTuple

from ...protocol import Segment
from ...protocol.vocabulary import is_reframe
from .cutting import MAX_SHOT_MS

LIMIT = 1.0  # a clip's screen time, in its own lengths
OVER = 1.2  # a clip on screen up to this many of its lengths keeps its shots (a moment or two again, in story order)


class Bounded(NamedTuple):
    """A clip whose screen time was cut back: its length, the time it had, the time it has (ms)."""

    length_ms: int
    asked_ms: int
    shown_ms: int


def clip_time_bounded(
    shots: Sequence[Segment], lengths: Mapping[str, int], pictures: Set[str], most_ms: int = MAX_SHOT_MS
) -> tuple[list[Segment], dict[str, Bounded]]:
    """``shots`` (the visuals lane) with each clip's (``lengths``: each clip's length, ms, by media id) shots beyond
    ``LIMIT`` times its length given to the pictures (``pictures``: their media ids) beside them, and the clips so
    bounded.

    Examples
    --------
    >>> lane, bounded = clip_time_bounded(lane, {"clip": 11_000}, {"p1", "p2"})  # doctest: +SKIP
    >>> bounded["clip"]
    Bounded(length_ms=11000, asked_ms=28000, shown_ms=10500)
    """
    lane = sorted(shots, key=lambda s: s.start_ms)
    bounded: dict[str, Bounded] = {}
    for src, length in lengths.items():
        asked = shown = sum(s.duration_ms for s in lane if s.src == src)
        if asked <= OVER * length:
            continue
        was = lane
        while shown > LIMIT * length:
            k = _next_given(lane, src, pictures, most_ms)
            if k is None:
                break
            shown -= lane[k].duration_ms
            lane = _given(lane, k, pictures, most_ms)
        if shown > LIMIT * length:  # the pictures cannot take enough: its passes through its story as they were
            lane, shown = was, asked
            continue
        while shown < asked:  # a shot that still shows footage another shows goes too (its story kept in order)
            k = _next_given(lane, src, pictures, most_ms, again=True)
            if k is None:
                break
            shown -= lane[k].duration_ms
            lane = _given(lane, k, pictures, most_ms)
        if shown < asked:
            bounded[src] = Bounded(length, asked, shown)
    return lane, bounded


def _next_given(
    lane: Sequence[Segment], src: str, pictures: Set[str], most_ms: int, *, again: bool = False
) -> int | None:
    """The clip's shot to give up: of those a picture beside can take and that go back in the clip's story (footage
    before a kept earlier shot's: a pass through the clip again) or show footage a kept earlier shot shows, the one
    showing most of it, the latest of those alike; ``again``: only one that shows footage shown before. A shot on the
    clip's first way through it is kept, and so is one no picture can take the time of."""
    kept: list[tuple[int, int]] = []  # the footage of the shots kept so far, in time order
    best: tuple[int, int] | None = None
    for k, shot in enumerate(lane):
        if shot.src != src:
            continue
        start = shot.in_ms or 0
        end = start + shot.duration_ms
        seen = max(0, max((min(end, e) - max(start, s) for s, e in kept), default=0))
        back = any(s > start for s, _ in kept)
        if (seen <= 0 and (again or not back)) or _taker(lane, k, pictures, most_ms) is None:
            kept.append((start, end))
            continue
        rank = (seen, k)
        if best is None or rank >= best:
            best = rank
    return None if best is None else best[1]


def _taker(lane: Sequence[Segment], k: int, pictures: Set[str], most_ms: int) -> int | None:
    """The index of the picture shot beside ``lane[k]`` that takes its time: the one before, else the one after (not
    a near view's part of a showing: it would open one), held no longer than ``most_ms``; None where neither can or
    the shots either side show the same thing (cut to itself)."""
    before = lane[k - 1] if k else None
    after = lane[k + 1] if k + 1 < len(lane) else None
    if before is not None and after is not None and before.src == after.src:
        return None
    d = lane[k].duration_ms
    if before is not None and before.src in pictures and before.duration_ms + d <= most_ms:
        return k - 1
    if after is not None and after.src in pictures and not is_reframe(after.meta) and after.duration_ms + d <= most_ms:
        return k + 1
    return None


def _given(lane: Sequence[Segment], k: int, pictures: Set[str], most_ms: int) -> list[Segment]:
    """``lane`` with ``lane[k]`` taken out and its time given to its taker; a part of the same clip's showing after
    it that now opens the showing is no longer marked a part."""
    taker = _taker(lane, k, pictures, most_ms)
    assert taker is not None
    out = list(lane)
    gone = out[k]
    if taker < k:
        out[taker] = replace(out[taker], duration_ms=out[taker].duration_ms + gone.duration_ms)
    else:
        out[taker] = replace(out[taker], start_ms=gone.start_ms, duration_ms=out[taker].duration_ms + gone.duration_ms)
    del out[k]
    if k < len(out) and out[k].src == gone.src and "reframe" in out[k].meta and out[k - 1].src != gone.src:
        out[k] = replace(out[k], meta={m: v for m, v in out[k].meta.items() if m != "reframe"})
    return out
