"""Where a clip's own cuts land in the video when a shot crosses them: on a beat (a free cut, as good as the
planner's own) or off it, which a viewer sees as a cut out of time (held-out export 01: the last ``Megamind.avi``
shot, 99.0-102.9 s, crossed the clip's scene changes and the video's cuts within 70 ms of a beat fell 0.936 ->
0.906).

A window is a clip's stretch from ``start`` (ms) ``length_ms`` long, shown from ``at_ms`` in the video; ``beats``
are the music's beats in the video (ms, sorted).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from ...protocol import MediaInfo
from ..analysis.types import VideoAnalysis
from .clip_window_traits import clip_length, frame_length_ms, on_frames

BEAT_NEAR_MS = 40  # a clip's cut landing this near a beat reads as on it (70 ms in the render, less a frame's slack)
SLIVER_MS = 700  # a clip's scene shown for less than this at a shot's start or end is a blip, not a shot
BLIPS_SEEN_MS = 4000  # in a shot longer than this, a blip at its end is not weighed (a cut on the beat is)


def near_beat(beats: Sequence[int], t_ms: int) -> bool:
    """Whether ``t_ms`` is within ``BEAT_NEAR_MS`` of one of ``beats``."""
    k = bisect.bisect_left(beats, t_ms)
    return any(abs(beats[j] - t_ms) <= BEAT_NEAR_MS for j in (k - 1, k) if 0 <= j < len(beats))


def off_beat_cuts(analysis: VideoAnalysis, beats: Sequence[int], at_ms: int | None, start: int, length_ms: int) -> int:
    """How many of the clip's cuts the window shows off the beat: those inside it landing farther than
    ``BEAT_NEAR_MS`` from a beat (every one where the shot's time or the beats are unknown), and those within a
    frame of its ends (a frame of another scene)."""
    margin = frame_length_ms(analysis)
    count = 0
    for cut in analysis.cut_points_ms:
        if not start - margin < cut < start + length_ms + margin:
            continue
        edge = cut <= start + margin or cut >= start + length_ms - margin
        count += edge or at_ms is None or not near_beat(beats, at_ms + cut - start)
    return count


def sliver_cuts(analysis: VideoAnalysis, start: int, length_ms: int) -> int:
    """How many of the clip's cuts inside the window lie under ``SLIVER_MS`` from its start or end (past a frame:
    those ``off_beat_cuts`` counts): a moment of another scene, a blip (held-out 01's last clip shot showed the clip's
    own cut 0.46 s before its end, "a 0.46 s blip of the Megamind boy at 1:41.3 comes just before the end shot");
    in a shot over ``BLIPS_SEEN_MS`` those at its start only (12 shots of 6 s of an 11 s clip ran out of windows with
    their cuts on the beat: ``tests/planning/test_clip_cuts_on_beat.py``; the ending may shorten the shot anyway)."""
    margin = frame_length_ms(analysis)
    end = start + length_ms
    tail = end - SLIVER_MS if length_ms <= BLIPS_SEEN_MS else end  # a long shot: its start only
    return sum(
        1
        for cut in analysis.cut_points_ms
        if start + margin < cut < end - margin and not start + SLIVER_MS <= cut <= tail
    )


def beat_faults(analysis: VideoAnalysis, beats: Sequence[int], at_ms: int | None, start: int, length_ms: int) -> int:
    """What a window's choice weighs against it: twice its cuts off the beat (``off_beat_cuts``), once its blips
    (``sliver_cuts``): a blip where the only other window shows a cut off the beat."""
    return 2 * off_beat_cuts(analysis, beats, at_ms, start, length_ms) + sliver_cuts(analysis, start, length_ms)


def on_beat_starts(
    info: MediaInfo, analysis: VideoAnalysis, beats: Sequence[int], at_ms: int | None, length_ms: int
) -> list[int]:
    """The in-points (on the clip's frames, in order) of windows crossing one of the clip's cuts or more, each
    landing on a beat of the shot (``off_beat_cuts`` none): where no scene of the clip is as long as the shot, the
    shot still shows a cut only on the beat."""
    if at_ms is None or not beats:
        return []
    room = clip_length(info, analysis) - length_ms
    first, last = bisect.bisect_right(beats, at_ms), bisect.bisect_left(beats, at_ms + length_ms)
    starts = {on_frames(cut - (beat - at_ms), analysis) for cut in analysis.cut_points_ms for beat in beats[first:last]}
    return sorted(s for s in starts if 0 <= s <= room and not off_beat_cuts(analysis, beats, at_ms, s, length_ms))
