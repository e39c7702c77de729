"""Where a track alone changes scene, and how: only where the music clearly changes, through a dip
(``render.accents``: down towards black and up again across a hard cut), as deep as the change is.

Calm music (``AudioAnalysis.drive`` under ``character.CALM_BELOW``: a ballad, ambient, orchestral) keeps its scene
across a section boundary whose mean energy stays within ``CLEAR_CHANGE`` of the scene's own (``scene_spans``):
a blind reviewer of a 60 s ballad whose four section boundaries each dipped 0.9 of the way to black called them
"stutter", where the song hardly changed. A dip goes ``DROP_DEPTH`` of the way to black only into a drop (the
loudest section, ``DROP_RISE`` or more above the scene before), else ``GENTLE_DEPTH``; calm music's dips last
``CALM_DIP_MS``, other music's as long as the dissolve or flash they replace (a beat at most).

The energy is the analysis' curve (0..1 over 40 dB), so ``CLEAR_CHANGE`` of 0.1 is 4 dB: the first minute of
"Feelings" (a rock ballad) and of "Love Theme" (orchestral) change by 0.01-0.08 at each of their boundaries and now
keep one scene; "Nunc Dimittis" falls 0.12 and then rises 0.30 into its loudest section (a gentle dip, then a deep
one).
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence
from dataclasses import replace

from ...protocol import Segment
from ..analysis.character import CALM_BELOW
from ..analysis.types import AudioAnalysis
from .cutting import drive_of, mean_energy

CLEAR_CHANGE = 0.1  # a section this much louder or quieter than the scene (4 dB) begins a new scene in calm music
DROP_RISE = 0.25  # a rise of this much (10 dB) into the loudest section is a drop: the one deep dip
DROP_DEPTH = 0.9  # how far a dip into a drop takes the picture towards black
GENTLE_DEPTH = 0.45  # how far any other dip does: the picture dims, the two scenes still meet across a hard cut
# a change into a louder section that is no drop does not dim at all (``RISE_DEPTH``): calm music's two scenes cross
# in the full light, other music's meet across a hard cut ("each scene change dips to dark as the new section starts
# (at 43-44 s darkening while the music gets louder)", a blind reviewer of held-out 05); a drop's dip goes down
# before its cut only (``m.dip_before_cut``), the drop's first frame in its full light
RISE_DEPTH = 0.0
# louder is heard at the cut too: the ``AROUND_MS`` after it louder than those before it is a change into louder music
# though its scene is a little quieter on the whole (held-out 05's 91 s: its scene 0.02 under the one before, 0.7 dB,
# the music rising to -8 LUFS at 92.2 s; the gentle dip took its light from 75 to 40 of 255, "the same fault", a
# blind reviewer of stop 58)
AROUND_MS = 4000
CALM_DIP_MS = 2000  # calm music's dips, down and up (at most half of either scene)
# the share of a calm gentle dip around its cut where the two scenes cross-dissolve in the dimmed picture instead of
# meeting across a hard cut: "each scene change is a hard cut to a frame about half as bright, which then fades up"
# (a blind reviewer of a ballad's aurora; the cut's frame changed by 25-36 of 255, the dip's other frames 3-5)
CALM_BLEND = 0.5
# the accents a track alone's scene change meets in the dark instead: a dissolve, and a flash (lifted 0.4 of the way
# to white, a white flash of 3 frames over the tunnel's dark blue to a blind reviewer of an electronic track alone)
INTO_DARK = ("dissolve", "flash")
# the accents the drop after a quiet intro that builds to it (``backgrounds``: meta "builds") is a hard cut instead,
# on its downbeat: a whip (a blurred pan of 300 ms) into held-out 06's drop read as "the drop is soft (a
# crossfade)" to a blind reviewer; calm music's drop (a ballad's aurora) keeps its dip to black
INTO_DROP = ("whip", "dissolve", "flash")
# calm music's change into a quieter scene is no dip either: its two scenes cross (``CALM_BLEND``) in the full light,
# the quieter sky being the darker end itself; the gentle dip took held-out 05's bridge (171 s) from 116 of 255 down
# to 58 before it settled at 74, "a dark pump" below both ends (a blind reviewer of stop 61)
CALM_FALL = RISE_DEPTH
# and crosses quickly: over ``FALL_BLEND`` of its dip, on the last hit before the music falls (``CALM_BLEND`` till
# stop 66: held-out 05's bridge at 171.8 s crossed a lit green sky and a navy one over a second, "a pale, milky double
# exposure for half a second", a blind reviewer)
FALL_BLEND = 0.2


def scene_spans(analysis: AudioAnalysis, bounds: Sequence[int], kept: Collection[int] = ()) -> list[tuple[int, int]]:
    """The scenes of a track alone as (start, end) ms from ``bounds`` (0, each section's start, the end): each
    section its own scene, but in calm music a section whose mean energy is within ``CLEAR_CHANGE`` of its scene's
    so far stays in that scene, unless it starts at one of ``kept`` (where the design changes its form)."""
    spans = list(itertools.pairwise(bounds))
    if drive_of(analysis) >= CALM_BELOW or len(spans) < 2:
        return spans
    out = [spans[0]]
    for start, stop in spans[1:]:
        scene = mean_energy(analysis, *out[-1])
        if start not in kept and abs(mean_energy(analysis, start, stop) - scene) < CLEAR_CHANGE:
            out[-1] = (out[-1][0], stop)
        else:
            out.append((start, stop))
    return out


def dipped(scenes: Sequence[Segment], analysis: AudioAnalysis) -> list[Segment]:
    """``scenes`` (a track alone's, in order) with each dissolve or flash into one made a dip (``INTO_DARK``): two
    palettes and layouts cross-faded read as "double-exposed frames" to a blind reviewer of a ballad's scene changes,
    a flash as "a harsh white flash" to one of an electronic track's. Each dip's ``m.dip_depth`` is ``DROP_DEPTH``
    into a drop (dark before its cut only: ``m.dip_before_cut``), ``RISE_DEPTH`` (none) into any other louder
    section (louder on the whole or round its cut: ``louder``), else ``GENTLE_DEPTH`` (calm music's ``CALM_FALL``); calm music's last
    ``CALM_DIP_MS``, and all but a drop cross the two scenes over ``CALM_BLEND`` of that (``m.dip_blend``), in the dimmed picture or the full one; into a quieter scene over ``FALL_BLEND``."""
    calm = drive_of(analysis) < CALM_BELOW
    energies = [mean_energy(analysis, sg.start_ms, sg.end_ms) for sg in scenes]
    loudest = max(energies, default=0.0)
    out = []
    for i, sg in enumerate(scenes):
        if i and not calm and scenes[i - 1].meta.get("builds") and sg.meta.get("transition_in") in INTO_DROP:
            out.append(
                replace(sg, meta={k: v for k, v in sg.meta.items() if k not in ("transition_in", "transition_ms")})
            )
            continue  # a hard cut on the drop's downbeat, where its build ends
        if not i or sg.meta.get("transition_in") not in INTO_DARK:
            out.append(sg)
            continue
        drop = energies[i] >= loudest and energies[i] - energies[i - 1] >= DROP_RISE
        length = sg.meta.get("transition_ms")
        if calm:
            length = int(min(CALM_DIP_MS, sg.duration_ms / 2, scenes[i - 1].duration_ms / 2))
        rises = louder(analysis, energies, i, sg.start_ms)
        depth = DROP_DEPTH if drop else RISE_DEPTH if calm or rises else GENTLE_DEPTH  # calm: ``CALM_FALL``
        blend = {"dip_blend": CALM_BLEND if rises else FALL_BLEND} if calm and not drop else {}
        before = {"dip_before_cut": True} if drop else {}
        out.append(sg.with_meta(transition_in="dip", transition_ms=length, dip_depth=depth, **blend, **before))
    return out


def louder(analysis: AudioAnalysis, energies: Sequence[float], i: int, cut_ms: int) -> bool:
    """Whether scene ``i`` (of mean ``energies``, cut in at ``cut_ms``) is louder than the one before it: on the
    whole, or in the ``AROUND_MS`` after its cut against those before it."""
    after = mean_energy(analysis, cut_ms, cut_ms + AROUND_MS)
    return energies[i] > energies[i - 1] or after > mean_energy(analysis, max(cut_ms - AROUND_MS, 0), cut_ms)


LATE_SCENE_MS = 10_000  # a scene that would begin this near the end card (or later) does not: the one before runs on
LATE_FROM_MS = 90_000  # in a song this long or longer (a short one's scenes are all short, its last too)


def clear_of_the_card(
    spans: Sequence[tuple[int, int]], card_from_ms: int, loud: Sequence[bool]
) -> list[tuple[int, int]]:
    """A track alone's scenes (``spans``, each ``loud`` or not) with none beginning within ``LATE_SCENE_MS`` of the
    end card (from ``card_from_ms``) as loud as the scene before it: held-out 06 of stop 54 brought its last scene in
    6 s before its end card, "through a muddy, ring-less blur frame at 3:49" (a blind reviewer); the scene before it
    runs on to the end. A first and second scene (an intro, its drop) stay, and a song under ``LATE_FROM_MS`` is as it was.

    >>> clear_of_the_card([(0, 14533), (14533, 214488), (214488, 229026), (229026, 240000)], 236_000, [False, True, True, True])
    [(0, 14533), (14533, 214488), (214488, 240000)]
    """
    out, flags = list(spans), list(loud)
    while (
        len(out) > 2
        and out[-1][1] >= LATE_FROM_MS
        and out[-1][0] > card_from_ms - LATE_SCENE_MS
        and flags[-1] == flags[-2]
    ):
        out[-2:] = [(out[-2][0], out[-1][1])]
        flags.pop()
    return out


BIG_CHANGE = 0.2  # a change of mean energy this big (8 dB) at a section boundary can change the scene's form
SCENE_MIN_MS = 40_000  # a form holds at least this long, but the first (an intro: ``SCENE_HEAD_MS``) and the last
SCENE_HEAD_MS, SCENE_TAIL_MS = 10_000, 20_000
LONG_SCENE_MS = (
    75_000  # a form this long changes at a boundary inside it: its clearest, else the one nearest its middle
)
CALM_SPLIT_MS = 25_000  # in calm music such a change may lie this near another (a ballad's aurora kept one form
# from 91 to 171 s, "no change for 80 s", a blind reviewer: no boundary inside lay 40 s from both ends)


def scene_forms(analysis: AudioAnalysis, spans: Sequence[tuple[int, int]]) -> list[int]:
    """Each span's form (0, 1, 2 ...: the design's geometry, ``render.backdrops``): a new form only at the music's
        few biggest changes, the boundaries whose mean energy changes by ``BIG_CHANGE`` or more, rises (a drop, the band
    back after a break) before falls and the biggest first, each
        ``SCENE_MIN_MS`` from the start, from another change and ``SCENE_TAIL_MS`` from the end; then a form held
        ``LONG_SCENE_MS`` changes at its clearest boundary that keeps those distances (in calm music
        ``CALM_SPLIT_MS`` from another change). A 4-minute track: 3-5 scenes."""
    if len(spans) < 2:
        return [0] * len(spans)
    energies = [mean_energy(analysis, start, stop) for start, stop in spans]
    end = spans[-1][1]
    sizes = {i: abs(energies[i] - energies[i - 1]) for i in range(1, len(spans))}
    chosen: list[int] = []

    def fits(i: int, least: int = SCENE_MIN_MS) -> bool:
        at = spans[i][0]
        apart = all(abs(at - spans[c][0]) >= least for c in chosen)
        return apart and at >= SCENE_HEAD_MS and end - at >= SCENE_TAIL_MS

    rises = {i: energies[i] > energies[i - 1] for i in sizes}  # a drop, the band back: before a fall into a break
    for i in sorted(sizes, key=lambda n: (rises[n], sizes[n]), reverse=True):
        if sizes[i] >= BIG_CHANGE and fits(i):
            chosen.append(i)
    split = CALM_SPLIT_MS if drive_of(analysis) < CALM_BELOW else SCENE_MIN_MS
    while True:  # a form held too long changes at the clearest boundary inside it
        starts = [0, *sorted(spans[c][0] for c in chosen), end]
        long = [p for p in itertools.pairwise(starts) if p[1] - p[0] >= LONG_SCENE_MS]
        offs = {i: _middle_of(spans[i][0], long) for i in sizes if fits(i, split)}
        inside = {i: off for i, off in offs.items() if off is not None}
        if not inside:
            break
        chosen.append(max(inside, key=lambda n: (sizes[n] >= CLEAR_CHANGE, sizes[n] - inside[n] / end)))
    forms, form = [], 0
    for i in range(len(spans)):
        form += i in chosen
        forms.append(form)
    return forms


def _middle_of(at: int, gaps: Sequence[tuple[int, int]]) -> int | None:
    """How far ``at`` lies from the middle of the one of ``gaps`` it is inside (ms); None outside them all."""
    return next((abs(at - (start + stop) // 2) for start, stop in gaps if start < at < stop), None)
