"""Reframes: a picture (or a clip) held longer than the music's pace, cut on the beat between framings of itself.

With few pictures the material sets long shots (``material``: a picture comes back at most 1.5 times a minute), and
a driving song's chorus or drop was cut every 4 s like its verses (a blind reviewer: "it cuts every ~4 s
throughout, a slideshow, not energetic"). In the loudest sections (those that punch in on the kicks:
``accents.loud_test``) of music that is not calm, a held picture shot is split on the cuts the music's own pace
asks for (``cutting.cut_points_ms`` without the material's slowing) into parts that show the picture wide, close
on its subject (``m.framing`` "close", ``m.zoom`` times nearer), wide again and on a detail ("detail": the picture's
second subject, else nearer on the first), in turn; back to the wide view between the near ones, so that every
cut changes the picture's scale (a detail without a second subject looked like the close view a little lower);
a picture's next showing starts further round that cycle and its pans a quarter further round, so that it is not
the same framings and moves again (a reviewer saw the first half replayed). A
picture too small for a close view but much wider or taller than the frame (a landscape photo in 9:16) cuts
between its slice on the subject and a slice of another part of it. The renderer finds the subject and the other
part (``render.framing``, ``render.visuals``).

Each part after the first carries ``m.reframe`` (its number in the showing, from 1): it continues the showing of
the segment before it, so the repetition ceiling, the reply's repeats and the report card's count it as one showing
(``protocol.vocabulary.is_reframe``). A close view enlarges the picture's pixels at most ``CLOSE_UPSCALE`` times
at 1080 lines (``most_zoom``); a picture neither large enough nor of another shape than the frame is not
reframed; nor is the opening shot (held to a phrase on
purpose), nor the video's last seconds (its final shot fades out over ``ending.ending_ms``), nor any shot of calm music (drive under ``character.CALM_BELOW``) or of the quieter sections, which keep
their long shots: the contrast is the point.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ...protocol import MediaInfo, MediaKind, Segment
from ...protocol.vocabulary import ASPECT_SIZES, MIN_ZOOM_SHOT_MS, MOTION_MARGIN, PANS, REFRAME_KEYS, nearest_zoom
from ..analysis.character import CALM_BELOW
from ..analysis.types import AudioAnalysis
from .accents import loud_test
from .cutting import MIN_SHOT_MS, cut_points_ms, drive_of
from .ending import ending_ms

CLOSE_ZOOM = 1.5  # a close view this many times nearer than the wide one
DETAIL_ZOOM = 1.9  # a detail nearer still, where the picture's resolution allows
MIN_ZOOM = 1.3  # nearer than the wide view by less than this, a close view reads as a jolt, not a new framing
SLICE_KEEPS = 0.6  # a frame that keeps this share of a picture's width (or height) or less can show another part


def most_zoom(info: MediaInfo, aspect: str) -> float:
    """How much nearer than the wide view a close view of the picture may go before its pixels are enlarged more
    than ``CLOSE_UPSCALE`` times in a 1080-line frame of ``aspect`` (``nearest_zoom`` over the frame and its
    ``MOTION_MARGIN``, as the renderer scales it; 1 where its size is unknown)."""
    if not info.width or not info.height:
        return 1.0
    w, h = ASPECT_SIZES.get(aspect, ASPECT_SIZES["16:9"])
    return nearest_zoom(info.width, info.height, w * MOTION_MARGIN, h * MOTION_MARGIN)


def reframe_shots(
    shots: Sequence[Segment],
    analysis: AudioAnalysis,
    duration_ms: int,
    visuals: Mapping[str, MediaInfo],
    *,
    aspect: str = "16:9",
    chorus_factor: float = 1.0,
) -> list[Segment]:
    """``shots`` (the visuals lane, in order) with each picture or clip shot in the loudest sections that is longer
    than the music's pace split on that pace's cuts into framings of its picture (``visuals``: the pictures and
    clips by media id). A clip's parts play on from each other (each part's in-point where the part before ended),
    wide and close in turn, where the clip is large enough for a close view.

    Examples
    --------
    >>> [s.meta.get("framing", "wide") for s in reframe_shots(lane, analysis, 60_000, photos)]  # doctest: +SKIP
    ['wide', 'wide', 'close', 'detail', 'wide', ...]
    """
    if drive_of(analysis) < CALM_BELOW or len(shots) < 2:
        return list(shots)
    pace = cut_points_ms(analysis, duration_ms, chorus_factor=chorus_factor)
    loud = loud_test(analysis, duration_ms)
    held_from = duration_ms - ending_ms(duration_ms)  # the last shot fades out whole (a 1 s part faded in 0.9 s)
    out = [shots[0]]
    turns: dict[str, list[tuple[tuple[str, str], ...]]] = {}  # each source's reframed showings: framings and pans
    for shot in shots[1:]:
        info = visuals.get(shot.src or "")
        views = () if info is None else framings_of(info, aspect)
        last = min(shot.end_ms - MIN_SHOT_MS, held_from)
        inner = [c for c in pace if shot.start_ms + MIN_SHOT_MS <= c <= last and loud(c)]
        if not (views and inner):
            out.append(shot)
            continue
        before = turns.setdefault(shot.src or "", [])
        turn = len(before)
        pan = _first_pan(str(shot.meta.get("motion")), _views_turned(views, turn), before)
        before.append(_moves(_views_turned(views, turn), pan))
        out.extend(_framings(shot, inner, views, turn=turn, first_pan=pan))
    return out


def framings_of(info: MediaInfo, aspect: str) -> tuple[tuple[str, float], ...]:
    """The framings (name, zoom) a held picture goes through in turn in a frame of ``aspect``: wide, close, wide,
    detail where the picture is large enough for a close view (``most_zoom``); else, for a picture much wider or
    taller than the frame (its crop keeps ``SLICE_KEEPS`` of it or less: a landscape photo in 9:16), its wide view
    and a slice of another part of it, as near (a "detail" at zoom 1); else none."""
    zoom = most_zoom(info, aspect)
    if info.kind == MediaKind.VIDEO:  # its subject moves: a close view of it, no second subject looked for
        return (("wide", 1.0), ("close", round(min(CLOSE_ZOOM, zoom), 2))) if zoom >= MIN_ZOOM else ()
    if info.kind != MediaKind.IMAGE:
        return ()
    if zoom >= MIN_ZOOM:
        return (("wide", 1.0), ("close", round(min(CLOSE_ZOOM, zoom), 2)), ("wide", 1.0),
                ("detail", round(min(DETAIL_ZOOM, zoom), 2)))  # fmt: skip
    w, h = ASPECT_SIZES.get(aspect, ASPECT_SIZES["16:9"])
    if not info.width or not info.height or max(w * MOTION_MARGIN / info.width, h * MOTION_MARGIN / info.height) > 2:
        return ()  # enlarged over twice to fill the frame, the picture is shown small on a fill of itself
    keeps = min(w * info.height / (h * info.width), h * info.width / (w * info.height))
    return (("wide", 1.0), ("detail", 1.0)) if keeps <= SLICE_KEEPS else ()


def _views_turned(views: Sequence[tuple[str, float]], turn: int) -> list[str]:
    """The framings of a showing's first ``len(PANS)`` parts, from its ``turn``-th view on."""
    return [views[(n + turn) % len(views)][0] for n in range(len(PANS))]


