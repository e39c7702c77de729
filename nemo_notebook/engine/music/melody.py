"""The melody: a theme for every kind of section, four phrases of four bars that state its motifs and develop them,
fitted to the chords under them.

A theme's first phrase states a motif, a contrasting one, the first again over a new chord (a sequence: recognisable
but not a copy) and a cadence on the chord's fifth or third (a question); the second answers it: the motif played
another way, a new bar, the contrasting motif with its ending changed, and a cadence on the root that leaves a beat
and a half of silence; the third and fourth develop it two semitones higher (the motif's head sequenced, the
contrast varied, the new bar upside down; ``motifs``). A section straight after one of its name goes on to the next
phrases; a chorus that comes back later starts its theme again, slightly varied. The chorus's motifs take other
rhythms than the verse's.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, replace

from nemo_notebook.engine.music.arrange import BEATS_PER_BAR, Form, Section
from nemo_notebook.engine.music.motifs import (
    RHYTHMS,
    Motif,
    Rhythm,
    inverted,
    new_ending,
    new_motif,
    rhythmic_variant,
    sequenced_head,
)
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

# A phrase ends with a beat of silence at least, a beat and a half after an answer: the tune breathes
_QUESTIONS: tuple[Rhythm, ...] = (((0, 12),), ((0, 4), (4, 8)), ((0, 2), (2, 2), (4, 8)))
_ANSWERS: tuple[Rhythm, ...] = (((0, 10),), ((0, 4), (4, 6)), ((0, 2), (2, 2), (4, 6)))
# Semitones over the phrase's centre that each bar of a four-bar phrase reaches for: it rises to its third bar and
# falls back at its cadence. Each bar followed the last note of the bar before, so a 30 s travel track's melody
# wandered around one register (seed 1: half its notes within 64-70)
_ARCH = (-2, 2, 5, 0)
_DEVELOPED_LIFT = 2  # the third and fourth phrases of a theme sit this many semitones over the first two
_KIND_ORDER = {"chorus": 0, "verse": 1}  # whose theme picks its rhythms first
_KIND_LIFT = {"chorus": 5, "bridge": -2}  # semitones over a verse's centre (A4, 69) that a section's theme sits
_CLIMAX_LIFT = 5  # the bar before the last cadence reaches this much over the arch's top: the piece's climax
# The lead's highest note, D6 (an octave higher for a layer an octave up): lifted climaxes reached G6 (91; an upbeat
# track's glockenspiel counter-line an octave over it at 103, shrill); the counter-line's octave above the lead goes
# no higher than C7 (an octave under it there, in unison with the lead)
_LEAD_TOP, _COUNTER_TOP = 86, 96
_CLIMAX_ROOM = 2  # the bars before the climax stay this far under the top: a chorus at C6 leaves the climax D6


@dataclass(frozen=True)
class Phrase:
    """Four bars of a theme: the motifs of its first three and its cadence's rhythm and goal."""

    motifs: tuple[Motif, Motif, Motif]
    cadence: Rhythm
    answer: bool  # lands on the chord's root (else on its fifth or third: a question)


@dataclass(frozen=True)
class Theme:
    phrases: tuple[Phrase, ...]
    center: int  # the register the theme sits around (MIDI pitch)


