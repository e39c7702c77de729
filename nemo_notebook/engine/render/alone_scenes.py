"""A track alone's composition scene by scene: each section of the song (a scene of the visuals lane, its palette's
variant "quiet", "loud" or "drop") frames its design anew, not only in new colours (a blind reviewer of a 4-minute
song alone: "4 minutes of one aurora-and-waveform graphic with 6 colour changes ... nothing new happens after the
first minute").

- the design's visualizer is smaller in a quiet scene and larger in the drop (``VISUALIZER_SCALE``): the aurora's
  horizon lower or higher, the tunnel's ring and the bokeh's bars smaller or larger;
- in a wide frame a quiet scene's tunnel and ring stand off to one side (``ASIDE``), its vanishing point with them;
- the background moves faster as the music gets louder (``PACE``: the aurora's drift, the bokeh's lights), a quiet
  scene as it moved by itself before (``backdrops.QUIET_RISE``), the tunnel on the beat as before;
- the aurora's curtains hang higher in a quiet scene, lower in the drop (``CURTAIN_DROP``), which sees its sky
  nearer (``NEARER``).

The visualizer's lane is cut where the scenes begin (``alone_pieces``), each piece placed for its scene.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ...protocol import Draft, Segment
from ...protocol.vocabulary import DESIGN_VISUALIZERS
from .graph import Canvas
from .timeline import visuals_track

DENSITY = {"quiet": 0, "loud": 1, "drop": 2}  # how busy a scene is, by its palette's variant (``backgrounds``)
VISUALIZER_SCALE = (0.6, 1.0, 1.3)  # the design's visualizer, a share of its size in a loud scene, by density
PACE = (1.0, 1.3, 1.7)  # the background's motion, a share of a quiet scene's, by density
ASIDE = 0.17  # a quiet scene's tunnel and ring this share of the width off the middle, in a frame this much wider
WIDE = 1.2  # than high (16:9); in 1:1 and 9:16 it stays in the middle
CURTAIN_DROP = (-0.06, 0.0, 0.05)  # the aurora's curtains lowered (a share of the height), by density
NEARER = (1.0, 1.0, 1.3)  # the aurora's sky enlarged about its shore, by density: the drop's seen nearer


@dataclass(frozen=True)
class Composition:
    """How a scene frames its design."""

    density: int
    """0 quiet, 1 loud, 2 the drop (``DENSITY``)."""
    scale: float
    """The visualizer's size, a share of a loud scene's."""
    across: float
    """The tunnel's vanishing point and the ring's centre, a share of the width from the left."""
    pace: float
    """The background's motion, a share of a quiet scene's."""
    near: float
    """The aurora's sky enlarged about its shore (1: as drawn)."""


def composition(meta: Mapping[str, object], start_ms: int, canvas: Canvas) -> Composition:
    """The composition of the scene whose segment has ``meta`` and starts at ``start_ms``: a quiet scene off to the
    left or the right (by its start: scenes apart on the timeline lean apart), in a wide frame."""
    variant = meta.get("variant")  # without one, a scene that pulses on the beat is loud (``backdrops.Scene``)
    density = (
        DENSITY[variant] if isinstance(variant, str) and variant in DENSITY else int(meta.get("effect") == "pulse")
    )
    across = 0.5
    if density == 0 and canvas.width > WIDE * canvas.height:
        across += ASIDE if zlib.crc32(str(start_ms).encode()) % 2 else -ASIDE
    return Composition(density, VISUALIZER_SCALE[density], across, PACE[density], NEARER[density])


def scene_at(draft: Draft, at_ms: int) -> Segment | None:
    """The track alone's scene (a designed segment of the visuals lane) on screen at ``at_ms``; None in a draft
    without one there."""
    track = visuals_track(draft)
    scenes = [sg for sg in track.segments if sg.meta.get("design")] if track else []
    return next((sg for sg in scenes if sg.start_ms <= at_ms < sg.end_ms), None)


def alone_pieces(draft: Draft, segment: Segment) -> list[Segment]:
    """``segment`` (a track alone's visualizer, drawn in its design's own way) cut where its scenes begin inside
    it before the video's end, each piece keeping the span its whole levels its sound over (``levelled``); itself
    where it is another visualizer, or shows one scene. (A piece beginning after the video's end, in a draft cut
    short, held its render up for good.)"""
    backdrop = draft.meta.get("backdrop")
    own = DESIGN_VISUALIZERS.get(backdrop) if isinstance(backdrop, str) else None
    if own is None or (segment.meta.get("effect"), segment.meta.get("position")) != own:
        return [segment]
    track = visuals_track(draft)
    starts = sorted(
        sg.start_ms
        for sg in (track.segments if track else ())
        if sg.meta.get("design") and segment.start_ms < sg.start_ms < min(segment.end_ms, draft.duration_ms)
    )
    if not starts:
        return [segment]
    whole = [segment.in_ms or 0, segment.duration_ms]
    cuts = [segment.start_ms, *starts, segment.end_ms]
    pieces = []
    for start, end in itertools.pairwise(cuts):
        moved = start - segment.start_ms
        piece = replace(segment, start_ms=start, duration_ms=end - start, in_ms=(segment.in_ms or 0) + moved)
        pieces.append(piece.with_meta(levelled=whole))
    return pieces


def levelled_span(segment: Segment) -> tuple[int, int]:
    """The span of the song (in-point, duration; ms) a visualizer segment's sound is levelled over, band by band
    (``visualizer_level``): its own, or a piece's whole segment's (``alone_pieces``: a quiet section levelled on its
    own would be lifted to a loud one's levels)."""
    whole = segment.meta.get("levelled")
    if isinstance(whole, list) and len(whole) == 2 and isinstance(whole[0], int) and isinstance(whole[1], int):
        return whole[0], whole[1]
    return segment.in_ms or 0, segment.duration_ms
