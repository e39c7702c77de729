"""The opening title of a video of pictures and clips: the song's title over its artist, shown from the first
downbeat (or beat) after the video starts, long enough to read (``OPENING_MS``), fading in and out, its fade out
starting on a downbeat where one falls near, else a beat (``opening_end_ms``): in on the bar, out on the bar.

The text stays "Title — Artist" (the timeline, the summary and the end card read it so); ``m.layout = "opening"``
has the renderer set it as two lines (``render.opening_title``).
"""

from __future__ import annotations

from collections.abc import Sequence

from ...protocol import Segment, Track, TrackType
from ...protocol.vocabulary import AUTO, Role
from ..analysis.types import AudioAnalysis

OPENING_LAYOUT = "opening"
OPENING_MS = 5500  # about 4 s fully shown between the fades: a title and an artist read twice at a phone's size
OPENING_FADE_IN_MS = 600
OPENING_FADE_OUT_MS = 900
EARLIEST_START_MS = 400  # the first frames show the picture alone
LATEST_START_MS = 2000
DEFAULT_START_MS = 800  # where no downbeat falls in the window above
OUT_EARLIEST_MS, OUT_LATEST_MS = 500, 1000  # the fade out on a downbeat (else a beat) this much before or after
# it would start: a title shows 5.0-6.5 s (from 400 before to 1600 after, one stayed 6.9 s at 120 BPM)
OPENING_STYLE = {"size": 96, "color": "#ffffff", "position": AUTO}  # placed off the subject: render.title_place


def opening_start_ms(downbeats_ms: Sequence[int], beats_ms: Sequence[int]) -> int:
    """The first downbeat from ``EARLIEST_START_MS`` to ``LATEST_START_MS``, else the first beat there, else
    ``DEFAULT_START_MS``."""
    for grid in (downbeats_ms, beats_ms):
        beats = [b for b in grid if EARLIEST_START_MS <= b <= LATEST_START_MS]
        if beats:
            return int(beats[0])
    return DEFAULT_START_MS


def opening_end_ms(start_ms: int, downbeats_ms: Sequence[int], beats_ms: Sequence[int] = ()) -> int:
    """Where a title from ``start_ms`` ends: its fade out (``OPENING_FADE_OUT_MS``) starting on the downbeat nearest
    where it would after ``OPENING_MS``, from ``OUT_EARLIEST_MS`` before it to ``OUT_LATEST_MS`` after, else on the
    beat nearest it there, else ``OPENING_MS`` after the start: shown 5.0 to 6.5 s.

    >>> opening_end_ms(800, [800, 3000, 5200]), opening_end_ms(2000, [2000, 4000, 6000, 8000], range(0, 9000, 500))
    (6100, 7400)
    """
    goal = start_ms + OPENING_MS - OPENING_FADE_OUT_MS
    for grid in (downbeats_ms, beats_ms):
        near = [d for d in grid if goal - OUT_EARLIEST_MS <= d <= goal + OUT_LATEST_MS]
        if near:
            return min(near, key=lambda d: abs(d - goal)) + OPENING_FADE_OUT_MS
    return start_ms + OPENING_MS


def opening_title(credit: str, analysis: AudioAnalysis, duration_ms: int) -> Track:
    """The titles lane with the credit ("Title — Artist", or the title alone) as the video's opening title."""
    return opening_title_at(credit, analysis.downbeats_ms, analysis.beats_ms, duration_ms)


def opening_title_at(credit: str, downbeats_ms: Sequence[int], beats_ms: Sequence[int], duration_ms: int) -> Track:
    """The opening title of ``credit`` on a video of ``duration_ms`` with these downbeats and beats."""
    start_ms = min(opening_start_ms(downbeats_ms, beats_ms), max(duration_ms // 8, 0))
    length_ms = max(0, min(opening_end_ms(start_ms, downbeats_ms, beats_ms), duration_ms) - start_ms)
    meta = {
        "text": credit,
        "role": Role.TITLE,
        "layout": OPENING_LAYOUT,
        "style": dict(OPENING_STYLE),
        "fade_in_ms": OPENING_FADE_IN_MS,
        "fade_out_ms": OPENING_FADE_OUT_MS,
    }
    segment = Segment(start_ms=start_ms, duration_ms=length_ms, meta=meta)
    return Track(TrackType.TEXT, (segment,), {"name": "Titles"})
