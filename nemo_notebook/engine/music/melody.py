"""The melody: motifs built into four-bar phrases that repeat and vary, fitted to the chords under them.

A phrase is ``A B A' cadence``: a one-bar motif (a rhythm and a contour in scale steps), a contrasting motif, the
first motif again over a new chord (so it is recognisable but not a copy), and a cadence bar that lands on a chord
tone: the fifth or third the first time (a question), the root the second time (the answer). Every kind of section
(verse, chorus, bridge) has its own phrase, made once per piece, so a chorus that comes back is the same tune.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from nemo_notebook.engine.music.arrange import BEATS_PER_BAR, Form, Section
from nemo_notebook.engine.music.notes import (
    Note,
    Part,
    before,
    energy_velocity,
    humanize,
    jitter_ms,
    step_time_ms,
    steps_ms,
)
from nemo_notebook.engine.music.styles import Layer, Style
from nemo_notebook.engine.music.theory import Chord, nearest_pitch, scale_pitches

Rhythm = tuple[tuple[int, int], ...]  # (step, length in steps) within a bar
_RHYTHMS: dict[str, tuple[Rhythm, ...]] = {
    "sparse": (((0, 8), (8, 8)), ((0, 6), (6, 2), (8, 8)), ((0, 12), (12, 4)), ((2, 6), (8, 8))),
    "medium": (((0, 4), (4, 2), (6, 2), (8, 8)), ((0, 3), (3, 3), (6, 2), (8, 4), (12, 4)),
               ((2, 2), (4, 4), (8, 2), (10, 6)), ((0, 2), (2, 2), (4, 4), (8, 4), (12, 4))),
    "busy": (((0, 2), (2, 2), (4, 2), (6, 2), (8, 3), (11, 3), (14, 2)), ((0, 2), (2, 1), (3, 3), (6, 2), (8, 2), (10, 2), (12, 4)),
             ((0, 3), (3, 3), (6, 2), (8, 2), (10, 2), (12, 2), (14, 2))),
}  # fmt: skip
_CADENCES: tuple[Rhythm, ...] = (((0, 12),), ((0, 4), (4, 10)), ((0, 2), (2, 2), (4, 10)))
_STEP_CHOICES = (-2, -1, -1, 0, 1, 1, 2)
# Semitones over the phrase's centre that each bar of a four-bar phrase reaches for: it rises to its third bar and
# falls back at its cadence. Each bar followed the last note of the bar before, so a 30 s travel track's melody
# wandered around one register (seed 1: half its notes within 64-70)
_ARCH = (-2, 2, 5, 0)
_CLIMAX_LIFT = 5  # the bar before the last cadence reaches this much over the arch's top: the piece's climax
# The lead's highest note, D6 (an octave higher for a layer an octave up): lifted climaxes reached G6 (91; an upbeat
# track's glockenspiel counter-line an octave over it at 103, shrill); the counter-line's octave above the lead goes
# no higher than C7 (an octave under it there, in unison with the lead)
_LEAD_TOP, _COUNTER_TOP = 86, 96


@dataclass(frozen=True)
class Motif:
    rhythm: Rhythm
    contour: tuple[int, ...]  # scale steps from the first note


@dataclass(frozen=True)
class Phrase:
    first: Motif
    second: Motif
    cadence: Rhythm
    center: int  # the register the phrase sits around (MIDI pitch)


def melody_part(layer: Layer, style: Style, form: Form, chords: tuple[Chord, ...], key: tuple[int, str],
                rng: random.Random) -> Part:  # fmt: skip
    """The lead line over every section whose energy reaches the layer's threshold (never in intro or outro)."""
    phrases: dict[str, Phrase] = {}
    notes: list[Note] = []
    sung = [s for s in form.sections if s.name not in ("intro", "outro") and s.energy >= layer.min_energy]
    top = _LEAD_TOP + 12 * layer.octave
    for section in sung:
        if section.name not in phrases:
            phrases[section.name] = _phrase(style, section, rng, octave=layer.octave)
        climax = section is sung[-1] and section.bars >= 2
        phrase = phrases[section.name]
        notes += _section_notes(phrase, section, form, chords, key, rng, style.swing, climax=climax, top=top)
    if sung and sung[-1].bars >= 2:
        notes = _peaked(notes, form, chords, sung[-1].end_bar - 2, top)
    notes = before(notes, form.final_ms)
    if notes:
        notes.append(_final_note(form, chords[-1], notes[-1].pitch, rng, top))
    return Part("lead", layer.program, False, tuple(notes), layer.level_db, layer.pan, 50)


