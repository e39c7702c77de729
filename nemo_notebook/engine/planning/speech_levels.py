"""The score's level under a clip with speech: down while someone speaks, back up in a long pause between the lines.

A video editor ducks the music under each line of dialogue, not under the whole clip: held-out export 07's music stayed
10 dB down through the whole of Megamind.avi's 11 s, which a blind reviewer heard as "ducks for the whole stretch with
dialogue". Once it came back up in the 1.7 s pause between two lines (7.7-9.5 s) over 250 ms ramps, the next reviewer
heard a blunt return (~10 dB in 0.1 s at 7.8 s) and the music at full level on the next line's first syllable.

The clip's lines (``VideoAnalysis.speech_lines_ms``, pauses under ``speech_lines.LINE_GAP_MS`` inside them) play with
the music at the quiet level. It is down ``LEAD_MS`` before a line starts, falling over the ``FALL_MS`` before that,
and comes back up ``HOLD_MS`` after a line ends, over the ``RELEASE_MS`` after that (evenly in dB: ``m.rise_to``,
``m.rise_ms``). Lines less than ``SHORTEST_GAP_MS`` apart keep it down between them, and a stretch at full level
before the first line or after the last shorter than ``SHORTEST_UP_MS`` stays down. Kept down through 07's 1.76 s
pause, the music left "1.6 s of near-silence" to the next reviewer, who asked for "a gentler, slower partial rise (a
few dB over about 300 ms, back down before" the next line): in a pause of ``PARTIAL_FROM_MS`` or more it rises
``PARTIAL_RISE_DB`` over ``PARTIAL_RISE_MS`` after the hold, and is down again ``LEAD_MS`` before the next line. A clip whose lines are not known
(read in windows, or analysed before they were) is quiet throughout, as before.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from ...protocol import Segment

LEAD_MS = 300
"""The music is down this long before a line starts: speech detection can start a line late on its first syllable."""
FALL_MS = 300
"""The music falls over this long, ending ``LEAD_MS`` before a line."""
HOLD_MS = 200
"""The music stays down this long after a line ends (its last syllable's tail)."""
RELEASE_MS = 800
"""Then it comes back up over this long (10 dB: 0.6 dB per 50 ms)."""
SHORTEST_GAP_MS = 2_000
"""Lines closer than this keep the music down between them: a swell in a short pause pumps."""
SHORTEST_UP_MS = FALL_MS + 200
"""A stretch before the first line or after the last shorter than this keeps the music down."""
PARTIAL_RISE_DB = 4.0
"""How far the music rises in a pause shorter than ``SHORTEST_GAP_MS`` (of 10 dB down: to 6 dB down)."""
PARTIAL_RISE_MS = 300
"""It rises over this long, from ``HOLD_MS`` after the line."""
PARTIAL_FROM_MS = HOLD_MS + PARTIAL_RISE_MS + 200 + FALL_MS + LEAD_MS
"""A pause this long or longer has the partial rise (held 200 ms at least before it falls again); a shorter one
stays down."""

Span = tuple[int, int, float]


def speech_level_spans(segment: Segment, lines_ms: Sequence[tuple[int, int]], quiet: float) -> list[Span]:
    """(start, end, level) on the timeline over ``segment`` (a clip with speech, played from ``segment.in_ms``) for
    its lines ``lines_ms`` (ms from the clip's start): ``quiet`` from ``LEAD_MS`` before each line's start to
    ``HOLD_MS`` + ``RELEASE_MS`` after its end, 1.0 between lines at least ``SHORTEST_GAP_MS`` apart, ``quiet``
    raised ``PARTIAL_RISE_DB`` between lines ``PARTIAL_FROM_MS`` to ``SHORTEST_GAP_MS`` apart (from ``HOLD_MS`` +
    ``PARTIAL_RISE_MS`` after the first to ``LEAD_MS`` before the next); one quiet span over the whole segment where
    no line is known.

    Examples
    --------
    >>> clip = Segment(start_ms=1_000, duration_ms=14_000, src="m_1", in_ms=0)
    >>> speech_level_spans(clip, [(0, 7_700), (10_500, 14_000)], 0.32)
    [(1000, 9700, 0.32), (9700, 11200, 1.0), (11200, 15000, 0.32)]
    >>> speech_level_spans(clip, [(0, 7_700), (9_500, 14_000)], 0.32)
    [(1000, 9200, 0.32), (9200, 10200, 0.51), (10200, 15000, 0.32)]
    >>> speech_level_spans(clip, [(0, 7_700), (8_900, 14_000)], 0.32)
    [(1000, 15000, 0.32)]
    """
    start, end, offset = segment.start_ms, segment.end_ms, segment.start_ms - (segment.in_ms or 0)
    downs: list[list[int]] = []
    lifts: list[tuple[int, int]] = []  # partial rises inside the downs
    last_end: int | None = None
    for line_start, line_end in lines_ms:
        down = [max(start, line_start + offset - LEAD_MS), min(end, line_end + offset + HOLD_MS + RELEASE_MS)]
        if down[1] <= down[0]:
            continue
        if downs and last_end is not None and line_start - last_end < SHORTEST_GAP_MS:
            downs[-1][1] = max(downs[-1][1], down[1])
            if line_start - last_end >= PARTIAL_FROM_MS:
                lifts.append((last_end + offset + HOLD_MS + PARTIAL_RISE_MS, line_start + offset - LEAD_MS))
        else:
            downs.append(down)
        last_end = line_end
    if not downs:
        return [(start, end, quiet)]
    if downs[0][0] - start < SHORTEST_UP_MS:
        downs[0][0] = start
    if end - downs[-1][1] < SHORTEST_UP_MS:
        downs[-1][1] = end
    spans: list[Span] = []
    cursor, partial = start, round(min(1.0, quiet * 10 ** (PARTIAL_RISE_DB / 20)), 2)
    for down_start, down_end in downs:
        if down_start > cursor:
            spans.append((cursor, down_start, 1.0))
        inside = [(a, b) for a, b in lifts if down_start < a < b < down_end]
        edges = [down_start, *itertools.chain.from_iterable(inside), down_end]
        spans += [(a, b, partial if k % 2 else quiet) for k, (a, b) in enumerate(itertools.pairwise(edges))]
        cursor = down_end
    return [*spans, (cursor, end, 1.0)] if cursor < end else spans


def lane_level_spans(
    lane: Sequence[Segment], lines_ms: Mapping[str, Sequence[tuple[int, int]]], quiet: float
) -> tuple[list[Span], dict[int, int]]:
    """(start, end, level) over the whole ``lane``: ``speech_level_spans`` over each playing clip in ``lines_ms`` (its
    lines, by its media id), 1.0 over the others; and the end (ms) of each span whose level moves to the next one's
    at a line, with how long it takes: ``FALL_MS`` down, ``RELEASE_MS`` up to full, ``PARTIAL_RISE_MS`` up to a
    partial rise (a level change at a cut between clips is not one)."""
    spans: list[Span] = []
    ramps: dict[int, int] = {}
    for segment in lane:
        if str(segment.src) not in lines_ms or not segment.meta.get("volume"):
            spans.append((segment.start_ms, segment.end_ms, 1.0))
            continue
        own = speech_level_spans(segment, lines_ms[str(segment.src)], quiet)
        ramps |= {
            before[1]: (RELEASE_MS if after[2] >= 1.0 else PARTIAL_RISE_MS) if after[2] > before[2] else FALL_MS
            for before, after in itertools.pairwise(own)
            if before[2] != after[2]
        }
        spans += own
    return spans, ramps