def _moves(framings: Sequence[str], first_pan: int) -> tuple[tuple[str, str], ...]:
    """Each part's framing and pan where the pans turn from ``PANS[first_pan]``."""
    return tuple((framing, PANS[(first_pan + n) % len(PANS)]) for n, framing in enumerate(framings))


def _first_pan(motion: str, framings: Sequence[str], before: Sequence[tuple[tuple[str, str], ...]]) -> int:
    """Where in ``PANS`` the pans of a showing with these ``framings`` start: at its own move where that is a pan,
    else at the first; else further round, where a showing ``before`` had a framing with the same pan at the same
    part (a picture's showings do not repeat a framing and its move part for part)."""
    first = PANS.index(motion) if motion in PANS else 0
    for step in range(len(PANS)):
        moves = _moves(framings, (first + step) % len(PANS))
        if all(a != b for shown in before for a, b in zip(moves, shown, strict=True)):
            return (first + step) % len(PANS)
    return first


def _framings(
    shot: Segment, cuts_ms: Sequence[int], views: Sequence[tuple[str, float]], *, turn: int = 0, first_pan: int = 0
) -> list[Segment]:
    """``shot`` cut at ``cuts_ms`` into parts framed in turn as ``views`` says (from its ``turn``-th: a picture's
    second reframed showing opens on its close view, its third on its detail, so that it does not repeat the first
    framing for framing), each part after the first marked as a reframe of the showing; the parts' pans turn from
    ``PANS[first_pan]``."""
    bounds = [shot.start_ms, *cuts_ms, shot.end_ms]
    base = {k: v for k, v in shot.meta.items() if k not in REFRAME_KEYS}
    out = []
    for n, (start, end) in enumerate(itertools.pairwise(bounds)):
        meta = dict(base)
        framing, zoom = views[(n + turn) % len(views)]
        if framing != "wide":
            meta |= {"framing": framing, "zoom": zoom}
        if n:
            meta["reframe"] = n
        in_ms = None if shot.in_ms is None else shot.in_ms + start - shot.start_ms  # a clip plays on
        if in_ms is None and (n or meta.get("motion") in PANS or end - start < MIN_ZOOM_SHOT_MS):
            meta["motion"] = PANS[(first_pan + n) % len(PANS)]  # a zoom this short moves too little to see
        out.append(replace(shot, start_ms=start, duration_ms=end - start, in_ms=in_ms, meta=meta))
    return out


def unframed(shot: Segment) -> Segment:
    """``shot`` showing its whole picture again, for a shot re-used on a re-cut timeline."""
    if not any(k in shot.meta for k in REFRAME_KEYS):
        return shot
    return replace(shot, meta={k: v for k, v in shot.meta.items() if k not in REFRAME_KEYS})
