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

The turn begins on the section's first downbeat and takes ``TURN_MS``: the cover slides to its new place, eased
(``slide``), and the type and the visualizer slide to theirs along the same curve (``slid``), drawn in every frame
of the turn (a blind reviewer of held-out 04, s48: "each switch leaves ~0.7 s with no title and no visualizer, just
the cover moving across an empty frame", when the type faded out before the slide and in after it and the
visualizer waited for the cover to land). Where the type and the cover change sides they cross halfway, the type
over the cover, on its shadow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ...protocol import Draft
from .cover_layout import CoverLayout, Rect, TextSpot
from .cover_scenes import TURN_MS, scene_turns
from .graph import even
from .safe_zone import TALL
from .sections import sections_of

ASIDE = 0.1  # a cover whose middle lies this share of the width off the frame's stands to one side


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
    """Where the layout turns (``scene_turns``) before the draft ends, in ms, and the layout from there on."""
    spans = sections_of(draft.meta)
    turns = scene_turns(spans)
    other = turned(layout, width, height)
    return tuple(
        (span.start_ms, other if turn else layout)
        for n, (span, turn) in enumerate(zip(spans, turns, strict=True))
        if n and turn != turns[n - 1] and span.start_ms < draft.duration_ms
    )


def slide(first: CoverLayout, changes: Sequence[tuple[int, CoverLayout]], pick: Callable[[CoverLayout], int]) -> str:
    """An expression of ``t`` (s): ``pick`` of the layout at ``t`` less ``pick`` of ``first``, eased from the one
    before over ``TURN_MS`` from each change; "0" without changes."""
    terms, before = [], pick(first)
    for start_ms, layout in changes:
        step = pick(layout) - before
        before = pick(layout)
        if step:
            p = f"clip((t-{start_ms / 1000:.3f})/{TURN_MS / 1000:.3f},0,1)"
            terms.append(f"{step}*{p}*{p}*(3-2*{p})")
    return "+".join(terms) or "0"


def slid(
    first: CoverLayout, changes: Sequence[tuple[int, CoverLayout]], pick: Callable[[CoverLayout], int], to: CoverLayout
) -> str:
    """An expression of ``t`` (s): how far ``pick`` of the layout shown at ``t``, eased over each turn (``slide``),
    lies from ``pick`` of ``to``; what moves a thing laid out for ``to`` along with the cover."""
    return f"{slide(first, changes, pick)}+{pick(first) - pick(to)}"
