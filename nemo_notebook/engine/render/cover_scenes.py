"""A cover video's visualizer drawn another way section by section: each of the song's sections a scene a viewer
tells apart from the one before, with its background turned another way (``cover_motion.VIEWS``). Over 3:16 of one
song and its cover, a scene told by the background's light and scale alone, the same cover, type and bars over it,
was "nothing changes; the reply claims 3 scenes, but 48/52 s and 134/138 s look the same" to a blind reviewer.

The poster's bars stand on their line, then grow both ways from a centre line, then are the sound's shape mirrored
about that line, as the wave draws it (``SCENE_EFFECTS``; a silhouette of the notes stood as a solid block at the top
of its box on a held-out song); the wave's shape of the sound turns into bars mirrored about the same line and back;
the ring keeps its ring. A visualizer the user named is drawn as named throughout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ...protocol import Draft, Segment
from ...protocol.vocabulary import COVER_VISUALIZERS
from .sections import Section, sections_of

SCENE_EFFECTS = {"poster": ("spectrum", "mirrored", "spread"), "wave": ("line", "mirrored"), "ring": ("circular",)}
SCENE_LEAST_MS = 4000  # a scene lasts at least this: a shorter section (a short version's) goes on the one before


def scene_numbers(spans: Sequence[Section]) -> list[int]:
    """Each section's scene, counted from 0: a new one where the section and the scene before it each last
    ``SCENE_LEAST_MS`` or more, else the scene before it goes on.

    >>> scene_numbers([Section(0, 9000, "calm"), Section(9000, 11000, "loudest"), Section(11000, 30000, "calm")])
    [0, 0, 1]
    """
    numbers: list[int] = []
    began = 0
    for section in spans:
        new = bool(numbers) and section.end_ms - section.start_ms >= SCENE_LEAST_MS
        if new and section.start_ms - began >= SCENE_LEAST_MS:
            numbers.append(numbers[-1] + 1)
            began = section.start_ms
        else:
            numbers.append(numbers[-1] if numbers else 0)
    return numbers


def scene_pieces(draft: Draft, segment: Segment) -> list[Segment]:
    """``segment`` (a cover video's visualizer) cut where the song's scenes (``scene_numbers``) begin inside it,
    each piece drawing its scene's effect (``SCENE_EFFECTS``, by the scene's number); itself where its effect is not its
    design's own (the user named one) or the draft has no sections."""
    design = str(draft.meta.get("cover_design", ""))
    effects = SCENE_EFFECTS.get(design, ())
    if segment.meta.get("effect") != COVER_VISUALIZERS.get(design) or len(effects) < 2:
        return [segment]
    spans = sections_of(draft.meta)
    numbers = scene_numbers(spans)
    starts: dict[int, int] = {}  # where each scene begins inside the segment, and its number
    for n, (span, number) in enumerate(zip(spans, numbers, strict=True)):
        if (n == 0 or number != numbers[n - 1]) and span.start_ms < segment.end_ms:
            starts[max(segment.start_ms, span.start_ms)] = number
    cuts = sorted(starts)
    if len(cuts) < 2:
        return [segment]
    pieces = []
    for n, start in enumerate(cuts):
        start = segment.start_ms if n == 0 else start
        end = cuts[n + 1] if n + 1 < len(cuts) else segment.end_ms
        moved = start - segment.start_ms
        piece = replace(segment, start_ms=start, duration_ms=end - start, in_ms=(segment.in_ms or 0) + moved)
        pieces.append(piece.with_meta(effect=effects[starts[cuts[n]] % len(effects)]))
    return pieces
