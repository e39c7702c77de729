"""How long a shot may last: a phrase at most where driving music is loud, and in calm music long enough to be
seen between the dissolves at its two ends (issue 29).

Few pictures for a driving song make every shot longer (``shot_count.fit_material``), and cuts on 4-bar phrases
round a slowed shot up to the next phrase: a pop-rock song's last section, as loud as the rest of it (-8.6 LUFS, an
LRA of 1.5 LU) but ranked quietest, held one picture 7.7 s (20 beats at 156 BPM), "a 7.7 s hold in the loud finale"
to a blind reviewer. Here a shot of driving music (``analysis.character``) longer than ``PHRASE_BARS`` bars where
the music is loud (its mean energy at least ``LOUD_LEVEL``, whatever its rank in the song) is cut on the downbeat
nearest its middle, until none is; the opening shot (held to a phrase on purpose, ``cutting.hold_opening``) and
the last (under the ending's fade and the end card) stay.

A phrase was still 6.2 s at 156 BPM: "~6 s still holds in a 156 BPM song's loud parts, ~3 s asked" (the blind
reviewer, held-out export 01). Once the pictures are placed, a still of loud driving music is held at most
``longest_hold_ms``, a time that follows the music (2 bars at 156 BPM, 1 at 100): it is cut on downbeats into
parts, its near views after the first (``reframes.framings_of``), or for a picture with none (too small for a close
view at ``reframes.MIN_ZOOM``) a near view as near as its pixels allow (``held_framings``: ``MODEST_ZOOM`` at
least); a picture without either keeps its hold whole. Its parts show no other picture: a 1920x1080 photo in 16:9
once took the near view of the picture before it, and a viewer saw the ladybird, the elephants, the ladybird again
(held-out export 01, "A-B-A flips").

Calm music dissolves at every cut (``accents.CALM_DISSOLVE_MS``, centred on it), and a shot left short before a
section's first downbeat was mostly dissolving: an orchestral piece's 2.3 s of a wood texture between a 1 s
dissolve in and one out, "the triple dissolve at 72-74 is muddy" to the reviewer. Such a shot, shorter than
``CALM_CLEAR_MS``, joins the shot beside it (over the cut that is not a section's, where the longer shot stays
within ``cutting.longest_shot_ms``).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ...protocol import MediaInfo, MediaKind, Segment
from ...protocol.vocabulary import MIN_ZOOM_SHOT_MS, PANS
from ..analysis.character import CALM_BELOW, character
from ..analysis.types import AudioAnalysis
from .accents import CALM_DISSOLVE_MS
from .cutting import beat_grid_ms, drive_of, longest_shot_ms, mean_energy, section_cuts_ms
from .reframes import framed_parts, framings_of, most_zoom

PHRASE_BARS = 4
HOLD_MS = 4000  # a still in loud driving music is held the most of 4, 2 or 1 bars that fits this long (and SLACK)
LOUD_LEVEL = 0.8  # of the energy curve's 0..1 over 40 dB: within 8 dB of the song's loudest passages
MODEST_ZOOM = 1.15  # a held picture with no close view is cut to one at least this much nearer, or held whole
SLACK = 1.05  # a shot this much longer than a phrase (a beat found a little late) is a phrase
CALM_CLEAR_MS = 3 * CALM_DISSOLVE_MS  # a calm shot this long shows its picture alone a second between dissolves


def phrase_holds(analysis: AudioAnalysis, cuts: Sequence[int], bars: int = PHRASE_BARS) -> list[int]:
    """``cuts`` with every inner shot of driving, loud music longer than a phrase (or ``bars``: a short's two) cut
    on downbeats into shots of a phrase or less, each at least a bar; ``cuts`` as they are for music that does not
    drive.

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
        out.extend(_split(start, end, downbeats, bar_ms, SLACK * bars * bar_ms, analysis))
    return out


def framed_holds(
    shots: Sequence[Segment],
    analysis: AudioAnalysis,
    framings: Mapping[str, Sequence[tuple[str, float]]],
    *,
    hold_ms: int = HOLD_MS,
) -> list[Segment]:
    """``shots`` (the visuals lane, in order) with each still of loud driving music held longer than
    ``longest_hold_ms`` (of ``hold_ms``: a short's is shorter, ``shorts.HOLD_MS``) cut on downbeats into parts, the first its own, the others near and wide views of its picture
    (``framings``: by media id, as ``held_framings`` gives them): reframes of its showing, so no picture is shown more
    often. A still whose picture has no near view, the opening and last shots and clips stay as they are.

    Examples
    --------
    >>> [(s.start_ms, s.meta.get("framing", "wide")) for s in framed_holds(lane, rock_at_156_bpm, views)]  # doctest: +SKIP
    [(0, 'wide'), ..., (6727, 'wide'), (9803, 'close'), (12_878, 'wide'), ...]
    """
    if character(drive_of(analysis)) != "driving" or len(shots) < 3 or analysis.tempo_bpm <= 0:
        return list(shots)
    bar_ms = 60_000 / analysis.tempo_bpm * analysis.beats_per_bar
    longest, downbeats = longest_hold_ms(bar_ms, hold_ms), sorted(analysis.downbeats_ms)
    held: dict[str, int] = {}  # each picture's showings cut so far: the next opens its near views further round
    out = [shots[0]]
    for shot in shots[1:-1]:
        views = list(framings.get(shot.src or "", ()))
        framed = shot.in_ms is None and len(views) >= 2  # a clip, or a picture with no near view, is held whole
        cuts = _split(shot.start_ms, shot.end_ms, downbeats, bar_ms, longest, analysis) if framed else []
        if len(cuts) < 2:
            out.append(shot)
            continue
        turn = held.get(shot.src or "", 0)
        held[shot.src or ""] = turn + 1
        turn = _turn(views, turn, shot.meta.get("framing"))
        parts = framed_parts(shot, cuts[:-1], views[turn:] + views[:turn])
        first = replace(shot, duration_ms=cuts[0] - shot.start_ms)  # the first part its own
        if first.duration_ms < MIN_ZOOM_SHOT_MS and first.meta.get("motion") not in PANS:  # a zoom moves too little
            first = replace(first, meta={**first.meta, "motion": PANS[-1]})
        out.extend([first, *parts[1:]])
    return [*out, shots[-1]]


def held_framings(info: MediaInfo, aspect: str) -> tuple[tuple[str, float], ...]:
    """The framings a held picture is cut between in a frame of ``aspect``: its own (``reframes.framings_of``), else
    wide and a close view as near as its pixels allow (``reframes.most_zoom``: a 1920x1080 photo in 16:9, 1.16 times
    nearer) where that is at least ``MODEST_ZOOM``; else none."""
    own = framings_of(info, aspect)
    if own or info.kind != MediaKind.IMAGE or (zoom := most_zoom(info, aspect)) < MODEST_ZOOM:
        return own
    return (("wide", 1.0), ("close", round(zoom, 2)))


def _turn(views: Sequence[tuple[str, float]], held: int, framing: object) -> int:
    """Where in ``views`` (wide, near, wide, near) the parts of a picture's ``held``-th cut showing start: its next
    near view (the one after the last showing's); a near view held goes wide first."""
    return (2 * held + 1) % len(views) if framing else (2 * held) % len(views)


def still_hold_ms(analysis: AudioAnalysis, hold_ms: int = HOLD_MS) -> float | None:
    """The longest still of loud driving music (``longest_hold_ms`` of its bar and ``hold_ms``); None for music
    that is not driving, whose stills are held as long as its cuts say."""
    if character(drive_of(analysis)) != "driving" or analysis.tempo_bpm <= 0:
        return None
    return longest_hold_ms(60_000 / analysis.tempo_bpm * analysis.beats_per_bar, hold_ms)


def longest_hold_ms(bar_ms: float, hold_ms: int = HOLD_MS) -> float:
    """The longest still of loud driving music: 4, 2 or 1 bars (``bar_ms`` each), the most that fits ``hold_ms``
    (``HOLD_MS``: a 156 BPM song's 2 bars, 3.1 s; 120 BPM's 2 bars, 4 s; 100 BPM's one bar, 2.4 s; a short's 2 s:
    one bar of each), with ``SLACK``."""
    bars = next((n for n in (PHRASE_BARS, 2) if n * bar_ms <= SLACK * hold_ms), 1)
    return SLACK * bars * bar_ms


def _split(
    start: int, end: int, downbeats: Sequence[int], bar_ms: float, longest: float, analysis: AudioAnalysis
) -> list[int]:
    """The cuts after ``start`` up to ``end`` (included) that leave no loud shot between them over ``longest``."""
    if end - start <= longest or mean_energy(analysis, start, end) < LOUD_LEVEL:
        return [end]
    inside = [d for d in downbeats if start + 0.9 * bar_ms <= d <= end - 0.9 * bar_ms]
    if not inside:
        return [end]
    middle = min(inside, key=lambda d: (abs(d - (start + end) / 2), d))
    return [
        *_split(start, middle, downbeats, bar_ms, longest, analysis),
        *_split(middle, end, downbeats, bar_ms, longest, analysis),
    ]


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
