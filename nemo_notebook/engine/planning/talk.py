"""Pictures for talk: a podcast, an interview or a voice memo gets calm shots that change in its pauses.

A talk has no beat to cut on: the analysis still finds a tempo in its syllables, and cutting on it (with flashes
where its "sections" change and punch-ins on its "kicks") looked like a music video played to the wrong sound. Here
a shot lasts about ``TALK_SHOT_MS``, and each cut moves to the quietest moment (a pause between phrases) within
``PAUSE_SEARCH_MS`` of where it would fall; shots dissolve into each other.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ...protocol import Segment
from ..analysis.types import AudioAnalysis

TALK_SHARE = 0.5
"""A track at least this much talk (``AudioAnalysis.talk_share``) is planned as talk."""
TALK_SHOT_MS = 6000
PAUSE_SEARCH_MS = 1500
DISSOLVE_MS = 800


def is_talk(analysis: AudioAnalysis) -> bool:
    """True when most of the track sounds like talk rather than music."""
    return analysis.talk_share >= TALK_SHARE


def talk_cuts_ms(analysis: AudioAnalysis, duration_ms: int, *, slower: float = 1.0) -> list[int]:
    """Cut points (ms, inside the track) about every ``TALK_SHOT_MS`` × ``slower``, each moved to the quietest
    100 ms (``energy``) within ``PAUSE_SEARCH_MS`` of its place, never closer than half a shot to the last one."""
    shot_ms = round(TALK_SHOT_MS * max(slower, 1.0))
    cuts: list[int] = []
    target = shot_ms
    while target < duration_ms - shot_ms // 2:
        cut = _quietest_near(analysis, target, duration_ms)
        if cut - (cuts[-1] if cuts else 0) >= shot_ms // 2:
            cuts.append(cut)
        target = (cuts[-1] if cuts else target) + shot_ms
    return cuts


def dissolve_between(shots: Sequence[Segment]) -> list[Segment]:
    """``shots`` with a dissolve into every shot after the first (at most a third of either shot)."""
    out = list(shots[:1])
    for before, shot in itertools.pairwise(shots):
        length = min(DISSOLVE_MS, before.duration_ms // 3, shot.duration_ms // 3)
        out.append(shot.with_meta(transition_in="dissolve", transition_ms=length) if length > 0 else shot)
    return out


def _quietest_near(analysis: AudioAnalysis, at_ms: int, duration_ms: int) -> int:
    hop = max(analysis.energy_hop_ms, 1)
    first = max(hop, at_ms - PAUSE_SEARCH_MS)
    last = min(duration_ms - hop, at_ms + PAUSE_SEARCH_MS)
    candidates = range(first - first % hop, last + 1, hop)
    return min(candidates, key=lambda t: (analysis.energy_at(t), abs(t - at_ms)), default=at_ms)
