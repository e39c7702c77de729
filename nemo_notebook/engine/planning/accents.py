"""Accents on a music video's cuts: a short transition where a section begins, punch-ins on the loudest sections'
kicks; a hard cut everywhere else. Calm music (``AudioAnalysis.drive`` under ``character.CALM_BELOW``: ambient,
ballad, orchestral) dissolves at every cut instead, for ``calm_dissolve_ms``, and never flashes, whips or punches in;
music that flows (drive under ``character.DRIVING_FROM``) never flashes. Calm music's dissolves all last the same
whole number of beats (``calm_dissolve_ms``), centred on their cuts (which lie on beats): held-out 03's joins took
0.5 s where their colours would go muddy and 1 s elsewhere, and "feel almost like cuts" beside the others to a blind
reviewer.

Where a new section of the song begins (a cut that ``cutting.section_cuts_ms`` put on its first downbeat), the
incoming shot gets ``m.transition_in``: a "flash" (from white), a "whip" (a fast blurred pan across the cut) or a
"dissolve" (the outgoing picture runs on under the incoming one), and ``m.transition_ms``, never more than one beat
nor half of either shot. Into a louder section it is a flash or a whip, into a calmer one a dissolve or a whip, and
never the kind the section change before had. In the loudest sections (a chorus, a drop) every picture or clip shot
gets ``m.punch_ms``: the offsets from its start of the beats where a kick hits (a kick drum the analysis found within
``KICK_TOLERANCE_MS`` of the beat), and the renderer pushes in briefly on each. The beat a shot starts on gets a punch
only in a shot of one beat: otherwise the cut is its accent.

Where the loudest sections have (almost) no kicks the analysis could find, nothing punches in: a reviewer shown an
orchestral piece under five photos saw the picture jolt on every beat when the beats with an onset stood in for the
kicks ("camera shake, not emphasis"). Music with a kick the detector misses loses its punch-ins; the cuts still land
on its beats. A picture's shot elsewhere in driving music pushes in gently on its loud section's grid of beats
(``beat_pulses``).
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable, Sequence

from ...protocol import Segment
from ..analysis.character import CALM_BELOW, DRIVING_FROM
from ..analysis.types import AudioAnalysis
from .beat_pulses import PULSE_KEY, beat_pulses
from .cutting import (
    PACE_BY_ENERGY,
    SAME_LEVEL,
    beat_grid_ms,
    beat_length_ms,
    drive_of,
    loudness_level,
    section_cuts_ms,
    section_levels,
)
from .driven_moves import driven_moves
from .moves_apart import moves_apart
from .quiet_breaks import quiet_breaks_ms

TRANSITIONS = ("flash", "whip", "dissolve")
INTO_LOUDER = ("flash", "whip")
INTO_CALMER = ("dissolve", "whip")
# how long each transition lasts at most (ms); one beat caps them all
TRANSITION_MS = {"flash": 300, "whip": 300, "dissolve": 600}
CALM_DISSOLVE_MS = 1000  # calm music's dissolve at every cut lasts this long at least (at most half of either shot)
CALM_DISSOLVE_AIM_MS = 1500  # ... the whole number of beats nearest this long
CALM_DISSOLVE_LONGEST_MS = 2000  # ... and this long at most
MAX_DISSOLVES = 16  # a render's dissolves at most (each holds ~30 MB at 1080p while it renders)
ACCENT_KEYS = ("transition_in", "transition_ms", "punch_ms", PULSE_KEY)
LOUD_LEVEL = (
    0.6  # a section this loud (``cutting.section_level``) or louder may punch in, within SAME_LEVEL of the loudest
)
KICK_TOLERANCE_MS = 50  # a kick this close to a beat makes it a kick beat
# loud sections with kicks on fewer of their beats than this (one every two bars of four) have no kick drum
MIN_KICK_SHARE = 1 / 8
PUNCH_ROOM_MS = 150  # a punch this close to the shot's end would be cut off: none


def accent_shots(
    shots: Sequence[Segment], analysis: AudioAnalysis, duration_ms: int, rng: random.Random
) -> list[Segment]:
    """``shots`` (the visuals lane, in order) with transitions at the section changes and punch-ins in the loudest
    sections, or (calm music) a dissolve at every cut; any accents they had before are dropped (the lane may have
    been cut again)."""
    beats = beat_grid_ms(analysis, duration_ms)
    beat_ms = beat_length_ms(beats)
    if drive_of(analysis) < CALM_BELOW:
        return dissolve_every_cut(shots, calm_dissolve_ms(beat_ms))
    flows = drive_of(analysis) < DRIVING_FROM
    shots = moves_apart(shots)  # no two pictures cut one into the other with the same move
    starts = [0, *section_cuts_ms(analysis, beats)]
    levels = section_levels(analysis, starts, duration_ms)
    ranked = sorted(analysis.energy)  # for a song of one section, the loudness at each shot
    kicks = _punch_beats(analysis, beats, [b for b in beats if _loud(analysis, ranked, starts, levels, b)])
    breaks = quiet_breaks_ms(analysis, duration_ms)  # held still: no punch-ins (``quiet_breaks``)
    kicks = [k for k in kicks if not any(start <= k < end for start, end in breaks)]
    out: list[Segment] = []
    previous_kind = ""
    for i, shot in enumerate(shots):
        meta = {k: v for k, v in shot.meta.items() if k not in ACCENT_KEYS}
        lead_ms = 0
        if i and shot.start_ms in starts[1:]:
            section = starts.index(shot.start_ms)
            kinds = INTO_LOUDER if levels[section] > levels[section - 1] and not flows else INTO_CALMER
            kind = rng.choice([k for k in kinds if k != previous_kind])
            lead_ms = int(min(TRANSITION_MS[kind], beat_ms, shot.duration_ms / 2, shots[i - 1].duration_ms / 2))
            meta.update(transition_in=kind, transition_ms=lead_ms)
            previous_kind = kind
        held = any(start <= shot.start_ms < end for start, end in breaks)  # a break's shot, to its end
        if shot.src is not None and not held and _loud(analysis, ranked, starts, levels, shot.start_ms):
            punches = _punches(shot, kicks, lead_ms, beat_ms)
            if punches:
                meta["punch_ms"] = punches
        out.append(Segment(shot.start_ms, shot.duration_ms, shot.src, shot.in_ms, meta))
    pulsed = beat_pulses(out, analysis, duration_ms)  # long shots of pictures push in on the loud downbeats
    return driven_moves(pulsed, analysis, duration_ms)  # and their pans and zooms move faster there


def calm_dissolve_ms(beat_ms: float) -> int:
    """How long each of calm music's dissolves lasts (ms) at a beat of ``beat_ms``: the whole number of beats nearest
    ``CALM_DISSOLVE_AIM_MS`` (the shorter of two as near) from ``CALM_DISSOLVE_MS`` to ``CALM_DISSOLVE_LONGEST_MS``
    (there is one for any beat up to that long); ``CALM_DISSOLVE_LONGEST_MS`` for a longer beat.

    >>> calm_dissolve_ms(857.0), calm_dissolve_ms(500.0), calm_dissolve_ms(1250.0), calm_dissolve_ms(2500.0)
    (1714, 1500, 1250, 2000)
    """
    beat = max(float(beat_ms), 1.0)
    fits = [n * beat for n in range(1, int(CALM_DISSOLVE_LONGEST_MS // beat) + 1) if n * beat >= CALM_DISSOLVE_MS]
    best = min(fits, key=lambda ms: abs(ms - CALM_DISSOLVE_AIM_MS), default=float(CALM_DISSOLVE_LONGEST_MS))
    return round(best)


def dissolve_every_cut(shots: Sequence[Segment], longest_ms: int = 1000) -> list[Segment]:
    """``shots`` with a dissolve of ``longest_ms`` (at most half of either shot) into each after the first, and no
    other accent; past ``MAX_DISSOLVES`` cuts, only every n-th cut dissolves (evenly spread) and the others are hard.

    Each dissolve is an ``xfade`` whose frames stay in its buffer pool for the rest of the render (about 30 MB at
    1080p: ``render.accents``), so a 10-minute talk cut every 6 s would hold 3 GB for them alone.
    """
    step = -(-(len(shots) - 1) // MAX_DISSOLVES) if len(shots) > MAX_DISSOLVES + 1 else 1
    out: list[Segment] = []
    for i, shot in enumerate(shots):
        meta = {k: v for k, v in shot.meta.items() if k not in ACCENT_KEYS}
        if i and (i - 1) % step == 0:
            lead_ms = int(min(longest_ms, shot.duration_ms / 2, shots[i - 1].duration_ms / 2))
            meta.update(transition_in="dissolve", transition_ms=lead_ms)
        out.append(Segment(shot.start_ms, shot.duration_ms, shot.src, shot.in_ms, meta))
    return out


def _punches(shot: Segment, kicks: Sequence[int], lead_ms: int, beat_ms: float) -> list[int]:
    """Offsets in ``shot`` of the kicks after its first beat and clear of its transition and its end; in a shot of
    one beat, the first beat's, unless a transition is there."""
    inside = [b - shot.start_ms for b in kicks if shot.start_ms < b <= shot.end_ms - PUNCH_ROOM_MS]
    after = [ms for ms in inside if ms >= lead_ms]
    if after or lead_ms or shot.duration_ms > 1.5 * beat_ms:
        return after
    return [0] if shot.start_ms in kicks or shot.start_ms == 0 else []


