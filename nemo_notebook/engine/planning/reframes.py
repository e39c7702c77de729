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
from collections.abc import Callable, Mapping, Sequence
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
VIEW_SHOWS = 2  # a framing of a picture shown at most this many times where it has others (``_PartBudget``)
FRAMED_SHOWS = 2.0  # a picture with framings to cut between comes back this many times as often in the loudest parts
LOUD_STEP_MS = 500
BAR_SHARE = 0.9  # a showing in the loudest sections lasts at least this share of a bar
# the loudest sections' share of a video counts this many times over: their shots are several times shorter than the
# quiet ones', so most of the showings are there (a quiet half minute and a loud one: 4 showings and 16)
LOUD_WEIGHT = 2.0  # the loudest sections' share of a video is measured every this long
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
    inner_cuts = pace_splitter(analysis, duration_ms, chorus_factor)
    views_of = {src: framings_of(info, aspect) for src, info in visuals.items()}
    budget = _PartBudget(shots, visuals, views_of, inner_cuts)
    out = [shots[0]]
    turns: dict[str, list[tuple[tuple[str, str], ...]]] = {}  # each source's reframed showings: framings and pans
    used: dict[str, dict[str, int]] = {}  # each source's parts so far, by framing
    for shot in shots:
        counts = used.setdefault(shot.src or "", {})
        views = views_of.get(shot.src or "", ())
        inner = budget.cuts(shot) if shot is not shots[0] and views else None
        if inner is None:
            if shot is not shots[0]:
                out.append(shot)
            _count(counts, "wide")  # a showing held whole shows the picture wide
            continue
        before = turns.setdefault(shot.src or "", [])
        opens = [showing[0][0] for showing in before]
        parts = _next_views(views, counts, len(PANS), cap=VIEW_SHOWS if budget.capped(shot) else None, opens=opens)
        pan = _first_pan(str(shot.meta.get("motion")), [name for name, _ in parts], before)
        before.append(_moves([name for name, _ in parts], pan))
        for name, _ in parts[: len(inner) + 1]:
            _count(counts, name)
        out.extend(framed_parts(shot, inner, parts, first_pan=pan))
    return out


class _PartBudget:
    """How many parts each picture's showings in the loudest sections are cut into: as many as the music's pace asks
    (``pace_splitter``) where the picture has framings enough, else fewer, longer ones, shared out over its showings
    in proportion to the parts each would have had, so that no framing of a picture is shown more than
    ``VIEW_SHOWS`` times where it has others (a driving minute of five photos showed each one's wide view 4-6
    times; a 2 s showing held whole, its pan and the visualizer keep the beat). Clips play on between their parts
    (each part new footage): they keep every part."""

    def __init__(
        self,
        shots: Sequence[Segment],
        visuals: Mapping[str, MediaInfo],
        views_of: Mapping[str, tuple[tuple[str, float], ...]],
        inner_cuts: Callable[[int, int], list[int]],
    ) -> None:
        self.inner_cuts = inner_cuts
        self.pictures = {src for src, info in visuals.items() if info.kind == MediaKind.IMAGE}
        self.left: dict[str, int] = {}  # parts the picture's showings may still have
        self.wanted: dict[str, int] = {}  # parts its showings still to come would have at the music's pace
        for n, shot in enumerate(shots):
            src = shot.src or ""
            if src not in self.pictures or not views_of.get(src):
                continue
            self.left.setdefault(src, VIEW_SHOWS * len({name for name, _ in views_of[src]}))
            inner = inner_cuts(shot.start_ms, shot.end_ms) if n else []  # the opening shot is held whole
            if inner:
                self.wanted[src] = self.wanted.get(src, 0) + len(inner) + 1
            else:  # a showing held whole: one wide view of the budget
                self.left[src] -= 1

    def capped(self, shot: Segment) -> bool:
        return (shot.src or "") in self.left

    def cuts(self, shot: Segment) -> list[int] | None:
        """The cuts inside ``shot``: the music's pace's, or as many of them as the picture's budget leaves, each
        nearest an even share of the showing (none: the showing is one framing of the picture); None where the
        music's pace has none there (a quiet section: the picture is shown whole)."""
        inner = self.inner_cuts(shot.start_ms, shot.end_ms)
        src = shot.src or ""
        if not inner or src not in self.left:
            return inner or None
        want = len(inner) + 1
        share = round(self.left[src] * want / max(self.wanted.get(src, 0), 1))
        parts = max(1, min(want, share))
        self.left[src] = max(self.left[src] - parts, 0)
        self.wanted[src] = self.wanted.get(src, 0) - want
        return _even_cuts(shot, inner, parts)


