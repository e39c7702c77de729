"""A picture's pan or zoom moves a little faster, eased in and out, where driving music is loud, so that the move
reads at its tempo.

Held-out 01 (156 BPM, 7 photos and 2 clips) held its stills for two bars with the renderer's one slow pace
(``render.camera``: a pan 2 px a frame, a zoom 3 % of the frame a second), and a blind reviewer found them "almost
static for a 156 BPM track" (a pull out at 39.3-42.1 s). Here, in music that drives (``AudioAnalysis.drive`` from
``character.DRIVING_FROM``) with two pictures or more (one is a cover video, with its own motion), a picture's
shot that pans or zooms gets ``m.move_pace`` ``DRIVEN_PACE`` where its section is not calm (``cutting.CALM_LEVEL``)
and the music from its cut is loud (``beat_pulses.PULSE_LEVEL``) outside a quiet break: the renderer moves it that
many times as far (``camera.pan_way``, ``camera.travel``), a pan eased in and out to its cut (``render.eased_pan``).
Calm or flowing music, quiet passages and clips keep their pace. Twice the pace (stop 70) scrolled: a pan crossed
half the frame's height in two bars, and a blind reviewer scored it 2.5 against 3.5 for the plain pace ("scrolled, not
filmed"), while finding the plain pace "about right, if a bit even" for the 156 BPM song; so 1.3.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace

from ...protocol import Segment
from ..analysis.character import DRIVING_FROM
from ..analysis.types import AudioAnalysis
from .beat_pulses import PULSE_LEVEL
from .cutting import CALM_LEVEL, beat_grid_ms, drive_of, loudness_level, section_cuts_ms, section_levels
from .quiet_breaks import quiet_breaks_ms

DRIVEN_PACE = 1.3  # a loud driving section's pans and zooms travel this many times as far as a plain one
PACE_KEY = "move_pace"
MOVES = ("pan_left", "pan_right", "pan_up", "pan_down", "zoom_in", "zoom_out")


def driven_moves(shots: Sequence[Segment], analysis: AudioAnalysis, duration_ms: int) -> list[Segment]:
    """``shots`` (the visuals lane, in order) with ``m.move_pace`` on the pictures' moving shots where driving music
    is loud, as the module says; any pace they had before is dropped.

    >>> from nemo_notebook.engine.analysis.types import AudioAnalysis
    >>> beats = tuple(range(0, 16_000, 500))
    >>> energy = (0.1,) * 80 + (0.9,) * 81  # quiet for 8 s, then loud
    >>> song = AudioAnalysis(16_000, 120.0, beats, beats[::4], (), energy, 100, (0, 8000), drive=1.0)
    >>> lane = [Segment(0, 4000, "a", None, {"motion": "pan_left"}), Segment(4000, 4000, "b", None, {"motion": "still"})]
    >>> lane += [Segment(8000, 4000, "a", None, {"motion": "zoom_in"}), Segment(12_000, 4000, "b", 0, {})]
    >>> [shot.meta.get("move_pace") for shot in driven_moves(lane, song, 16_000)]
    [None, None, 1.3, None]
    """
    plain = [_without(shot) for shot in shots]
    if drive_of(analysis) < DRIVING_FROM or len({shot.src for shot in shots if shot.src}) < 2:
        return plain
    beats = beat_grid_ms(analysis, duration_ms)
    starts = [0, *section_cuts_ms(analysis, beats)]
    levels = section_levels(analysis, starts, duration_ms)
    breaks = quiet_breaks_ms(analysis, duration_ms)
    ranked = sorted(analysis.energy)
    out = []
    for shot in plain:
        moving = shot.src is not None and shot.in_ms is None and shot.meta.get("motion") in MOVES
        level = levels[bisect.bisect_right(starts, shot.start_ms) - 1]
        quiet = any(x <= shot.start_ms < y for x, y in breaks)
        loud = level >= CALM_LEVEL and loudness_level(analysis, ranked, shot.start_ms) >= PULSE_LEVEL
        out.append(shot.with_meta(**{PACE_KEY: DRIVEN_PACE}) if moving and loud and not quiet else shot)
    return out


def _without(shot: Segment) -> Segment:
    if PACE_KEY not in shot.meta:
        return shot
    return replace(shot, meta={k: v for k, v in shot.meta.items() if k != PACE_KEY})