def loud_test(analysis: AudioAnalysis, duration_ms: int) -> Callable[[int], bool]:
    """Whether the music is at its loudest at a time (ms): the test that gives the loudest sections their
    punch-ins (``_loud``), for the reframes (``planning.reframes``) to cut in the same places."""
    beats = beat_grid_ms(analysis, duration_ms)
    starts = [0, *section_cuts_ms(analysis, beats)]
    levels = section_levels(analysis, starts, duration_ms)
    ranked = sorted(analysis.energy)
    return lambda at_ms: _loud(analysis, ranked, starts, levels, at_ms)


def _loud(
    analysis: AudioAnalysis, ranked: Sequence[float], starts: Sequence[int], levels: Sequence[float], at_ms: int
) -> bool:
    """Whether the music is at its loudest at ``at_ms``: in one of the loudest sections, or (a song of one section)
    where it is loud enough for the fastest cutting."""
    if len(starts) == 1:
        return loudness_level(analysis, ranked, at_ms) >= PACE_BY_ENERGY[0][0]
    level = levels[bisect.bisect_right(starts, at_ms) - 1]
    return level >= LOUD_LEVEL and level >= max(levels) - SAME_LEVEL


def _punch_beats(analysis: AudioAnalysis, beats: Sequence[int], loud_beats: Sequence[int]) -> list[int]:
    """The beats to punch in on: those with a kick on them; when the loudest sections (``loud_beats``) have kicks on
    fewer than ``MIN_KICK_SHARE`` of their beats, those with an onset (all of them when there are no onsets)."""
    kick_beats = _beats_near(beats, analysis.kicks_ms, KICK_TOLERANCE_MS)
    loud_kicks = set(kick_beats).intersection(loud_beats)
    if loud_beats and len(loud_kicks) >= MIN_KICK_SHARE * len(loud_beats):
        return kick_beats
    return []  # no kick drum: no punch-ins (on an orchestral piece they jolted the picture on every beat)


def _beats_near(beats: Sequence[int], times_ms: Sequence[int], tolerance_ms: int) -> list[int]:
    """The beats with one of ``times_ms`` within ``tolerance_ms``."""
    times = sorted(times_ms)
    out = []
    for beat in beats:
        i = bisect.bisect_left(times, beat - tolerance_ms)
        if i < len(times) and times[i] <= beat + tolerance_ms:
            out.append(beat)
    return out
