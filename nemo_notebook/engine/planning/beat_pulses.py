"""A long shot of a picture in driving music pushes in on the beat: the rhythm in the picture, not only in the cuts.

With few pictures the material sets long shots (``material``: 2 bars and more in a 156 BPM song), and inside one a
photo's slow pan or zoom went on at one speed: held-out 01 of stop 56 "reads as slideshow-paced rather than
beat-cut ... a constant-speed pan with no beat pulse I could see" (a blind reviewer). Here, in music that drives
(``AudioAnalysis.drive`` from ``character.DRIVING_FROM``), a picture's shot of more than ``LONG_BARS`` bars gets
``m.pulse_ms``: the offsets from its start of every ``PULSE_EVERY``-th beat counted from the bar's downbeat (beats
1 and 3 of a bar of four), after its first beat (the cut is its accent) and clear of its end, and the renderer
pushes in a little on each and eases back (``render.accents``: a gentler punch-in, ``PULSE_ZOOM``), the move
underneath going on. Not in a calm section (under ``cutting.CALM_LEVEL``), nor in a quiet break (held still:
``quiet_breaks``), nor in a shot that punches in on the kicks already; calm and flowing music keep their smooth
moves; clips keep their own motion; a cover video (one picture) has its own pulse (``render.cover_motion``).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace

from ...protocol import Segment
from ..analysis.character import DRIVING_FROM
from ..analysis.types import AudioAnalysis
from .cutting import CALM_LEVEL, beat_grid_ms, beat_length_ms, drive_of, section_cuts_ms, section_levels
from .quiet_breaks import quiet_breaks_ms

LONG_BARS = 1.5  # a picture's shot longer than this many bars pulses with the beat
PULSE_EVERY = 2  # every second beat from the downbeat: 1 and 3 of a bar of four (every beat at 156 BPM jitters)
PULSE_ROOM_MS = 250  # a pulse this close to the shot's end would be cut off by the cut: none
PULSE_KEY = "pulse_ms"


def beat_pulses(shots: Sequence[Segment], analysis: AudioAnalysis, duration_ms: int) -> list[Segment]:
    """``shots`` (the visuals lane, in order, accents planned) with ``m.pulse_ms`` on the long shots of pictures in
    driving music's sections that are not calm, as the module says; any pulses they had before are dropped."""
    plain = [_without(shot) for shot in shots]
    if drive_of(analysis) < DRIVING_FROM or len({shot.src for shot in shots if shot.src}) < 2:
        return plain  # one picture is a cover video: its cover pulses on the beat itself (``render.cover_motion``)
    beats = beat_grid_ms(analysis, duration_ms)
    beat_ms = beat_length_ms(beats)
    bar_ms = beat_ms * max(analysis.beats_per_bar, 1)
    starts = [0, *section_cuts_ms(analysis, beats)]
    levels = section_levels(analysis, starts, duration_ms)
    breaks = quiet_breaks_ms(analysis, duration_ms)
    marks = _pulse_beats(analysis, beats, beat_ms)
    out = []
    for shot in plain:
        if not _pulses_here(shot, bar_ms) or any(a <= shot.start_ms < b for a, b in breaks):
            out.append(shot)
            continue
        inside = [
            t - shot.start_ms
            for t in marks
            if shot.start_ms + beat_ms / 2 < t <= shot.end_ms - PULSE_ROOM_MS
            and levels[bisect.bisect_right(starts, t) - 1] >= CALM_LEVEL
            and not any(a <= t < b for a, b in breaks)
        ]
        out.append(shot.with_meta(**{PULSE_KEY: inside}) if inside else shot)
    return out


def _pulses_here(shot: Segment, bar_ms: float) -> bool:
    """Whether ``shot`` is a picture's (a move, no in-point) long enough to pulse, and not punching in already."""
    picture = shot.src is not None and shot.in_ms is None and "motion" in shot.meta
    return picture and not shot.meta.get("punch_ms") and shot.duration_ms > LONG_BARS * bar_ms


def _pulse_beats(analysis: AudioAnalysis, beats: Sequence[int], beat_ms: float) -> list[int]:
    """Every ``PULSE_EVERY``-th beat counted (in beats of ``beat_ms``) from the nearest downbeat at or before it
    (from the first beat where the analysis found no downbeats)."""
    downbeats = sorted(analysis.downbeats_ms) or list(beats[:1])
    out = []
    for beat in beats:
        k = max(bisect.bisect_right(downbeats, beat + 1) - 1, 0)
        if round((beat - downbeats[k]) / max(beat_ms, 1.0)) % PULSE_EVERY == 0:
            out.append(beat)
    return out


def _without(shot: Segment) -> Segment:
    if PULSE_KEY not in shot.meta:
        return shot
    return replace(shot, meta={k: v for k, v in shot.meta.items() if k != PULSE_KEY})
