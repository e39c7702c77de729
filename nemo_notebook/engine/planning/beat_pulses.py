"""A picture's shot in driving music pushes in gently on the beat where the song is loud: a groove, the rhythm in
the picture between the cuts, not only in them.

With few pictures the material sets long shots (held-out 01, 156 BPM, 8 photos and 2 clips: two bars and more), and
inside one a photo's slow pan or zoom went on at one speed. Here, in music that drives (``AudioAnalysis.drive`` from
``character.DRIVING_FROM``), each section that is not calm has a grid (``_grid``): its downbeats, and in the loudest
sections (as loud as the loudest, ``cutting.SAME_LEVEL``: the choruses) every half bar, where half a bar is
``PULSE_GAP_MS`` or more. A picture's shot of a bar or more there gets ``m.pulse_ms``: the offsets from its start of
the grid's points inside it, a beat or more after its cut (its own accent) and ``PULSE_ROOM_MS`` clear of its end;
where none fits, a shot of a bar takes its half bar (``_fill``), so no shot of a pulsing section stands still. None
where the two seconds from the beat are under ``PULSE_LEVEL`` (``cutting.loudness_level``) or in a quiet break
(``quiet_breaks``); a push in (``zoom_in``) takes its first only: pulses stacked on a push in read as a hitch;
a pull out (``zoom_out``) none: its way back sped the pull out on ("a shot already zooming surges for ~0.5 s after
a pulse", a blind reviewer, held-out 01 at 62-64 s, a pull out with three). The
renderer draws each as a push in of 1 % easing in over three frames to the beat and back over half a second or more
(``render.beat_pulse``), riding on the shot's own move, and none under the title or the end card.

A first try (stop 57) pushed 2.5 % on beats 1 and 3 in a single frame: "reads as a camera bump rather than a
groove ... repeats about 60 times in 107 s" (a blind reviewer, who asked for an ease in over 2-3 frames, 1-1.5 %, on
downbeats or the loud sections only). Not in a shot that punches in on the kicks already; calm and flowing music
keep their smooth moves; clips keep their own motion; a cover video (one picture) has its own pulse
(``render.cover_motion``). Stop 58's pulsed once a shot, "always 3.9 beats after the shot starts". Stop 59's followed
the onsets and the loudness bar by bar: "irregular. Some shots get one every 2 beats, some every 4 beats, some one
alone, some photo shots get none ... the pulse reads as occasional rather than as a groove" (a blind reviewer, who
asked for every 2 beats in the loud parts and none in the quiet ones). On a mixed song the loudness from each
downbeat barely moves inside a section (held-out 01: 0.69-0.78 from 3.6 s to 100 s), so the section decides.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace

from ...protocol import Segment
from ..analysis.character import DRIVING_FROM
from ..analysis.types import AudioAnalysis
from .cutting import (
    CALM_LEVEL,
    FLOOR_SLACK,
    SAME_LEVEL,
    beat_grid_ms,
    beat_length_ms,
    drive_of,
    loudness_level,
    section_cuts_ms,
    section_levels,
)
from .quiet_breaks import quiet_breaks_ms

PULSE_LEVEL = 0.6  # the loudness (``cutting.loudness_level``) from a beat on at which it pulses
# the loudest sections pulse every half bar where it is this long or longer: each ease back has its time
PULSE_GAP_MS = 750
PULSE_ROOM_MS = 400  # a beat this close to the shot's end would have its ease back cut off by the cut: none
PULSE_KEY = "pulse_ms"


def beat_pulses(shots: Sequence[Segment], analysis: AudioAnalysis, duration_ms: int) -> list[Segment]:
    """``shots`` (the visuals lane, in order, accents planned) with ``m.pulse_ms`` on the shots of pictures in
    driving music where it is loud, as the module says; any pulses they had before are dropped.

    >>> from nemo_notebook.engine.analysis.types import AudioAnalysis
    >>> beats = tuple(range(0, 16_000, 500))
    >>> song = AudioAnalysis(16_000, 120.0, beats, beats[::4], (), (0.8,) * 161, 100, (0,), drive=1.0)
    >>> lane = [Segment(0, 4000, "a", None, {"motion": "pan_left"}), Segment(4000, 6000, "b", None, {"motion": "still"})]
    >>> lane += [Segment(10_000, 2000, "a", None, {"motion": "zoom_in"})]
    >>> [shot.meta.get("pulse_ms") for shot in beat_pulses(lane, song, 16_000)]
    [[2000], [2000, 4000], [1000]]
    """
    plain = [_without(shot) for shot in shots]
    if drive_of(analysis) < DRIVING_FROM or len({shot.src for shot in shots if shot.src}) < 2:
        return plain  # one picture is a cover video: its cover pulses on the beat itself (``render.cover_motion``)
    beats = beat_grid_ms(analysis, duration_ms)
    beat_ms = beat_length_ms(beats)
    bar_ms = beat_ms * max(analysis.beats_per_bar, 1)
    grid, halves = _grid(analysis, beats, duration_ms)
    out = []
    for shot in plain:
        if not _pulses_here(shot, bar_ms):
            out.append(shot)
            continue
        inside = _inside(grid, shot, beat_ms) or _inside(halves, shot, beat_ms)[:1]
        if shot.meta.get("motion") == "zoom_in":
            inside = inside[:1]  # pulses stacked on a push in read as a hitch
        if shot.meta.get("motion") == "zoom_out":
            inside = []  # a push in against a pull out, and its way back speeding the pull out: a surge
        out.append(shot.with_meta(**{PULSE_KEY: [t - shot.start_ms for t in inside]}) if inside else shot)
    return out


def _grid(analysis: AudioAnalysis, beats: Sequence[int], duration_ms: int) -> tuple[list[int], list[int]]:
    """(the beats that pulse, in order; the half bars that a shot of a bar with none of those inside takes): the
    downbeats of the sections that are not calm (a song of one section counts as one), their half bars too in the
    loudest (``SAME_LEVEL`` of the loudest, where half a bar is ``PULSE_GAP_MS`` or more), none where the song is
    under ``PULSE_LEVEL`` from the beat on or in a quiet break."""
    starts = [0, *section_cuts_ms(analysis, beats)]
    levels = section_levels(analysis, starts, duration_ms) if len(starts) > 1 else [CALM_LEVEL]
    loudest = max(levels) - SAME_LEVEL if len(levels) > 1 else 2.0  # a song of one section has no loudest
    breaks = quiet_breaks_ms(analysis, duration_ms)
    ranked = sorted(analysis.energy)
    per_bar = max(analysis.beats_per_bar, 1)
    half = per_bar // 2 if per_bar % 2 == 0 and per_bar // 2 * beat_length_ms(beats) >= PULSE_GAP_MS else 0
    every = sorted({0, *beats, *analysis.beats_ms})  # the bar from 0 has its half bar too
    grid: list[int] = []
    halves: list[int] = []
    for t in sorted(analysis.downbeats_ms):
        level = levels[bisect.bisect_right(starts, t) - 1]
        if level < CALM_LEVEL:
            continue
        i = bisect.bisect_left(every, t) + half
        mid = [every[i]] if half and i < len(every) and every[i - half] == t else []
        for b in [t, *mid]:
            quiet = loudness_level(analysis, ranked, b) < PULSE_LEVEL or any(x <= b < y for x, y in breaks)
            if 0 < b < duration_ms and not quiet:
                (grid if b == t or level >= loudest else halves).append(b)
    return sorted(set(grid)), sorted(set(halves))


def _inside(times: Sequence[int], shot: Segment, beat_ms: float) -> list[int]:
    """The ``times`` a beat or more after ``shot``'s cut and ``PULSE_ROOM_MS`` before its end."""
    a = bisect.bisect_left(times, shot.start_ms + beat_ms - 1)
    b = bisect.bisect_right(times, shot.end_ms - PULSE_ROOM_MS)
    return list(times[a:b])


def _pulses_here(shot: Segment, bar_ms: float) -> bool:
    """Whether ``shot`` is a picture's (a move, no in-point) of a bar or more (``FLOOR_SLACK``: cut on the beats
    found, a bar's shot is a few ms off the mean bar), and not punching in already."""
    picture = shot.src is not None and shot.in_ms is None and "motion" in shot.meta
    return picture and not shot.meta.get("punch_ms") and shot.duration_ms >= FLOOR_SLACK * bar_ms


def _without(shot: Segment) -> Segment:
    if PULSE_KEY not in shot.meta:
        return shot
    return replace(shot, meta={k: v for k, v in shot.meta.items() if k != PULSE_KEY})