def counter_part(layer: Layer, lead: Part, key: tuple[int, str], form: Form, chords: tuple[Chord, ...],
                 rng: random.Random) -> Part:  # fmt: skip
    """A second voice in the loud sections: the lead an octave up (``octave=1``) or a diatonic third below it."""
    key_scale = scale_pitches(key[0], key[1], 24, 108)
    notes = []
    for note in lead.notes:
        half = min(max(int((form.beat_at(note.start_ms) + 0.05) // 2), 0), len(chords) - 2)  # a hair early counts
        if note.start_ms >= form.final_ms - 1:  # the final note, over the final chord even when that lands mid-bar
            half = len(chords) - 1
        if form.section_at(half // 2).energy < layer.min_energy:
            continue
        now = chords[half]
        if layer.octave:
            pitch = note.pitch + 12 * layer.octave
            pitch -= 12 * (pitch > _COUNTER_TOP)
        else:
            scale = _fit(key_scale, now)  # the third below follows the chord's raised leading tone too
            pitch = scale[max(0, scale.index(nearest_pitch(tuple({p % 12 for p in scale}), note.pitch)) - 2)]
            if pitch % 12 not in now.pitch_classes and _on_strong_beat(form, note.start_ms):
                pitch = nearest_pitch(now.pitch_classes, pitch - 1, low=pitch - 5, high=note.pitch - 1)
        notes.append(Note(pitch, note.start_ms, note.end_ms, humanize(rng, note.velocity * 0.85)))
    return Part("counter", layer.program, False, tuple(notes), layer.level_db, layer.pan, 60)


def _peaked(notes: list[Note], form: Form, chords: tuple[Chord, ...], bar: int, top: int) -> list[Note]:
    """The melody with the highest note of ``bar`` (its climax bar) lifted to a tone of its chord over every note
    before it, where the motifs reached as high earlier (as high as ``top`` allows: level with the earlier peak
    where a chord tone over it would pass ``top``): the piece's top note is its climax."""
    start_ms, end_ms = form.time_ms(bar * BEATS_PER_BAR) - 30, form.time_ms((bar + 1) * BEATS_PER_BAR) - 30
    inside = [i for i, n in enumerate(notes) if start_ms <= n.start_ms < end_ms]
    earlier = [n.pitch for n in notes if n.start_ms < start_ms]
    if not inside or not earlier:
        return notes
    peak = max(inside, key=lambda i: (notes[i].pitch, notes[i].end_ms - notes[i].start_ms))
    now = chords[min(2 * bar + int(form.beat_at(notes[peak].start_ms) % BEATS_PER_BAR >= 2), len(chords) - 1)]
    if notes[peak].pitch > max(earlier):
        return notes
    over = [p for p in range(max(earlier) + 1, min(max(earlier) + 6, top) + 1) if p % 12 in now.pitch_classes]
    # at the top already: the climax rises to the highest chord tone it may reach, level with the earlier peak
    level = [p for p in range(notes[peak].pitch + 1, min(max(earlier), top) + 1) if p % 12 in now.pitch_classes]
    pitch = over[0] if over else max(level, default=notes[peak].pitch)
    return [replace(n, pitch=pitch) if i == peak else n for i, n in enumerate(notes)]


def _on_strong_beat(form: Form, time_ms: float) -> bool:
    """On beat one or three of a bar (within the humanising jitter)."""
    beat = form.beat_at(time_ms)
    return abs(beat - round(beat)) * form.beat_ms <= 12 and round(beat) % 2 == 0


def _phrase(style: Style, section: Section, rng: random.Random, *, octave: int) -> Phrase:
    density = style.melody_density + (section.energy - 0.6) * 0.5 + (0.1 if section.kind == "chorus" else 0.0)
    pool = _RHYTHMS["sparse" if density < 0.35 else ("medium" if density < 0.72 else "busy")]
    first, second = rng.sample(pool, 2) if len(pool) > 1 else (pool[0], pool[0])
    center = 69 + 12 * octave + (3 if section.kind == "chorus" else 0) + (-2 if section.kind == "bridge" else 0)
    return Phrase(_motif(first, rng), _motif(second, rng), rng.choice(_CADENCES), center)


def _motif(rhythm: Rhythm, rng: random.Random) -> Motif:
    contour = [0]
    for index in range(1, len(rhythm)):
        step = rng.choice(_STEP_CHOICES)
        if index == 1 and rng.random() < 0.3:
            step = rng.choice((-3, 3, 4))  # an opening leap gives a motif a face
        contour.append(max(-4, min(4, contour[-1] + step)))  # a motif stays within a singable sixth or so
    return Motif(rhythm, tuple(contour))


def _section_notes(phrase: Phrase, section: Section, form: Form, chords: tuple[Chord, ...], key: tuple[int, str],
                   rng: random.Random, swing: float, *, climax: bool = False, top: int = 127) -> list[Note]:  # fmt: skip
    """The section's bars of the phrase, each reaching for its place in the phrase's arch (``_ARCH``); ``climax``:
    the bar before the section's last reaches ``_CLIMAX_LIFT`` higher still (the piece's peak, before its end)."""
    scale = scale_pitches(
        key[0], key[1], phrase.center - 9, min(top, phrase.center + 10 + (_CLIMAX_LIFT if climax else 0))
    )
    notes: list[Note] = []
    previous = phrase.center
    for offset in range(section.bars):
        bar = section.start_bar + offset
        position = offset % 4
        last_bar = offset == section.bars - 1
        peak = climax and offset == section.bars - 2
        reach = phrase.center + (max(_ARCH) + _CLIMAX_LIFT if peak else _ARCH[3 if last_bar else position])
        if position == 3 or last_bar:
            answer = (offset // 4) % 2 == 1 or last_bar
            now = chords[2 * bar]
            bar_notes = _cadence_bar(phrase, form, bar, now, _fit(scale, now), reach, answer)
            if chords[2 * bar + 1] != now:
                bar_notes = _following(bar_notes, form, bar, chords[2 * bar + 1], _fit(scale, chords[2 * bar + 1]))
        else:
            motif = phrase.second if position == 1 else phrase.first
            bar_notes = _motif_bar(
                motif,
                form,
                bar,
                (chords[2 * bar], chords[2 * bar + 1]),
                scale,
                (previous + reach) / 2 if position == 0 else reach,
                swing,
                vary=section.variant % 2 == 1 and position == 2,
            )
        notes += _dynamics(bar_notes, section.energy, position, rng)
        previous = bar_notes[-1][0] if bar_notes else previous
    return notes


RawNote = tuple[int, float, float]  # pitch, start ms, end ms


def _fit(scale: tuple[int, ...], now: Chord) -> tuple[int, ...]:
    """The scale with its notes raised where the chord raises them (the leading tone of V in a minor key)."""
    tones, steps = set(now.pitch_classes), {p % 12 for p in scale}
    return tuple(p + 1 if (p + 1) % 12 in tones and (p + 1) % 12 not in steps else p for p in scale)


def _motif_bar(motif: Motif, form: Form, bar: int, halves: tuple[Chord, Chord], key_scale: tuple[int, ...],
               reach: float, swing: float, *, vary: bool) -> list[RawNote]:  # fmt: skip
    """The motif over one bar's chords (the first half's, then the second's), from the chord tone nearest ``reach``;
    ``vary`` lifts its second half a step (a repeat that is not a copy)."""
    fitted = (_fit(key_scale, halves[0]), _fit(key_scale, halves[1]))
    scale = fitted[0]
    anchor = nearest_pitch(halves[0].pitch_classes, reach, low=scale[0], high=scale[-1])
    start_index = scale.index(nearest_pitch(tuple({p % 12 for p in scale}), anchor))
    notes = []
    for (step, length), move in zip(motif.rhythm, motif.contour, strict=True):
        index = min(max(start_index + move + (1 if vary and step >= 8 else 0), 0), len(scale) - 1)
        now, scale = halves[step >= 8], fitted[step >= 8]
        pitch = scale[index]
        if step % 8 == 0:  # strong beats sit on chord tones
            pitch = nearest_pitch(now.pitch_classes, pitch, low=scale[0], high=scale[-1])
        start = step_time_ms(form, bar, step, swing=swing)
        notes.append((pitch, start, start + steps_ms(form, length) * 0.9))
    return notes if halves[0] == halves[1] else _following(notes, form, bar, halves[1], fitted[1])


def _following(notes: list[RawNote], form: Form, bar: int, second: Chord, scale: tuple[int, ...]) -> list[RawNote]:
    """The bar's notes with each one held into a second-half chord it clashes with moved, at the half bar, to that
    chord's nearest tone (the melody follows the harmony when it changes under a long note)."""
    middle = step_time_ms(form, bar, 8)
    out = []
    for pitch, start, end in notes:
        if start < middle - 1 < end - steps_ms(form, 1) and pitch % 12 not in second.pitch_classes:
            out += [(pitch, start, middle - steps_ms(form, 0.2)), (_chord_tone(second, pitch, scale), middle, end)]
        else:
            out.append((pitch, start, end))
    return out


def _chord_tone(now: Chord, pitch: int, scale: tuple[int, ...]) -> int:
    return nearest_pitch(now.pitch_classes, pitch, low=scale[0], high=scale[-1])


def _cadence_bar(phrase: Phrase, form: Form, bar: int, now: Chord, scale: tuple[int, ...], reach: float,
                 answer: bool) -> list[RawNote]:  # fmt: skip
    goal_pc = now.root_pc if answer else now.pitch_classes[min(2, len(now.pitch_classes) - 1)]
    goal = nearest_pitch((goal_pc,), reach, low=scale[0], high=scale[-1])
    notes = []
    rhythm = phrase.cadence
    for index, (step, length) in enumerate(rhythm):
        approach = len(rhythm) - 1 - index  # notes before the goal step towards it through the scale
        target = scale[
            min(max(scale.index(nearest_pitch(tuple({p % 12 for p in scale}), goal)) + approach, 0), len(scale) - 1)
        ]
        if step % 8 == 0:  # an approach note on a strong beat would clash: it takes the nearest chord tone
            target = nearest_pitch(now.pitch_classes, target, low=scale[0], high=scale[-1])
        start = step_time_ms(form, bar, step)
        notes.append((target, start, start + steps_ms(form, length) * 0.95))
    return notes


def _dynamics(raw: list[RawNote], energy: float, position: int, rng: random.Random) -> list[Note]:
    """Velocities that rise towards the middle of a phrase, with accents on the beats and a little timing life."""
    base = energy_velocity(energy, low=70, high=108) + (4 if position in (1, 2) else 0)
    notes = []
    for index, (pitch, start, end) in enumerate(raw):
        accent = 6 if index == 0 else 0
        shift = jitter_ms(rng, 6.0) if index else 0.0
        notes.append(Note(pitch, max(0.0, start + shift), end, humanize(rng, base + accent)))
    return notes


def _final_note(form: Form, tonic_chord: Chord, previous: int, rng: random.Random, top: int) -> Note:
    pitch = nearest_pitch(
        (tonic_chord.root_pc,), previous, low=previous - 12, high=max(previous, min(previous + 12, top))
    )
    return Note(pitch, form.final_ms, form.end_ms, humanize(rng, 88))
