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

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import replace

from ...protocol import Draft, Segment
from ...protocol.vocabulary import COVER_VISUALIZERS
from .bar_grid import bar_ms, on_grid
from .music_steps import audible_at, seconds_db, stepped_bar
from .sections import CALM, LOUDEST, MIDDLE, Section, sections_of

SCENE_EFFECTS = {"poster": ("spectrum", "mirrored", "spread"), "wave": ("line", "mirrored"), "ring": ("circular",)}
TURN_APART_MS = 8000  # a lift this near a section's start takes its place: two turns 6 s apart read as a stutter
SCENE_CAP_MS = 40000  # a longer scene is cut at downbeats into as many equal parts as keep each under this
SCENE_LEAST_MS = 4000  # a scene lasts at least this: a shorter section (a short version's) goes on the one before
# a scene measured (``scene_levels``) this near the loudest scene is as loud, one this far under it or more is calm.
# Held-out 04's scenes by their median energy (``m.seconds_db``, RMS: it spreads an electronic track's parts less
# than short-term LUFS does) lie 0 (0:56-1:36), 0.7 (2:16-2:46), 2.3, 2.8, 3.6 (1:36-2:16, a long loud section's
# quiet half, -19.4 LUFS) and 4.6 dB (0:28-0:56, -20.4 LUFS) under the loudest
LOUD_WITHIN_DB, CALM_UNDER_DB = 2.0, 3.0


def scene_sections(draft: Draft) -> list[Section]:
    """The draft's sections (``sections_of``; without them, where it lifts, the whole draft as a middle one), each
    cut where the song lifts inside it (``m.lifts_ms``, the planner's ``lifts.lifts_ms``): a scene begins there too,
    its level the section's. A lift under ``TURN_APART_MS`` from a section's start takes its place (the planner
    keeps such a lift only where it rises more than the section's start: one turn, on the bigger change); a start a
    beat or so before the bar where the music steps (``m.seconds_db``) moves onto that bar (``_on_steps``); a scene
    longer than ``SCENE_CAP_MS`` is cut at the downbeats (``m.downbeats_ms``) nearest its equal parts.

    >>> [(s.start_ms, s.end_ms) for s in scene_sections(_draft([0, 50000, 136000, 195000], [56000]))]
    [(0, 28000), (28000, 56000), (56000, 96000), (96000, 136000), (136000, 165500), (165500, 195000)]
    """
    spans = sections_of(draft.meta)
    raw = draft.meta.get("lifts_ms")
    lifts = sorted(int(b) for b in raw if isinstance(b, int)) if isinstance(raw, list) else []
    if not spans and lifts:
        spans = [Section(0, draft.duration_ms, MIDDLE)]
    raw_beats = draft.meta.get("downbeats_ms")
    beats = sorted(int(b) for b in raw_beats if isinstance(b, int)) if isinstance(raw_beats, list) else []
    spans = _on_steps(_moved_to_lifts(spans, lifts), bar_ms(beats), seconds_db(draft))
    out = []
    for span in spans:
        edges = [span.start_ms, *(b for b in lifts if span.start_ms < b < span.end_ms), span.end_ms]
        out += [replace(span, start_ms=a, end_ms=b) for a, b in itertools.pairwise(edges)]
    heard = (seconds_db(draft), seconds_db(draft, "seconds_bright"))
    return [part for span in out for part in _capped(span, beats, *heard)]


def _moved_to_lifts(spans: Sequence[Section], lifts: Sequence[int]) -> list[Section]:
    """``spans`` with each start (but the first) that lies under ``TURN_APART_MS`` from a lift moved to the lift."""
    starts = [s.start_ms for s in spans]
    for n in range(1, len(spans)):
        near = [b for b in lifts if abs(b - starts[n]) < TURN_APART_MS and starts[n - 1] < b < spans[n].end_ms]
        starts[n] = min(near, key=lambda b: abs(b - starts[n])) if near else starts[n]
    ends = [*starts[1:], spans[-1].end_ms] if spans else []
    return [replace(s, start_ms=a, end_ms=b) for s, a, b in zip(spans, starts, ends, strict=True) if b > a]


