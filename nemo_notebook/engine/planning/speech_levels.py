"""The score's level under a clip with speech: down while someone speaks, back up between the lines.

A video editor ducks the music under each line of dialogue, not under the whole clip: held-out export 07's music stayed
10 dB down through the whole of Megamind.avi's 11 s, its 1.7 s pause between two lines (7.7-9.5 s) too, which a blind
reviewer heard as "ducks for the whole stretch with dialogue". The clip's lines (``VideoAnalysis.speech_lines_ms``,
pauses under ``speech_lines.LINE_GAP_MS`` inside them) play with the music at the quiet level; a long pause between
them, or before the first, at full level. The music swells back up over the ``LINE_RISE_MS`` after a line ends and
falls over the ``LINE_FALL_MS`` that end ``LINE_LEAD_MS`` before the next line starts (evenly in dB: ``m.rise_to``,
``m.rise_ms``), so that it is down before the first syllable. A pause shorter than ``LINE_SWELL_GAP_MS`` keeps
the music from full level: in stop 68 it swelled in 07's 1.76 s pause, up 10 dB for about 1.1 s, and a blind
reviewer heard "an automatic duck breathing" (ab68d); kept down through it (s69), the next one heard "the pause is flat
... the only moment in the first 11 s where the upbeat track can be heard" (ab69b). Such a pause from
``LINE_LIFT_GAP_MS`` on lifts the music halfway (in dB, ``lifted``): +5 dB under 07's lines. Until stop 68 the music came up over 250 ms and went down over the 250 ms up to
the line's first syllable: two blind reviewers of 07 heard "a fader grab", +9 dB within about 0.1 s, and still up on
the man's first word. A clip whose lines are not known (read in windows, or analysed before they were) is quiet
throughout, as before.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

from ...protocol import Segment

LINE_RISE_MS = 400
"""The music swells back up over this long after a line ends."""
LINE_FALL_MS = 250
"""The music falls over this long before a line (ending ``LINE_LEAD_MS`` before its start)."""
LINE_LEAD_MS = 300
"""The music is down this long before a line's first syllable."""
SHORTEST_UP_MS = LINE_FALL_MS + 250
"""A stretch before the first quiet span or after the last shorter than this keeps the music down: it would fall
again before it had been up for 250 ms."""
LINE_SWELL_GAP_MS = 2_500
"""A pause between two lines shorter than this keeps the music down through it. In 07's 1.76 s pause the swell (up
over 400 ms, 0.8 s at full level, down over 250 ms, 300 ms before the next line) was heard as "a pump" by a blind
reviewer (ab68d); from this pause on the music is at full level for at least 1.55 s
(``LINE_SWELL_GAP_MS - LINE_RISE_MS - LINE_FALL_MS - LINE_LEAD_MS``), three quarters of a bar at 114 BPM."""

LINE_LIFT_GAP_MS = 1_200
"""A pause between two lines from this long to ``LINE_SWELL_GAP_MS`` lifts the music halfway to full level (in dB);
a shorter one keeps it down (up for under 500 ms, ``SHORTEST_UP_MS``, it would only twitch)."""

Span = tuple[int, int, float]


def lifted(quiet: float) -> float:
    """The level halfway (in dB) between ``quiet`` and full: 0.32 (-9.9 dB) -> 0.57 (-4.9 dB)."""
    return round(math.sqrt(quiet), 3)


def speech_level_spans(segment: Segment, lines_ms: Sequence[tuple[int, int]], quiet: float) -> list[Span]:
    """(start, end, level) on the timeline over ``segment`` (a clip with speech, played from ``segment.in_ms``) for
    its lines ``lines_ms`` (ms from the clip's start): ``quiet`` from ``LINE_LEAD_MS`` before each line's start to
    ``LINE_RISE_MS`` after its end, through pauses shorter than ``LINE_LIFT_GAP_MS`` too, ``lifted(quiet)`` in a
    pause shorter than ``LINE_SWELL_GAP_MS``, 1.0 between; one quiet span over the whole segment where no line is
    known.

    Examples
    --------
    >>> clip = Segment(start_ms=1_000, duration_ms=11_000, src="m_1", in_ms=0)
    >>> speech_level_spans(clip, [(0, 5_700), (9_000, 11_000)], 0.32)
    [(1000, 7100, 0.32), (7100, 9700, 1.0), (9700, 12000, 0.32)]
    >>> speech_level_spans(clip, [(0, 7_700), (9_500, 11_000)], 0.32)
    [(1000, 9100, 0.32), (9100, 10200, 0.566), (10200, 12000, 0.32)]
    >>> speech_level_spans(clip, [(0, 7_700), (8_800, 11_000)], 0.32)
    [(1000, 12000, 0.32)]
    """
    start, end, offset = segment.start_ms, segment.end_ms, segment.start_ms - (segment.in_ms or 0)
    downs: list[list[int]] = []
    between: list[float] = []  # the level in the pause after each down but the last
    last_end: int | None = None
    for line_start, line_end in lines_ms:
        down = [max(start, line_start + offset - LINE_LEAD_MS), min(end, line_end + offset + LINE_RISE_MS)]
        if down[1] <= down[0]:
            continue
        pause = line_start - last_end if downs and last_end is not None else None
        if pause is not None and pause < LINE_LIFT_GAP_MS:
            downs[-1][1] = max(downs[-1][1], down[1])
        else:
            if pause is not None:
                between.append(1.0 if pause >= LINE_SWELL_GAP_MS else lifted(quiet))
            downs.append(down)
        last_end = line_end
    if not downs:
        return [(start, end, quiet)]
    if downs[0][0] - start < SHORTEST_UP_MS:
        downs[0][0] = start
    if end - downs[-1][1] < SHORTEST_UP_MS:
        downs[-1][1] = end
    spans: list[Span] = []
    cursor = start
    for n, (down_start, down_end) in enumerate(downs):
        if down_start > cursor:
            spans.append((cursor, down_start, between[n - 1] if n else 1.0))
        spans.append((down_start, down_end, quiet))
        cursor = down_end
    return [*spans, (cursor, end, 1.0)] if cursor < end else spans


def lane_level_spans(
    lane: Sequence[Segment], lines_ms: Mapping[str, Sequence[tuple[int, int]]], quiet: float
) -> tuple[list[Span], dict[int, int]]:
    """(start, end, level) over the whole ``lane``: ``speech_level_spans`` over each playing clip in ``lines_ms`` (its
    lines, by its media id), 1.0 over the others; and the end (ms) of each span whose level moves to the next one's
    at a line, over ``LINE_RISE_MS`` up or ``LINE_FALL_MS`` down (a level change at a cut between clips is not one)."""
    spans: list[Span] = []
    ramps: dict[int, int] = {}
    for segment in lane:
        if str(segment.src) not in lines_ms or not segment.meta.get("volume"):
            spans.append((segment.start_ms, segment.end_ms, 1.0))
            continue
        own = speech_level_spans(segment, lines_ms[str(segment.src)], quiet)
        ramps |= {
            before[1]: LINE_RISE_MS if after[2] > before[2] else LINE_FALL_MS
            for before, after in itertools.pairwise(own)
            if before[2] != after[2]
        }
        spans += own
    return spans, ramps
