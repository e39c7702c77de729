"""Where a track alone changes scene, and how: only where the music clearly changes, through a dip
(``render.accents``: down towards black and up again across a hard cut), as deep as the change is.

Calm music (``AudioAnalysis.drive`` under ``character.CALM_BELOW``: a ballad, ambient, orchestral) keeps its scene
across a section boundary whose mean energy stays within ``CLEAR_CHANGE`` of the scene's own (``scene_spans``):
a blind reviewer of a 60 s ballad whose four section boundaries each dipped 0.9 of the way to black called them
"stutter", where the song hardly changed. A dip goes ``DROP_DEPTH`` of the way to black only into a drop (the
loudest section, ``DROP_RISE`` or more above the scene before), else ``GENTLE_DEPTH``; calm music's dips last
``CALM_DIP_MS``, other music's as long as the dissolve they replace (a beat at most).

The energy is the analysis' curve (0..1 over 40 dB), so ``CLEAR_CHANGE`` of 0.1 is 4 dB: the first minute of
"Feelings" (a rock ballad) and of "Love Theme" (orchestral) change by 0.01-0.08 at each of their boundaries and now
keep one scene; "Nunc Dimittis" falls 0.12 and then rises 0.30 into its loudest section (a gentle dip, then a deep
one).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ...protocol import Segment
from ..analysis.character import CALM_BELOW
from ..analysis.types import AudioAnalysis
from .cutting import drive_of, mean_energy

CLEAR_CHANGE = 0.1  # a section this much louder or quieter than the scene (4 dB) begins a new scene in calm music
DROP_RISE = 0.25  # a rise of this much (10 dB) into the loudest section is a drop: the one deep dip
DROP_DEPTH = 0.9  # how far a dip into a drop takes the picture towards black
GENTLE_DEPTH = 0.45  # how far any other dip does: the picture dims, the two scenes still meet across a hard cut
CALM_DIP_MS = 2000  # calm music's dips, down and up (at most half of either scene)


def scene_spans(analysis: AudioAnalysis, bounds: Sequence[int]) -> list[tuple[int, int]]:
    """The scenes of a track alone as (start, end) ms from ``bounds`` (0, each section's start, the end): each
    section its own scene, but in calm music a section whose mean energy is within ``CLEAR_CHANGE`` of its scene's
    so far stays in that scene."""
    spans = list(itertools.pairwise(bounds))
    if drive_of(analysis) >= CALM_BELOW or len(spans) < 2:
        return spans
    out = [spans[0]]
    for start, stop in spans[1:]:
        scene = mean_energy(analysis, *out[-1])
        if abs(mean_energy(analysis, start, stop) - scene) < CLEAR_CHANGE:
            out[-1] = (out[-1][0], stop)
        else:
            out.append((start, stop))
    return out


def dipped(scenes: Sequence[Segment], analysis: AudioAnalysis) -> list[Segment]:
    """``scenes`` (a track alone's, in order) with each dissolve into one made a dip: two palettes and layouts
    cross-faded read as "double-exposed frames" to a blind reviewer of a ballad's scene changes. Each dip's
    ``m.dip_depth`` is ``DROP_DEPTH`` into a drop, else ``GENTLE_DEPTH``; calm music's last ``CALM_DIP_MS``."""
    calm = drive_of(analysis) < CALM_BELOW
    energies = [mean_energy(analysis, sg.start_ms, sg.end_ms) for sg in scenes]
    loudest = max(energies, default=0.0)
    out = []
    for i, sg in enumerate(scenes):
        if not i or sg.meta.get("transition_in") != "dissolve":
            out.append(sg)
            continue
        drop = energies[i] >= loudest and energies[i] - energies[i - 1] >= DROP_RISE
        length = sg.meta.get("transition_ms")
        if calm:
            length = int(min(CALM_DIP_MS, sg.duration_ms / 2, scenes[i - 1].duration_ms / 2))
        depth = DROP_DEPTH if drop else GENTLE_DEPTH
        out.append(sg.with_meta(transition_in="dip", transition_ms=length, dip_depth=depth))
    return out