def _on_steps(spans: Sequence[Section], bar: float, seconds: Sequence[float]) -> list[Section]:
    """``spans`` with each start (but the first) moved onto the bar where the music steps, on the grid from the start
    before it (``music_steps.stepped_bar``)."""
    starts = [s.start_ms for s in spans]
    for n in range(1, len(spans)):
        starts[n] = min(stepped_bar(starts[n], starts[n - 1], bar, seconds), spans[n].end_ms - 1)
    ends = [*starts[1:], spans[-1].end_ms] if spans else []
    return [replace(s, start_ms=a, end_ms=b) for s, a, b in zip(spans, starts, ends, strict=True)]


def _capped(
    span: Section, beats: Sequence[int], seconds: Sequence[float] = (), bright: Sequence[float] = ()
) -> list[Section]:
    """``span`` cut into as many parts as keep each under ``SCENE_CAP_MS``, each cut on the downbeat nearest its
    equal part's end (where it is) inside the span, ``SCENE_LEAST_MS`` from either end; or, given how loud each
    second is (``seconds``) and how bright (``bright``), on the downbeat near it where the music audibly steps
    (``music_steps.audible_at``), each part still under the cap; on the span's bar grid where it has one
    (``bar_grid.on_grid``)."""
    length = span.end_ms - span.start_ms
    parts = -(-length // SCENE_CAP_MS)
    within = min(SCENE_CAP_MS / 4, (SCENE_CAP_MS * parts - length) / 2)
    cuts = []
    for k in range(1, parts):
        at = span.start_ms + k * length // parts
        inside = [b for b in beats if span.start_ms + SCENE_LEAST_MS <= b <= span.end_ms - SCENE_LEAST_MS]
        nearest = min(inside, key=lambda b: abs(b - at)) if inside else at
        found = audible_at([b for b in inside if abs(b - at) < within], seconds, nearest, bright)
        cuts.append(on_grid(found, span.start_ms, span.end_ms, bar_ms(beats)))
    edges = sorted({span.start_ms, *cuts, span.end_ms})
    return [replace(span, start_ms=a, end_ms=b) for a, b in itertools.pairwise(edges)]


def _draft(starts: Sequence[int], lifts: Sequence[int]) -> Draft:
    """A draft of sections from each of ``starts`` to the next (the last the end) and ``lifts``, for the examples."""
    sections = [{"start_ms": a, "end_ms": b, "level": MIDDLE} for a, b in itertools.pairwise(starts)]
    return Draft(tracks=(), duration_ms=starts[-1], meta={"sections": sections, "lifts_ms": list(lifts)})


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


def scene_levels(draft: Draft, spans: Sequence[Section]) -> list[str]:
    """Each of ``spans``' (``scene_sections``) levels, its scene's (``scene_numbers``): where the draft says how
    loud each second is (``m.seconds_db``), from the median of the scene's own seconds against the loudest scene's
    (``LOUD_WITHIN_DB``, ``CALM_UNDER_DB``), so that a long section's quiet half cut off by ``SCENE_CAP_MS`` is no
    longer as loud as the section; else the level of the section the scene begins with.

    >>> spans = [Section(0, 4000, "loudest"), Section(4000, 8000, "loudest"), Section(8000, 12000, "calm")]
    >>> scene_levels(Draft(tracks=(), duration_ms=12000, meta={}), spans)
    ['loudest', 'loudest', 'calm']
    >>> scene_levels(Draft(tracks=(), duration_ms=12000, meta={"seconds_db": [0] * 4 + [-5] * 4 + [-2.5] * 4}), spans)
    ['loudest', 'calm', 'middle']
    """
    numbers = scene_numbers(spans)
    firsts = [spans[numbers.index(number)].level for number in numbers]
    raw = draft.meta.get("seconds_db")
    seconds = [float(v) for v in raw if isinstance(v, (int, float))] if isinstance(raw, list) else []
    bounds: dict[int, tuple[int, int]] = {}
    for span, number in zip(spans, numbers, strict=True):
        start, end = bounds.get(number, (span.start_ms, span.end_ms))
        bounds[number] = (min(start, span.start_ms), max(end, span.end_ms))
    heard = {n: seconds[a // 1000 : max(-(-b // 1000), a // 1000 + 1)] for n, (a, b) in bounds.items()}
    if not spans or not all(heard.values()):
        return firsts
    levels = {n: statistics.median(values) for n, values in heard.items()}
    top = max(levels.values())

    def named(level: float) -> str:
        return LOUDEST if level >= top - LOUD_WITHIN_DB else CALM if level <= top - CALM_UNDER_DB else MIDDLE

    return [named(levels[number]) for number in numbers]


def scene_turns(spans: Sequence[Section]) -> list[bool]:
    """Whether each section's scene shows the design's layout turned (``cover_stage.turned``): it turns at each new
    scene (``scene_numbers``) but one that follows a calm section into another calm one, so that a calm song keeps
    its layout longer than a driving one (no longer than ``SCENE_CAP_MS``: then it turns too).

    >>> scene_turns([Section(0, 9000, "calm"), Section(9000, 20000, "loudest"), Section(20000, 30000, "calm")])
    [False, True, False]
    >>> scene_turns([Section(0, 9000, "calm"), Section(9000, 20000, "calm"), Section(20000, 30000, "middle")])
    [False, False, True]
    """
    numbers = scene_numbers(spans)
    turns: list[bool] = []
    stood = 0  # where the layout last turned
    for n, (span, number) in enumerate(zip(spans, numbers, strict=True)):
        calm = n > 0 and span.level == CALM and spans[n - 1].level == CALM and span.start_ms - stood < SCENE_CAP_MS
        turns.append(n > 0 and turns[-1] != (number != numbers[n - 1] and not calm))
        stood = span.start_ms if n and turns[-1] != turns[n - 1] else stood
    return turns


def scene_pieces(draft: Draft, segment: Segment) -> list[Segment]:
    """``segment`` (a cover video's visualizer) cut where the song's scenes (``scene_numbers``) begin inside it,
    each piece drawing its scene's effect (``SCENE_EFFECTS``, by the scene's number; a visualizer the user named, as
    named), a piece whose scene turns the layout (``scene_turns``) sliding in with the cover from the scene's start
    (``cover_stage.slid``); itself where the draft has no sections or nothing changes inside it."""
    design = str(draft.meta.get("cover_design", ""))
    own = segment.meta.get("effect") == COVER_VISUALIZERS.get(design)
    effects = SCENE_EFFECTS.get(design, ()) if own else ()
    spans = scene_sections(draft)
    numbers, turns = scene_numbers(spans), scene_turns(spans)
    starts: dict[int, tuple[int, bool]] = {}  # where each scene begins inside the segment: its number and its turn
    for n, (span, number) in enumerate(zip(spans, numbers, strict=True)):
        if (n == 0 or number != numbers[n - 1]) and span.start_ms < segment.end_ms:
            starts[max(segment.start_ms, span.start_ms)] = (number, turns[n])
    cuts = sorted(starts)
    turning = len({turn for _, turn in starts.values()}) > 1
    if len(cuts) < 2 or (len(effects) < 2 and not turning):
        return [segment]
    pieces = []
    whole = [segment.in_ms or 0, segment.duration_ms]  # each piece levelled over the whole (``levelled_span``)
    for n, cut in enumerate(cuts):
        number = starts[cut][0]
        start = segment.start_ms if n == 0 else cut
        end = cuts[n + 1] if n + 1 < len(cuts) else segment.end_ms
        if end <= start:
            continue
        moved = start - segment.start_ms
        piece = replace(segment, start_ms=start, duration_ms=end - start, in_ms=(segment.in_ms or 0) + moved)
        piece = piece.with_meta(levelled=whole)
        pieces.append(piece.with_meta(effect=effects[number % len(effects)]) if len(effects) > 1 else piece)
    return pieces
