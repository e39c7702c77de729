"""A band's feel: notes off the grid by what a player's hands and a band's breathing put there, the anchors on it.

Written on the grid, every beat of a piece was within about 1 % of the one before (librosa's beats at a 5.8 ms hop);
live playing measured 1.6-10 % on the recordings here. Each note's onset moves by a slow drift (the band leaning
ahead of and behind the beat over two bars) plus a small jitter of its own; notes struck together move together, as
a chord from one hand does. What a video is cut to stays exact: the drums and the bass on every downbeat, every part
on the accents a score lands on a cut, on the first beat of each section and on the final chord. Drums move half as
far as the others (a drummer is the tightest player). House and techno are grid-exact, as those genres are: they get
no feel at all.

A piece written for no video (``MusicBrief.free_tempo``, no accents to land) also breathes in tempo, the whole band together, drums included
(``tempo_drift``): it pushes through the first half of each four-bar phrase and pulls back into the next, and leans
into each downbeat within the bar. Those two alone moved librosa's beat intervals from 0.9-1.4 % to the real range;
the per-note drift and jitter above did not (a drummer's kick and snare carry the beat the tracker hears, and they
were held). The drift is zero on the first beat, on every section start and on the final chord, so the form lands
where it was planned, and ``Composition.beats_ms`` are the beats as played. A score keeps its grid: every cut the plan
put on a beat, not only its accents, stays on the beat it was fitted to.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from nemo_notebook.engine.music.arrange import BEATS_PER_BAR, Form
from nemo_notebook.engine.music.notes import Note, Part

# (drift amplitude, jitter standard deviation) in ms for the pitched parts
_FEEL_MS = {"played": (12.0, 5.0), "band": (8.0, 4.0), "programmed": (4.0, 3.0)}
_STYLE_FEEL = {
    "acoustic": "played", "sad": "played", "romantic": "played", "calm": "played", "cinematic": "played",
    "epic": "played", "piano": "played", "lofi": "programmed", "chill": "programmed", "hiphop": "programmed",
}  # fmt: skip
GRID_EXACT = frozenset({"electronic"})
# the tempo drift's depth in ms: (over a four-bar phrase, within a bar)
_DRIFT_MS = {"played": (45.0, 10.0), "band": (35.0, 8.0), "programmed": (25.0, 6.0)}
_PHRASE_BARS = 4
# how far a played part's velocities swell and fall over each four-bar phrase (a share of each note's velocity, peak
# to trough): the part writers' velocities kept 90 % of a solo piano's arpeggio within 5 dB (velocities 66-89), where
# a player shapes every phrase; with the swell within 8 dB (59-94), over five of the curated piano's tone zones (its
# velocity-to-cutoff steps of 8) instead of four
_SWELL = {"played": 0.36}
_MOST_MS = 20.0  # under the 30 ms the part writers keep clear before the final chord
_ANCHOR_MS = 1.0
# A piano's chord struck at once (three notes or more) is rolled from its lowest note up, this many ms a note, as a
# pianist's hand spreads it: the solo piano's final chord, a lo-fi piano's blocks (they sounded as one machine strike)
_ROLL_MS = {"played": 18.0, "programmed": 10.0}
_ROLL_MOST_MS = 28.0  # a whole roll, under the 30 ms after the final hit in which its chord must have sounded
_ROLLED_PARTS = frozenset({"arp", "block", "stabs", "pad"})
_PIANOS = range(8)  # General MIDI's pianos and electric pianos
_UNMOVED_PARTS = frozenset({"fx"})  # the risers end just short of an accent, the crashes land on it
_HELD_PARTS = frozenset({"drums", "bass"})  # on the downbeats too; the others only on accents and the end


def played(parts: Sequence[Part], *, style: str, form: Form, accents_ms: Iterable[float], seed: int,
           free_tempo: bool = False) -> list[Part]:  # fmt: skip
    """The parts with the style's feel (unchanged for a grid-exact style), the tempo drifting when ``free_tempo``.
    Deterministic under ``seed``."""
    if style in GRID_EXACT:
        return list(parts)
    accents_ms = tuple(accents_ms)
    warp = tempo_drift(form, style=style, free=free_tempo and not accents_ms)
    drift_ms, jitter_ms = _FEEL_MS[_STYLE_FEEL.get(style, "band")]
    rng = random.Random(f"feel:{seed}:{style}")
    phase, period_ms = rng.uniform(0, 2 * math.pi), 2 * BEATS_PER_BAR * form.beat_ms
    fixed = sorted({*accents_ms, form.final_ms, *(form.time_ms(x.start_bar * BEATS_PER_BAR) for x in form.sections)})
    held = sorted({*_downbeats(form), *fixed})
    out = []
    for part in parts:
        if part.name in _UNMOVED_PARTS:
            out.append(warped(part, warp))
            continue
        scale = 0.5 if part.is_drum else 1.0
        anchors = held if part.name in _HELD_PARTS else fixed
        swell = 0.0 if part.is_drum else _SWELL.get(_STYLE_FEEL.get(style, "band"), 0.0)
        moved: dict[float, float] = {}
        notes = []
        rolls = _rolls(part, _ROLL_MS.get(_STYLE_FEEL.get(style, "band"), 0.0))
        for index, note in enumerate(part.notes):
            if note.start_ms not in moved:
                drift = drift_ms * math.sin(phase + 2 * math.pi * note.start_ms / period_ms)
                shift = 0.0 if _anchored(note.start_ms, anchors) else scale * (drift + rng.gauss(0.0, jitter_ms))
                moved[note.start_ms] = _kept_beside(note.start_ms, max(-_MOST_MS, min(_MOST_MS, shift)), fixed)
            shift = _kept_beside(note.start_ms, moved[note.start_ms] + rolls.get(index, 0.0), fixed)
            notes.append(_shifted(_swelled(note, form, swell), shift))
        out.append(warped(replace(part, notes=tuple(notes)), warp))
    return out


def _rolls(part: Part, step_ms: float) -> dict[int, float]:
    """How late each note of ``part`` (by index) is struck in its rolled chord: the k-th from the lowest of three or
    more notes struck together k times ``step_ms`` (none where the part is not a piano's chords)."""
    if not step_ms or part.is_drum or part.program not in _PIANOS or part.name not in _ROLLED_PARTS:
        return {}
    chords: dict[float, list[int]] = {}
    for index, note in enumerate(part.notes):
        chords.setdefault(note.start_ms, []).append(index)
    rolls = {}
    for members in chords.values():
        if len(members) >= 3:
            step = min(step_ms, _ROLL_MOST_MS / (len(members) - 1))
            for k, index in enumerate(sorted(members, key=lambda i: part.notes[i].pitch)):
                rolls[index] = k * step
    return rolls


def _swelled(note: Note, form: Form, depth: float) -> Note:
    """The note's velocity in its phrase's swell: soft at the phrase's start and end, loud in its middle (the
    phrase's mean velocity unchanged: the swell is centred on the sine's mean, 2/pi)."""
    if not depth:
        return note
    where = (form.beat_at(note.start_ms) / (_PHRASE_BARS * BEATS_PER_BAR)) % 1.0
    velocity = round(note.velocity * (1 + depth * (math.sin(math.pi * where) - 2 / math.pi)))
    return replace(note, velocity=max(1, min(127, velocity)))


def tempo_drift(form: Form, *, style: str, free: bool) -> Callable[[float], float]:
    """The time (ms) a moment of the grid (ms) is played at: the identity for a grid-exact style or a grid that is
    not ``free`` (a video is cut to it); otherwise the band pushing and pulling the tempo (see the module's notes). It rises with time (the
    tempo changes by 6 % at most, 3 % over the phrase and 3 % within the bar) and keeps the first beat, every section start and the final chord where they are.
    """
    if style in GRID_EXACT or not free:
        return _same
    phrase_ms, bar_ms = _DRIFT_MS[_STYLE_FEEL.get(style, "band")]
    spans = []
    for section in form.sections:
        begin = form.time_ms(section.start_bar * BEATS_PER_BAR)
        end = min(form.time_ms(section.end_bar * BEATS_PER_BAR), form.final_ms)
        if end > begin:
            spans.append((begin, end, max(1, round(section.bars / _PHRASE_BARS))))
    starts = [begin for begin, _, _ in spans]
    # at most 3 % faster or slower: the phrase's swing of ``phrase_ms`` over its length, the bar's over a bar
    limit = 0.03 / (2 * math.pi)
    bar_ms = min(bar_ms, limit * form.bar_ms)

    def warp(time_ms: float) -> float:
        at = bisect.bisect_right(starts, time_ms) - 1
        if at < 0 or time_ms >= spans[at][1]:
            return time_ms
        begin, end, phrases = spans[at]
        depth = min(phrase_ms, limit * (end - begin) / phrases)
        phrase = depth * math.sin(2 * math.pi * phrases * (time_ms - begin) / (end - begin))
        within = bar_ms * math.sin(2 * math.pi * (form.beat_at(time_ms) % BEATS_PER_BAR) / BEATS_PER_BAR)
        return time_ms + phrase + within

    return warp


def _same(time_ms: float) -> float:
    return time_ms


def warped(part: Part, warp: Callable[[float], float]) -> Part:
    """The part's notes and controls played at ``warp`` of their written times."""
    if warp is _same:
        return part
    notes = tuple(Note(n.pitch, warp(n.start_ms), warp(n.end_ms), n.velocity) for n in part.notes)
    controls = tuple(replace(c, time_ms=warp(c.time_ms)) for c in part.controls)
    return replace(part, notes=notes, controls=controls)


def _downbeats(form: Form) -> list[float]:
    return [form.time_ms(bar * BEATS_PER_BAR) for bar in range(form.final_bar + 1)]


def _anchored(start_ms: float, anchors: Sequence[float]) -> bool:
    at = bisect.bisect_left(anchors, start_ms - _ANCHOR_MS)
    return at < len(anchors) and abs(anchors[at] - start_ms) <= _ANCHOR_MS


def _kept_beside(start_ms: float, shift_ms: float, fixed: Sequence[float]) -> float:
    """The shift, shortened so that the note stays on its side of every accent and of the final chord (a note after
    an accent never moves into the breath before it, nor one before it onto the cut)."""
    if not shift_ms:
        return 0.0
    at = bisect.bisect_right(fixed, start_ms)
    low = fixed[at - 1] + 2 * _ANCHOR_MS if at else -math.inf
    high = fixed[at] - 2 * _ANCHOR_MS if at < len(fixed) else math.inf
    return min(max(start_ms + shift_ms, low), high) - start_ms


def _shifted(note: Note, shift_ms: float) -> Note:
    """The note struck ``shift_ms`` late (early when negative) and released where it was: a release never runs into
    a breath before an accent or into the final chord."""
    start = max(0.0, min(note.start_ms + shift_ms, note.end_ms - 1.0))
    return note if start == note.start_ms else Note(note.pitch, start, note.end_ms, note.velocity)