def _even_cuts(shot: Segment, inner: Sequence[int], parts: int) -> list[int]:
    """``parts`` - 1 of ``inner`` (cuts inside ``shot``, in order), each the nearest to an even share of it."""
    if parts >= len(inner) + 1:
        return list(inner)
    step = shot.duration_ms / parts
    picks = {min(inner, key=lambda c: abs(c - shot.start_ms - step * n)) for n in range(1, parts)}
    return sorted(picks)


def pace_splitter(
    analysis: AudioAnalysis, duration_ms: int, chorus_factor: float = 1.0
) -> Callable[[int, int], list[int]]:
    """Where a shot from ``start_ms`` to ``end_ms`` is cut at the music's own pace (``cutting.cut_points_ms``
    without the material's slowing) in the loudest sections: its parts at least ``MIN_SHOT_MS`` long, none in the
    video's last seconds (its final shot fades out whole: a 1 s part faded in 0.9 s); none where the music is calm."""
    if drive_of(analysis) < CALM_BELOW:
        return lambda start_ms, end_ms: []
    pace = cut_points_ms(analysis, duration_ms, chorus_factor=chorus_factor)
    loud = loud_test(analysis, duration_ms)
    held_from = duration_ms - ending_ms(duration_ms)

    def inner(start_ms: int, end_ms: int) -> list[int]:
        last = min(end_ms - MIN_SHOT_MS, held_from)
        return [c for c in pace if start_ms + MIN_SHOT_MS <= c <= last and loud(c)]

    return inner


def bar_showings(
    cuts: Sequence[int], analysis: AudioAnalysis, duration_ms: int, chorus_factor: float = 1.0
) -> list[int]:
    """Cuts to add to ``cuts`` (the showings' bounds, slowed to what the material fills) that cut each showing in
    the loudest sections lasting over a bar on the music's own pace into showings of a bar or more (``BAR_SHARE`` of
    one: a beat found a little early still counts), the opening shot aside (held to a phrase on purpose). Few
    pictures under a driving minute were each held 4 s in four framings, "4 s holds on stills feel slow for an
    energetic track"; the quieter sections keep the long shots the material set."""
    inner = pace_splitter(analysis, duration_ms, chorus_factor)
    bar_ms = 60_000 / max(analysis.tempo_bpm, 1) * analysis.beats_per_bar * BAR_SHARE
    bounds = [0, *cuts, duration_ms]
    more: list[int] = []
    for start, end in list(itertools.pairwise(bounds))[1:]:
        last = start
        for cut in inner(start, end):
            if cut - last >= bar_ms and end - cut >= bar_ms:
                more.append(cut)
                last = cut
    return more


