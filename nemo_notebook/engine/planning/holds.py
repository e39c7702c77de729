"""How long a shot may last: a phrase at most where driving music is loud, and in calm music long enough to be
seen between the dissolves at its two ends (issue 29).

Few pictures for a driving song make every shot longer (``music_video._fit_material``), and cuts on 4-bar phrases
round a slowed shot up to the next phrase: a pop-rock song's last section, as loud as the rest of it (-8.6 LUFS, an
LRA of 1.5 LU) but ranked quietest, held one picture 7.7 s (20 beats at 156 BPM), "a 7.7 s hold in the loud finale"
to a blind reviewer. Here a shot of driving music (``analysis.character``) longer than ``PHRASE_BARS`` bars where
the music is loud (its mean energy at least ``LOUD_LEVEL``, whatever its rank in the song) is cut on the downbeat
nearest its middle, until none is; the opening shot (held to a phrase on purpose, ``cutting.hold_opening``) and
the last (under the ending's fade and the end card) stay.

Calm music dissolves at every cut (``accents.CALM_DISSOLVE_MS``, centred on it), and a shot left short before a
section's first downbeat was mostly dissolving: an orchestral piece's 2.3 s of a wood texture between a 1 s
dissolve in and one out, "the triple dissolve at 72-74 is muddy" to the reviewer. Such a shot, shorter than
``CALM_CLEAR_MS``, joins the shot beside it (over the cut that is not a section's, where the longer shot stays
within ``cutting.longest_shot_ms``).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ..analysis.character import CALM_BELOW, character
from ..analysis.types import AudioAnalysis
from .accents import CALM_DISSOLVE_MS
from .cutting import beat_grid_ms, drive_of, longest_shot_ms, mean_energy, section_cuts_ms

PHRASE_BARS = 4
LOUD_LEVEL = 0.8  # of the energy curve's 0..1 over 40 dB: within 8 dB of the song's loudest passages
SLACK = 1.05  # a shot this much longer than a phrase (a beat found a little late) is a phrase
CALM_CLEAR_MS = 3 * CALM_DISSOLVE_MS  # a calm shot this long shows its picture alone a second between dissolves


def phrase_holds(analysis: AudioAnalysis, cuts: Sequence[int]) -> list[int]:
    """``cuts`` with every inner shot of driving, loud music longer than a phrase cut on downbeats into shots of a
    phrase or less, each at least a bar; ``cuts`` as they are for music that does not drive.

    Examples
    --------
    >>> phrase_holds(rock_at_156_bpm, [..., 91_342, 99_034, ...])  # doctest: +SKIP
    [..., 91_342, 95_188, 99_034, ...]
    """
    if character(drive_of(analysis)) != "driving" or len(cuts) < 2 or analysis.tempo_bpm <= 0:
        return list(cuts)
    bar_ms = 60_000 / analysis.tempo_bpm * analysis.beats_per_bar
    downbeats = sorted(analysis.downbeats_ms)
    out = [cuts[0]]
    for start, end in itertools.pairwise(cuts):
        out.extend(_split(start, end, downbeats, bar_ms, analysis))
    return out


def _split(start: int, end: int, downbeats: Sequence[int], bar_ms: float, analysis: AudioAnalysis) -> list[int]:
    """The cuts after ``start`` up to ``end`` (included) that leave no loud shot between them longer than a phrase."""
    if end - start <= SLACK * PHRASE_BARS * bar_ms or mean_energy(analysis, start, end) < LOUD_LEVEL:
        return [end]
    inside = [d for d in downbeats if start + 0.9 * bar_ms <= d <= end - 0.9 * bar_ms]
    if not inside:
        return [end]
    middle = min(inside, key=lambda d: (abs(d - (start + end) / 2), d))
    return [*_split(start, middle, downbeats, bar_ms, analysis), *_split(middle, end, downbeats, bar_ms, analysis)]


def clear_calm_shots(analysis: AudioAnalysis, cuts: Sequence[int], duration_ms: int) -> list[int]:
    """``cuts`` without the cut before or after each shot of calm music shorter than ``CALM_CLEAR_MS``: the one that
    is not a section's first downbeat, else the one that leaves the shorter shot, where the joined shot is no longer
    than ``longest_shot_ms``; ``cuts`` as they are for music that is not calm."""
    drive = drive_of(analysis)
    if drive >= CALM_BELOW:
        return list(cuts)
    sections = set(section_cuts_ms(analysis, beat_grid_ms(analysis, duration_ms)))
    longest = longest_shot_ms(drive)
    out = list(cuts)
    k = 0
    while k <= len(out):
        bounds = [0, *out, duration_ms]
        if bounds[k + 1] - bounds[k] >= CALM_CLEAR_MS:
            k += 1
            continue
        sides = [c for c in (k - 1, k) if 0 <= c < len(out)]  # the cut before the shot, the cut after it
        joined = {c: bounds[c + 2] - bounds[c] for c in sides}
        fits = [c for c in sides if joined[c] <= longest]
        if not fits:
            k += 1
            continue
        out.pop(min(fits, key=lambda c: (out[c] in sections, joined[c])))
        k = max(k - 1, 0)
    return out