def melody_part(layer: Layer, style: Style, form: Form, chords: tuple[Chord, ...], key: tuple[int, str],
                rng: random.Random) -> Part:  # fmt: skip
    """The lead line over every section whose energy reaches the layer's threshold (never in intro or outro)."""
    notes: list[Note] = []
    sung = [s for s in form.sections if s.name not in ("intro", "outro") and s.energy >= layer.min_energy]
    themes = _themes(style, sung, rng, octave=layer.octave)
    top = _LEAD_TOP + 12 * layer.octave
    first_phrase = 0
    for previous, section in zip([None, *sung], sung, strict=False):
        if previous is not None and previous.name == section.name and previous.end_bar == section.start_bar:
            first_phrase += -(-previous.bars // 4)  # a chorus straight after a chorus goes on with its theme
        else:
            first_phrase = 0
        climax = section is sung[-1] and section.bars >= 2
        notes += _section_notes(themes[section.name], section, form, chords, key, rng, style.swing,
                                first_phrase=first_phrase, climax=climax, top=top)  # fmt: skip
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


def _themes(style: Style, sung: list[Section], rng: random.Random, *, octave: int) -> dict[str, Theme]:
    """A theme for every name of section sung, the choruses' first so that their motifs take rhythms the verses'
    do not (each theme's rhythms the least used so far)."""
    firsts = {s.name: s for s in reversed(sung)}  # each name's first section
    used: Counter[Rhythm] = Counter()
    ordered = sorted(firsts.values(), key=lambda s: (_KIND_ORDER.get(s.kind, 2), s.start_bar))
    return {s.name: _theme(style, s, rng, used, octave=octave) for s in ordered}


def _theme(style: Style, section: Section, rng: random.Random, used: Counter[Rhythm], *, octave: int) -> Theme:
    density = style.melody_density + (section.energy - 0.6) * 0.5 + (0.1 if section.kind == "chorus" else 0.0)
    pool = RHYTHMS["sparse" if density < 0.35 else ("medium" if density < 0.72 else "busy")]
    ranked = sorted(pool, key=lambda r: (used[r], rng.random()))
    used.update(ranked[:3])
    a, b, c = (new_motif(r, rng) for r in ranked[:3])
    if section.kind == "chorus":  # a chorus's motifs climb: one that fell sat under the verse (75 s upbeat, seed 1)
        a, b = (inverted(m) if sum(m.contour) < 0 else m for m in (a, b))
    question, answer = rng.choice(_QUESTIONS), rng.choice(_ANSWERS)
    phrases = (
        Phrase((a, b, a), question, answer=False),
        Phrase((rhythmic_variant(a, rng), c, new_ending(b, rng)), answer, answer=True),
        Phrase((sequenced_head(a), rhythmic_variant(b, rng), inverted(c)), question, answer=False),
        Phrase((a, rhythmic_variant(c, rng), new_ending(a, rng)), answer, answer=True),
    )
    center = 69 + 12 * octave + _KIND_LIFT.get(section.kind, 0)
    return Theme(phrases, center)


def _section_notes(theme: Theme, section: Section, form: Form, chords: tuple[Chord, ...], key: tuple[int, str],
                   rng: random.Random, swing: float, *, first_phrase: int = 0, climax: bool = False,
                   top: int = 127) -> list[Note]:  # fmt: skip
    """The section's bars of its theme from phrase ``first_phrase`` on, each bar reaching for its place in the
    phrase's arch (``_ARCH``); ``climax``: the bar before the section's last reaches ``_CLIMAX_LIFT`` higher still
    (the piece's peak, before its end)."""
    high = min(theme.center + _DEVELOPED_LIFT + 10, top - _CLIMAX_ROOM)
    scales = (scale_pitches(key[0], key[1], theme.center - 9, high),
              scale_pitches(key[0], key[1], theme.center - 9, min(top, high + _CLIMAX_LIFT)))  # fmt: skip
    notes: list[Note] = []
    previous = theme.center
    for offset in range(section.bars):
        bar = section.start_bar + offset
        position, number = offset % 4, first_phrase + offset // 4
        phrase = theme.phrases[number % len(theme.phrases)]
        last_bar = offset == section.bars - 1
        peak = climax and offset == section.bars - 2
        scale = scales[climax and offset >= section.bars - 2]
        center = theme.center + (_DEVELOPED_LIFT if number % 4 >= 2 else 0)
        reach = center + (max(_ARCH) + _CLIMAX_LIFT if peak else _ARCH[3 if last_bar else position])
        if (position == 3 and not peak) or last_bar:  # the climb to the climax is no cadence
            now = chords[2 * bar]
            bar_notes = _cadence_bar(phrase, form, bar, now, _fit(scale, now), reach, phrase.answer or last_bar)
            if chords[2 * bar + 1] != now:
                bar_notes = _following(bar_notes, form, bar, chords[2 * bar + 1], _fit(scale, chords[2 * bar + 1]))
        else:
            bar_notes = _motif_bar(
                phrase.motifs[min(position, 2)],
                form,
                bar,
                (chords[2 * bar], chords[2 * bar + 1]),
                scale,
                (previous + reach) / 2 if position == 0 else reach,
                swing,
                vary=(section.variant + number // len(theme.phrases)) % 2 == 1 and position == 2,
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
    # the whole motif inside the scale: one that ran over its top played that note over and over (81 four times)
    start_index = min(max(start_index, -min(motif.contour)), len(scale) - 1 - max(motif.contour) - int(vary))
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
