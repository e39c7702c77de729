"""Which moments of a clip are soft, and which pictures and clips are weak material that a video shows less.

A moment is soft where its frames are less than ``SOFT`` times as sharp as the clip's sharp moments (the 90th
percentile of its ``VideoAnalysis.sharpness``): ``bikes.mp4``'s sharp fence is 0.68 and its cyclist 0.62, its
traffic jam filmed out of focus 0.42-0.48, a car smeared by its speed 0.44-0.49: 0.7 of 0.69 leaves the cyclist and
takes the blurred moments out. Big Buck Bunny's bird in focus before a blurred sky (0.49-0.54) stays, at 0.7 of
0.67.
"""

from __future__ import annotations

from ..analysis.types import VideoAnalysis

SOFT = 0.7
"""A moment less sharp than this share of the clip's sharp moments (its 90th percentile) is soft."""


def sharp_reference(video: VideoAnalysis) -> float:
    """How sharp the clip's sharp moments are: the 90th percentile of its hops' sharpness (0 where not measured)."""
    values = sorted(video.sharpness)
    return values[min(len(values) - 1, round(0.9 * (len(values) - 1)))] if values else 0.0


def soft_hops(video: VideoAnalysis) -> tuple[bool, ...]:
    """For each hop of the clip, whether it is soft (below ``SOFT`` times ``sharp_reference``); all False where the
    analysis has no sharpness."""
    floor = SOFT * sharp_reference(video)
    return tuple(v < floor for v in video.sharpness)


def sharp_share(video: VideoAnalysis) -> float:
    """The share of the clip's length that is not soft (1.0 where the analysis has no sharpness)."""
    soft = soft_hops(video)
    return 1.0 - sum(soft) / len(soft) if soft else 1.0