def evenly(items: Sequence[int], most: int) -> list[int]:
    """At most ``most`` of ``items``, spread evenly over them (the first of every so many)."""
    if len(items) <= most:
        return list(items)
    return [items[i * len(items) // most] for i in range(most)] if most > 0 else []


def framing_room(caps: Sequence[int], visuals: Sequence[MediaInfo], *, aspect: str = "16:9") -> list[int]:
    """How many more showings each visual may have beyond its ceiling (``caps``: ``material.most_shows``) where the
    loudest sections show it a bar at a time: a picture with framings to cut between (``framings_of``) up to
    ``FRAMED_SHOWS`` times as many, each showing opening on a framing it has had least; none for the others."""
    return [
        round(cap * (FRAMED_SHOWS - 1))
        if info.kind == MediaKind.IMAGE and len({name for name, _ in framings_of(info, aspect)}) >= 2
        else 0
        for cap, info in zip(caps, visuals, strict=True)
    ]


def loud_share(analysis: AudioAnalysis, duration_ms: int) -> float:
    """The share of the video (0..1) in the loudest sections, where pictures are cut between their framings: 0 for
    calm music (drive under ``CALM_BELOW``), which is never reframed."""
    if drive_of(analysis) < CALM_BELOW or duration_ms <= 0:
        return 0.0
    loud = loud_test(analysis, duration_ms)
    times = range(LOUD_STEP_MS // 2, duration_ms, LOUD_STEP_MS)
    return sum(map(loud, times)) / max(len(times), 1)


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


def _next_views(
    views: Sequence[tuple[str, float]],
    counts: Mapping[str, int],
    parts: int,
    *,
    cap: int | None = None,
    opens: Sequence[str] = (),
) -> list[tuple[str, float]]:
    """The framings of a showing's first ``parts`` parts: each the one of ``views`` this picture has shown least
    (``counts``: its parts so far, by framing), never the part before's, and never a near one after a near one
    where the wide view can come between (every cut changes the picture's scale: a detail without a second subject
    looked like the close view a little lower) and has been shown fewer than ``cap`` times; ties to the one that
    opened a showing least recently (``opens``: the framings the picture's showings opened on, in order; for the
    first part), then to the one shown least recently (``counts`` lists them so), then in the order of ``views``. So a picture's next showing opens on a framing it has had least, and its short showings in a fast
    drop do not each open wide."""
    distinct = list(dict.fromkeys(views))
    seen = dict(counts)
    out: list[tuple[str, float]] = []
    for _ in range(parts):
        last = out[-1][0] if out else None
        fits = [v for v in distinct if v[0] != last] or distinct
        if last not in (None, "wide") and (cap is None or seen.get("wide", 0) < cap):
            fits = [v for v in fits if v[0] == "wide"] or fits
        first = opens if not out else ()  # the least recently opened a showing, for a showing's first part
        recent = list(seen)  # then the least recently shown
        view = min(
            fits,
            key=lambda v: (seen.get(v[0], 0), _last_index(first, v[0]), _last_index(recent, v[0]), distinct.index(v)),
        )
        _count(seen, view[0])
        out.append(view)
    return out


def _last_index(items: Sequence[str], item: str) -> int:
    """Where ``item`` comes last in ``items``; -1 where it does not."""
    return max((i for i, x in enumerate(items) if x == item), default=-1)


def _count(counts: dict[str, int], framing: str) -> None:
    """One more part in ``framing``, moved to the end of ``counts`` (which so lists the least recently shown first)."""
    counts[framing] = counts.pop(framing, 0) + 1


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


def framed_parts(
    shot: Segment, cuts_ms: Sequence[int], views: Sequence[tuple[str, float]], *, first_pan: int = 0
) -> list[Segment]:
    """``shot`` cut at ``cuts_ms`` into parts framed as ``views`` says, part by part (``_next_views``: a picture's
    next showing opens on a framing it has had least, so that it does not repeat the first framing for framing),
    each part after the first marked as a reframe of the showing; the parts' pans turn from ``PANS[first_pan]``."""
    bounds = [shot.start_ms, *cuts_ms, shot.end_ms]
    base = {k: v for k, v in shot.meta.items() if k not in REFRAME_KEYS}
    out = []
    for n, (start, end) in enumerate(itertools.pairwise(bounds)):
        meta = dict(base)
        framing, zoom = views[n % len(views)]
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
