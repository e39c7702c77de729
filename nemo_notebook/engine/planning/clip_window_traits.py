"""What a window of a clip is like, read off its analysis: its motion, whether it is dim, soft or unfit to show, its
look, the cuts of the clip inside it; and where windows may start inside the clip's own shots, on its frames.

A window is a clip's stretch from ``start`` (ms) ``length_ms`` long; every measure here is a pure function of the
clip's ``VideoAnalysis`` (and for ``soft``, its ``quality.soft_hops``).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ...protocol import MediaInfo
from ..analysis.types import VideoAnalysis

STEP_MS = 100  # windows start on this grid (then on the clip's own frames)
UNFIT = 0.1  # share of a hop's frames unfit to show (``VideoAnalysis.unfit``) that rules a window out
DIM = 0.2  # brightness (0..1) below which a window counts as dim, unless the whole clip is that dark


def clip_length(info: MediaInfo, analysis: VideoAnalysis) -> int:
    """The clip's length (ms): the analysis's, else the file's."""
    return analysis.duration_ms or info.duration_ms or 0


def frame_length_ms(analysis: VideoAnalysis) -> int:
    """One frame of the clip (ms), rounded up; 34 ms when the rate is unknown."""
    return int(-(-1000 // max(round(analysis.fps), 1))) + 1 if analysis.fps else 34


def on_frames(t_ms: int, analysis: VideoAnalysis) -> int:
    """``t_ms`` on the clip's own frame grid (so that a shot starts on a whole frame of the source)."""
    if not analysis.fps:
        return t_ms
    return round(round(t_ms * analysis.fps / 1000.0) * 1000.0 / analysis.fps)


def starts_within_shots(info: MediaInfo, analysis: VideoAnalysis, length_ms: int) -> list[int]:
    """The in-points of windows of ``length_ms`` inside one of the clip's own shots, a frame clear of its cuts."""
    duration = clip_length(info, analysis)
    margin = frame_length_ms(analysis)
    edges = [0, *analysis.cut_points_ms, duration]
    starts: list[int] = []
    for shot_start, shot_end in itertools.pairwise(edges):
        first = shot_start + (margin if shot_start > 0 else 0)
        last = shot_end - length_ms - (margin if shot_end < duration else 0)
        starts.extend(on_frames(s, analysis) for s in range(first, last + 1, STEP_MS))
    return [s for s in starts if 0 <= s <= duration - length_ms]


def worst_cut_inside(analysis: VideoAnalysis, start: int, length_ms: int) -> float:
    """The strength of the clip's strongest cut inside the window (0 where none)."""
    inside = [
        st
        for t, st in zip(analysis.cut_points_ms, analysis.cut_strengths, strict=False)
        if start < t < start + length_ms
    ]
    return max(inside, default=0.0)


def motion(analysis: VideoAnalysis, start: int, length_ms: int) -> float:
    """The window's mean motion."""
    hop = max(analysis.hop_ms, 1)
    window = analysis.motion[start // hop : max((start + length_ms) // hop, start // hop + 1)]
    return sum(window) / len(window) if window else 0.0


def unfit(analysis: VideoAnalysis, start: int, length_ms: int) -> bool:
    """Whether a hop of the window has more than ``UNFIT`` of its frames unfit to show."""
    hop = max(analysis.hop_ms, 1)
    window = analysis.unfit[start // hop : max(-(-(start + length_ms) // hop), start // hop + 1)]
    return any(v > UNFIT for v in window)


def dim(analysis: VideoAnalysis, start: int, length_ms: int) -> bool:
    """Whether the window dips under ``DIM`` (or half the clip's typical brightness, where the clip is darker)."""
    if not analysis.brightness:
        return False
    hop = max(analysis.hop_ms, 1)
    window = analysis.brightness[start // hop : max((start + length_ms) // hop, start // hop + 1)]
    typical = sorted(analysis.brightness)[len(analysis.brightness) // 2]
    return bool(window) and min(window) < min(DIM, typical / 2)


def soft(hops: Sequence[bool], hop_ms: int, start: int, length_ms: int) -> bool:
    """Whether the window is out of focus or smeared next to the clip's sharp moments (``hops``:
    ``quality.soft_hops``; more than a sixth of its hops soft)."""
    hop = max(hop_ms, 1)
    window = hops[start // hop : max(-(-(start + length_ms) // hop), start // hop + 1)]
    return bool(window) and 6 * sum(window) > len(window)


def look_at(analysis: VideoAnalysis, start: int, length_ms: int) -> int | None:
    """The look (``VideoAnalysis.looks``) in the middle of a window; None where the analysis has no looks."""
    looks = analysis.looks
    if not looks:
        return None
    return looks[min((start + length_ms // 2) // max(analysis.hop_ms, 1), len(looks) - 1)]
