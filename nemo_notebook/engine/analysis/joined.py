"""Clips played back to back, read as one video: what a score under all of them should follow.

A score composed for three joined clips took its mood and its sections' energies from the first clip alone (its
motion curve ended there, so every later section got the same middling energy: one groove for the last 58 s of a
70.9 s score, and a reply whose "the mood reads ..." described the first clip only).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .types import VideoAnalysis

_CURVES = ("motion", "brightness", "saturation", "unfit", "sharpness")


def joined_analysis(analyses: Sequence[VideoAnalysis]) -> VideoAnalysis:
    """One analysis of ``analyses`` played in order: their curves end to end on the first clip's hop, each join a
    cut of strength 1, the mood and pace weighted by each clip's length; one clip is returned as it is.

    Examples
    --------
    >>> both = joined_analysis([calm, lively])  # doctest: +SKIP
    >>> both.duration_ms == calm.duration_ms + lively.duration_ms  # doctest: +SKIP
    True
    """
    if not analyses:
        raise ValueError("no clips to join: upload at least one video")
    if len(analyses) == 1:
        return analyses[0]
    first = analyses[0]
    total = sum(a.duration_ms for a in analyses)
    cuts, strengths, _ = joined_cuts(analyses)
    hop = first.hop_ms
    curves = {name: _joined_curve(analyses, name, hop, total) for name in _CURVES}
    return VideoAnalysis(
        duration_ms=total,
        width=first.width,
        height=first.height,
        fps=first.fps,
        rotation=first.rotation,
        cut_points_ms=tuple(cuts),
        cut_strengths=tuple(strengths),
        motion=curves["motion"],
        brightness=curves["brightness"],
        saturation=curves["saturation"],
        hop_ms=hop,
        cuts_per_minute=len(cuts) * 60_000.0 / total if total > 0 else 0.0,
        pace=_weighted(analyses, "pace"),
        valence=_weighted(analyses, "valence"),
        arousal=_weighted(analyses, "arousal"),
        has_audio=any(a.has_audio for a in analyses),
        speech_ratio=_weighted(analyses, "speech_ratio"),
        unfit=curves["unfit"],
        sharpness=curves["sharpness"],
    )


def joined_cuts(analyses: Sequence[VideoAnalysis]) -> tuple[list[int], list[float], int]:
    """The cuts of clips played back to back (each join a cut of strength 1), their strengths and the total length."""
    cuts: list[int] = []
    strengths: list[float] = []
    offset = 0
    for analysis in analyses:
        if offset:
            cuts.append(offset)
            strengths.append(1.0)
        cuts += [offset + c for c in analysis.cut_points_ms]
        given = list(analysis.cut_strengths)[: len(analysis.cut_points_ms)]
        strengths += given + [0.5] * (len(analysis.cut_points_ms) - len(given))
        offset += analysis.duration_ms
    return cuts, strengths, offset


def _joined_curve(analyses: Sequence[VideoAnalysis], name: str, hop_ms: int, total_ms: int) -> tuple[float, ...]:
    """The curve ``name`` of every clip end to end, sampled every ``hop_ms``; () where a clip has none."""
    parts: list[tuple[int, int, VideoAnalysis]] = []
    offset = 0
    for analysis in analyses:
        parts.append((offset, offset + analysis.duration_ms, analysis))
        offset += analysis.duration_ms
    if hop_ms <= 0 or any(not getattr(a, name) or a.hop_ms <= 0 for a in analyses):
        return ()
    values = []
    for i in range(math.ceil(total_ms / hop_ms)):
        t = i * hop_ms
        begin, _, clip = next((p for p in parts if p[0] <= t < p[1]), parts[-1])
        curve: tuple[float, ...] = getattr(clip, name)
        values.append(curve[min(max((t - begin) // clip.hop_ms, 0), len(curve) - 1)])
    return tuple(values)


def _weighted(analyses: Sequence[VideoAnalysis], name: str) -> float:
    total = sum(max(a.duration_ms, 0) for a in analyses)
    if total <= 0:
        return float(getattr(analyses[0], name))
    return sum(float(getattr(a, name)) * max(a.duration_ms, 0) for a in analyses) / total
