"""Pictures for talk or steady noise: a podcast, an interview, a voice memo, or rain and a hum get calm shots that
change in their pauses.

A talk has no beat to cut on: the analysis still finds a tempo in its syllables, and cutting on it (with flashes
where its "sections" change and punch-ins on its "kicks") looked like a music video played to the wrong sound. Here
a shot lasts about ``TALK_SHOT_MS``, and each cut moves to the quietest moment (a pause between phrases) within
``PAUSE_SEARCH_MS`` of where it would fall; shots dissolve into each other (``accents.dissolve_every_cut``).
"""

from __future__ import annotations

from ..analysis.types import AudioAnalysis

TALK_SHARE = 0.5
"""A track at least this much talk (``AudioAnalysis.talk_share``) is planned as talk."""
TALK_SHOT_MS = 6000
PAUSE_SEARCH_MS = 1500


def calm_reason(analysis: AudioAnalysis) -> str | None:
    """ "talk" when most of the track sounds like talk, "steady_noise" when it is steady noise, else None (music)."""
    if analysis.talk_share >= TALK_SHARE:
        return "talk"
    return "steady_noise" if analysis.steady_noise else None


def refuse_silence(analysis: AudioAnalysis, name: str) -> None:
    """Raise ``ValueError`` saying what to do when the track is silent."""
    if analysis.silent:
        raise ValueError(
            f'"{name}" is silent (nothing in it rises above -70 dBFS), so there is nothing to set pictures to: play'
            " it to check, export it again from your editor with its sound, and upload it again"
        )


SILENT_START_MS = 2000
"""A track silent this long at its start (``silent_start_ms``) opens its video on silence: the reply says so."""


def silent_start_ms(analysis: AudioAnalysis) -> int:
    """How long the track is silent at its start (ms): its leading ``energy`` hops 40 dB or more under its loud
    passages (0 there), counted where they last ``SILENT_START_MS`` at least, else 0 (and 0 for a silent track).
    """
    hops = next((k for k, level in enumerate(analysis.energy) if level > 0.0), len(analysis.energy))
    lasting = hops * analysis.energy_hop_ms
    return lasting if lasting >= SILENT_START_MS and hops < len(analysis.energy) else 0


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


def _quietest_near(analysis: AudioAnalysis, at_ms: int, duration_ms: int) -> int:
    hop = max(analysis.energy_hop_ms, 1)
    first = max(hop, at_ms - PAUSE_SEARCH_MS)
    last = min(duration_ms - hop, at_ms + PAUSE_SEARCH_MS)
    candidates = range(first - first % hop, last + 1, hop)
    return min(candidates, key=lambda t: (analysis.energy_at(t), abs(t - at_ms)), default=at_ms)
