"""A long shot of a picture in driving music pushes in gently on the bar lines where the song is loud: the rhythm in
the picture between the cuts, not only in them.

With few pictures the material sets long shots (held-out 01, 156 BPM, 8 photos and 2 clips: two bars and more), and
inside one a photo's slow pan or zoom went on at one speed. Here, in music that drives (``AudioAnalysis.drive`` from
``character.DRIVING_FROM``), a picture's shot gets ``m.pulse_ms``: the offsets from its start of the accents inside
it (a beat or more after its cut, which is its own accent, and ``PULSE_ROOM_MS`` clear of its end), never two closer
than ``PULSE_GAP_MS``. The accents are the downbeats where a sound starts (``HIT_MS``) and the song is loud: the two
seconds from there at ``PULSE_LEVEL`` or more (``cutting.loudness_level``), not in a calm section, not in a quiet
break (``quiet_breaks``), in shots of ``LONG_BARS`` bars or more; at the loudest of those bars (``LOUDEST_SHARE``) the
third beats too where struck, and in shots of a bar. The renderer draws each as a push in of about 1 % easing in over
three frames to the beat and back over half a second or more (``render.beat_pulse``), riding on the shot's own move,
and none under the title or the end card.

A first try (stop 57) pushed 2.5 % on beats 1 and 3 in a single frame: "reads as a camera bump rather than a
groove ... repeats about 60 times in 107 s" (a blind reviewer, who asked for an ease in over 2-3 frames, 1-1.5 %, on
downbeats or the loud sections only). Not in a shot that punches in on the kicks already; calm and flowing music
keep their smooth moves; clips keep their own motion; a cover video (one picture) has its own pulse
(``render.cover_motion``). Stop 58's pulsed on every loud downbeat of shots of 1.5 bars or more: "always 3.9 beats
after the shot starts ... once per shot whatever the music is doing ... the busiest part (56-66 s, cuts every
0.77-1.5 s) gets none. After about the fourth one you can predict it" (a blind reviewer). The energy's rise on the
beat (``AudioAnalysis.energy``, 100 ms hops) was tried as the accent's strength and is noise on a mixed song (held-out
01's downbeats: -0.13 to +0.05 round 0); the loudness from the beat is what follows the song.
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
    beat_grid_ms,
    beat_length_ms,
    drive_of,
    loudness_level,
    section_cuts_ms,
    section_levels,
)
from .quiet_breaks import quiet_breaks_ms

LONG_BARS = 1.5  # a picture's shot this many bars long or longer pulses on the downbeats inside it
LOUDEST_BARS = 1.0  # at the loudest bars a shot of a bar pulses too
PULSE_LEVEL = 0.6  # the loudness (``cutting.loudness_level``) from a downbeat on at which it pulses
LOUDEST_SHARE = 1 / 3  # the loudest bars, at most this share of those that pulse, pulse on their third beat too
HIT_MS = 50  # a beat is struck where a sound starts this close to it (``AudioAnalysis.onsets_ms``)
PULSE_GAP_MS = 750  # no two pulses closer: each one's ease back has its time
PULSE_ROOM_MS = 400  # a downbeat this close to the shot's end would have its ease back cut off by the cut: none
PULSE_KEY = "pulse_ms"


def beat_pulses(shots: Sequence[Segment], analysis: AudioAnalysis, duration_ms: int) -> list[Segment]:
    """``shots`` (the visuals lane, in order, accents planned) with ``m.pulse_ms`` on the shots of pictures in
    driving music where it is loud, as the module says; any pulses they had before are dropped.

    >>> from nemo_notebook.engine.analysis.types import AudioAnalysis
    >>> beats = tuple(range(0, 12_000, 500))
    >>> song = AudioAnalysis(12_000, 120.0, beats, beats[::4], (), (0.8,) * 121, 100, (0,), drive=1.0)
    >>> lane = [Segment(0, 4000, "a", None, {"motion": "pan_left"}), Segment(4000, 8000, "b", None, {"motion": "zoom_in"})]
    >>> [shot.meta.get("pulse_ms") for shot in beat_pulses(lane, song, 12_000)]
    [[2000], [2000, 4000, 6000]]
    """
    plain = [_without(shot) for shot in shots]
    if drive_of(analysis) < DRIVING_FROM or len({shot.src for shot in shots if shot.src}) < 2:
        return plain  # one picture is a cover video: its cover pulses on the beat itself (``render.cover_motion``)
    beats = beat_grid_ms(analysis, duration_ms)
    beat_ms = beat_length_ms(beats)
    bar_ms = beat_ms * max(analysis.beats_per_bar, 1)
    accents = _accents(analysis, beats, duration_ms)
    out, last = [], -PULSE_GAP_MS
    for shot in plain:
        if not _pulses_here(shot, bar_ms):
            out.append(shot)
            continue
        inside = []
        for t, loudest in accents:
            long_enough = shot.duration_ms >= (LOUDEST_BARS if loudest else LONG_BARS) * bar_ms
            if long_enough and shot.start_ms + beat_ms <= t <= shot.end_ms - PULSE_ROOM_MS and t - last >= PULSE_GAP_MS:
                inside.append(t - shot.start_ms)
                last = t
        out.append(shot.with_meta(**{PULSE_KEY: inside}) if inside else shot)
    return out


def _accents(analysis: AudioAnalysis, beats: Sequence[int], duration_ms: int) -> list[tuple[int, bool]]:
    """The beats that pulse, in order, each with whether it lies in one of the loudest bars: the downbeats struck
    (``HIT_MS``) where the song is loud (``PULSE_LEVEL`` or more from there, in a section that is not calm: a song of
    one section has none, outside the quiet breaks); at the loudest of them (``LOUDEST_SHARE``: louder than the rest
    from there), the third beats of their bars too where struck."""
    starts = [0, *section_cuts_ms(analysis, beats)]
    levels = section_levels(analysis, starts, duration_ms) if len(starts) > 1 else [1.0]
    breaks = quiet_breaks_ms(analysis, duration_ms)
    ranked = sorted(analysis.energy)
    loud = [
        (t, loudness_level(analysis, ranked, t))
        for t in sorted(analysis.downbeats_ms)
        if 0 < t < duration_ms
        and levels[bisect.bisect_right(starts, t) - 1] >= CALM_LEVEL
        and not any(a <= t < b for a, b in breaks)
        and _struck(analysis, t)
    ]
    loud = [(t, level) for t, level in loud if level >= PULSE_LEVEL]
    order = sorted((level for _, level in loud), reverse=True)
    top = order[int(len(order) * LOUDEST_SHARE)] if order else 1.0  # the loudest are louder than this
    half_bar = max(analysis.beats_per_bar, 1) // 2
    out = []
    for t, level in loud:
        loudest = level > top
        out.append((t, loudest))
        i = bisect.bisect_left(beats, t) + half_bar
        if loudest and half_bar and i < len(beats) and _struck(analysis, beats[i]):
            out.append((beats[i], loudest))
    return sorted(out)


def _struck(analysis: AudioAnalysis, t: int) -> bool:
    """Whether a sound starts on the beat at ``t`` (``HIT_MS``; every beat of an analysis without onsets): a held
    chord or a stop is no accent."""
    onsets = analysis.onsets_ms
    i = bisect.bisect_left(onsets, t - HIT_MS)
    return not onsets or (i < len(onsets) and onsets[i] <= t + HIT_MS)


def _pulses_here(shot: Segment, bar_ms: float) -> bool:
    """Whether ``shot`` is a picture's (a move, no in-point) of a bar or more, and not punching in already."""
    picture = shot.src is not None and shot.in_ms is None and "motion" in shot.meta
    return picture and not shot.meta.get("punch_ms") and shot.duration_ms >= LOUDEST_BARS * bar_ms


def _without(shot: Segment) -> Segment:
    if PULSE_KEY not in shot.meta:
        return shot
    return replace(shot, meta={k: v for k, v in shot.meta.items() if k != PULSE_KEY})
