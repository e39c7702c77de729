"""Accents on a music video's cuts: a short transition where a section begins, punch-ins on the loudest sections'
kicks; a hard cut everywhere else.

Where a new section of the song begins (a cut that ``cutting.section_cuts_ms`` put on its first downbeat), the
incoming shot gets ``m.transition_in``: a "flash" (from white), a "whip" (a fast blurred pan across the cut) or a
"dissolve" (the outgoing picture runs on under the incoming one), and ``m.transition_ms``, never more than one beat
nor half of either shot. Into a louder section it is a flash or a whip, into a calmer one a dissolve or a whip, and
never the kind the section change before had. In the loudest sections (a chorus, a drop) every picture or clip shot
gets ``m.punch_ms``: the offsets from its start of the beats where a kick hits (a beat with an onset on it; every beat
when the analysis found no onsets), and the renderer pushes in briefly on each. The beat a shot starts on gets a punch
only in a shot of one beat: otherwise the cut is its accent.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence

from ...protocol import Segment
from ..analysis.types import AudioAnalysis
from .cutting import (
    PACE_BY_ENERGY,
    SAME_LEVEL,
    beat_grid_ms,
    beat_length_ms,
    loudness_level,
    section_cuts_ms,
    section_levels,
)

TRANSITIONS = ("flash", "whip", "dissolve")
INTO_LOUDER = ("flash", "whip")
INTO_CALMER = ("dissolve", "whip")
# how long each transition lasts at most (ms); one beat caps them all
TRANSITION_MS = {"flash": 300, "whip": 300, "dissolve": 600}
ACCENT_KEYS = ("transition_in", "transition_ms", "punch_ms")
LOUD_LEVEL = (
    0.6  # a section this loud (``cutting.section_level``) or louder may punch in, within SAME_LEVEL of the loudest
)
ONSET_TOLERANCE_MS = 70  # an onset this close to a beat makes it a kick
PUNCH_ROOM_MS = 150  # a punch this close to the shot's end would be cut off: none


def accent_shots(
    shots: Sequence[Segment], analysis: AudioAnalysis, duration_ms: int, rng: random.Random
) -> list[Segment]:
    """``shots`` (the visuals lane, in order) with transitions at the section changes and punch-ins in the loudest
    sections; any accents they had before are dropped (the lane may have been cut again)."""
    beats = beat_grid_ms(analysis, duration_ms)
    beat_ms = beat_length_ms(beats)
    starts = [0, *section_cuts_ms(analysis, beats)]
    levels = section_levels(analysis, starts, duration_ms)
    ranked = sorted(analysis.energy)  # for a song of one section, the loudness at each shot
    kicks = _kicks(analysis, beats)
    out: list[Segment] = []
    previous_kind = ""
    for i, shot in enumerate(shots):
        meta = {k: v for k, v in shot.meta.items() if k not in ACCENT_KEYS}
        lead_ms = 0
        if i and shot.start_ms in starts[1:]:
            section = starts.index(shot.start_ms)
            kinds = INTO_LOUDER if levels[section] > levels[section - 1] else INTO_CALMER
            kind = rng.choice([k for k in kinds if k != previous_kind])
            lead_ms = int(min(TRANSITION_MS[kind], beat_ms, shot.duration_ms / 2, shots[i - 1].duration_ms / 2))
            meta.update(transition_in=kind, transition_ms=lead_ms)
            previous_kind = kind
        if shot.src is not None and _loud(analysis, ranked, starts, levels, shot.start_ms):
            punches = _punches(shot, kicks, lead_ms)
            if punches:
                meta["punch_ms"] = punches
        out.append(Segment(shot.start_ms, shot.duration_ms, shot.src, shot.in_ms, meta))
    return out


def _punches(shot: Segment, kicks: Sequence[int], lead_ms: int) -> list[int]:
    """Offsets in ``shot`` of the kicks after its first beat and clear of its transition and its end; in a shot of
    one beat (nothing after its first), the first beat's, unless a transition is there."""
    inside = [b - shot.start_ms for b in kicks if shot.start_ms < b <= shot.end_ms - PUNCH_ROOM_MS]
    after = [ms for ms in inside if ms >= lead_ms]
    if after or lead_ms:
        return after
    return [0] if shot.start_ms in kicks or shot.start_ms == 0 else []


def _loud(
    analysis: AudioAnalysis, ranked: Sequence[float], starts: Sequence[int], levels: Sequence[float], at_ms: int
) -> bool:
    """Whether the music is at its loudest at ``at_ms``: in one of the loudest sections, or (a song of one section)
    where it is loud enough for the fastest cutting."""
    if len(starts) == 1:
        return loudness_level(analysis, ranked, at_ms) >= PACE_BY_ENERGY[0][0]
    level = levels[bisect.bisect_right(starts, at_ms) - 1]
    return level >= LOUD_LEVEL and level >= max(levels) - SAME_LEVEL


def _kicks(analysis: AudioAnalysis, beats: Sequence[int]) -> list[int]:
    """The beats with an onset on them (all of them when the analysis found no onsets)."""
    onsets = sorted(analysis.onsets_ms)
    if not onsets:
        return list(beats)
    out = []
    for beat in beats:
        i = bisect.bisect_left(onsets, beat - ONSET_TOLERANCE_MS)
        if i < len(onsets) and onsets[i] <= beat + ONSET_TOLERANCE_MS:
            out.append(beat)
    return out
