"""Harmony per half bar, the bass line and the accompaniment (pads, piano stabs, strums, arpeggios, power chords).

The bass plays the chord roots (with fifths, octaves and approach notes per style); the accompaniment voices each
chord close to the previous one so that the harmony moves smoothly instead of jumping in root position.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from nemo_notebook.engine.music.arrange import BEATS_PER_BAR, Form, Section
from nemo_notebook.engine.music.notes import (
    STEPS_PER_BAR,
    Control,
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
from nemo_notebook.engine.music.theory import Chord, chord, in_register, voice

# (step, length in steps, tone): R root, 5 fifth, 8 octave, 3 third, A approach note to the next bar's root.
BassLine = tuple[tuple[int, int, str], ...]
BASS_LINES: dict[str, BassLine] = {
    "pop": ((0, 3, "R"), (3, 3, "R"), (6, 2, "R"), (8, 3, "R"), (11, 3, "5"), (14, 2, "8")),
    "drive": tuple((s, 2, "8" if s == 14 else "R") for s in range(0, 16, 2)),
    "bounce": ((0, 4, "R"), (4, 2, "5"), (6, 2, "8"), (8, 4, "R"), (12, 2, "5"), (14, 2, "A")),
    "whole": ((0, 16, "R"),),
    "chill": ((0, 6, "R"), (6, 2, "R"), (10, 4, "5"), (14, 2, "A")),
    "lofi": ((0, 5, "R"), (7, 2, "R"), (10, 4, "5"), (14, 2, "A")),
    "pulse": ((0, 6, "R"), (6, 2, "R"), (8, 6, "R"), (14, 2, "5")),
    "rootfifth": ((0, 7, "R"), (8, 6, "5"), (14, 2, "A")),
    "offbeat": ((0, 1, "R"), (2, 2, "R"), (6, 2, "R"), (10, 2, "R"), (14, 2, "8")),
    "eighths": tuple((s, 2, "5" if s == 12 else "R") for s in range(0, 16, 2)),
}
# Accompaniment rhythms as (step, length in steps); strums add a direction.
_STABS = ((0, 3), (3, 3), (6, 2), (10, 2), (12, 4))
_BLOCK = ((0, 9), (10, 6))
_OFFBEAT = ((2, 1), (6, 1), (10, 1), (14, 1))
_STRUM = ((0, 4, "down"), (4, 2, "down"), (6, 4, "up"), (10, 2, "up"), (12, 2, "down"), (14, 2, "up"))
_ARP_ORDER = (0, 1, 2, 3, 4, 3, 2, 1)
_PUMP_CURVE = ((0.0, 45), (0.15, 70), (0.3, 95), (0.45, 115), (0.6, 127))  # (fraction of a beat, expression)
_HALF = STEPS_PER_BAR // 2
_HELD = 1.0
_BUILT_ENERGY = 0.55  # the layers a building verse's second half brings in: those of a verse at this energy
_MOST_HELD_BARS = 2  # a pad voice holds a common tone this many bars at most (``_tied``)
_SUSTAIN_PEDAL = 64  # MIDI CC 64: while it is down, released notes ring on
_PEDALLED = ("arp", "lead", "counter", "bass")  # piano parts that pedal: arpeggios and the solo piano's hands
_PEDAL_UP_AFTER_MS, _PEDAL_DOWN_AFTER_MS = 20.0, 110.0  # legato pedalling: the foot lifts just after the new chord
_Hit = tuple[Any, ...]  # (step, length in steps, …): a bass line's tone or a strum's direction after the length


def harmony(style: Style, form: Form, mode: str, tonic_pc: int, rng: random.Random) -> tuple[Chord, ...]:
    """Two chords per bar the groove plays (its first half and its second), then the final chord: a progression per
    kind of section, a cadence.

    A style with one chord a bar has the same chord in both halves. One with two (``Style.chords_per_bar``) plays
    its four-chord progression over two bars (holding one chord through the last bar of a section left a
    progression that repeats a chord, I IV vi IV, on one chord for a bar and a half). The bar before the final
    chord is the dominant (the subdominant in the calm styles, a plagal "amen"), held through the half bar when the
    final chord lands mid-bar, and the final chord is the tonic, so the piece resolves.
    """
    pool = list(style.progressions_minor if mode == "minor" else style.progressions_major)
    rng.shuffle(pool)
    by_name = {"intro": pool[0], "verse": pool[0], "chorus": pool[1 % len(pool)], "bridge": pool[2 % len(pool)]}
    by_name["outro"] = by_name["chorus"]
    by_name["pre"] = pool[3 % len(pool)]  # a pre-chorus moves away from the verse's chords
    numerals: list[str] = []
    for bar in range(form.final_bar):
        section = form.section_at(bar)
        progression = by_name.get(section.name, by_name[section.kind])
        position = bar - section.start_bar
        if style.chords_per_bar == 2:
            numerals += [progression[(2 * position + half) % len(progression)] for half in (0, 1)]
        else:
            numerals += [progression[position % len(progression)]] * 2
    plagal = style.name in ("calm", "chill", "lofi")
    if form.final_bar >= 2:
        numerals[-2:] = [("iv" if mode == "minor" else "IV") if plagal else "V"] * 2
    if form.final_beat % 4 and form.final_bar >= 3:
        numerals[-4:-2] = numerals[-2:]  # half a bar of it alone would hurry the cadence
    numerals.append("i" if mode == "minor" else "I")
    return tuple(chord(n, tonic_pc) for n in numerals)


def bass_part(style: Style, form: Form, chords: tuple[Chord, ...], rng: random.Random) -> Part:
    """Roots under every chord, in the style's rhythm up to the final chord; whole notes where the energy is low; a
    long final root."""
    notes: list[Note] = []
    for section in form.sections:
        line = BASS_LINES[style.bass] if section.energy >= 0.4 else BASS_LINES["whole"]
        for bar in range(section.start_bar, section.end_bar):
            halves = (chords[2 * bar], chords[2 * bar + 1])
            notes += _bass_bar(form, bar, line, halves, chords[2 * bar + 2], section.energy, rng, style)
    notes = before(notes, form.final_ms)
    root = in_register(chords[-1].root_pc, style.bass_low)
    notes.append(Note(root, form.final_ms, _track_end(form), humanize(rng, 100)))
    return Part("bass", style.bass_program, False, tuple(notes), style.bass_level_db, 64, 10)


def _bass_bar(form: Form, bar: int, line: BassLine, halves: tuple[Chord, Chord], following: Chord, energy: float,
              rng: random.Random, style: Style) -> list[Note]:  # fmt: skip
    """The line under the bar's chords: a note that would sound across a change of chord is played again, on the
    new root, at the half bar."""
    target = in_register(following.root_pc, style.bass_low)
    notes = []
    for step, length, tone in _split_at_half(line, halves):
        now = halves[step >= _HALF]
        root = in_register(now.root_pc, style.bass_low)
        tones = {
            "R": root,
            "5": root + 7,
            "8": root + 12,
            "3": root + now.intervals[1],
            "A": target + (1 if target < root else -1),
        }
        start = step_time_ms(form, bar, step, swing=style.swing)
        velocity = energy_velocity(energy, low=80, high=112) + (6 if step % 8 == 0 else 0)
        held = _HELD if length >= _HALF else 0.92  # a half bar or longer rings into the next note
        notes.append(Note(tones[tone], start, start + steps_ms(form, length) * held, humanize(rng, velocity, spread=5)))
    return notes


def accompaniment(layer: Layer, style: Style, form: Form, chords: tuple[Chord, ...], rng: random.Random) -> Part:
    """A chord layer (pad, stabs, strum, arp, block, offbeat or power) over the whole form and the final chord."""
    notes: list[Note] = []
    previous: tuple[int, ...] = ()
    center = 62 + 12 * layer.octave
    for bar in range(form.final_bar):
        section = form.section_at(bar)
        halves = (chords[2 * bar], chords[2 * bar + 1])
        first = voice(halves[0], previous, center=center)
        previous = first if halves[1] == halves[0] else voice(halves[1], first, center=center)
        if _layer_energy(section, bar) >= layer.min_energy:
            bar_chords = _BarChords(halves, (first, previous))
            notes += _comp_bar(layer.role, form, bar, bar_chords, section.energy, rng, style.swing)
    if layer.role == "pad":
        notes = _tied(notes, gap_ms=form.beat_ms, most_ms=_MOST_HELD_BARS * form.bar_ms + form.beat_ms)
    notes = before(notes, form.final_ms)
    final = voice(chords[-1], previous, center=center)
    notes += _final_chord(form, final, rng)
    notes += _pickup_chord(form, chords, center, rng) if layer is _first_chord_layer(style) else []
    return Part(
        layer.role,
        layer.program,
        False,
        tuple(notes),
        layer.level_db,
        layer.pan,
        60 if layer.role in ("pad", "arp") else 45,
    )


def _layer_energy(section: Section, bar: int) -> float:
    """The energy that decides which layers play in ``bar``: a building verse's second half (``Section.light_bars``)
    brings in what a verse at ``_BUILT_ENERGY`` plays (the pop pad), its first half and any other section play by
    their own energy."""
    if section.light_bars and bar - section.start_bar >= section.light_bars:
        return max(section.energy, _BUILT_ENERGY)
    return section.energy


def with_pump(part: Part, style: Style, form: Form) -> Part:
    """The part ducking on every beat of the loud sections (expression, CC 11): the side-chain pump of dance music.

    The level drops on the beat and swells back over most of it, so the pads breathe with the four-on-the-floor.
    """
    if not style.pump or part.name not in ("pad", "offbeat"):
        return part
    controls = []
    for section in form.sections:
        if section.energy < 0.5:
            continue
        for beat in range(section.start_bar * 4, section.end_bar * 4):
            start = form.time_ms(beat)
            controls += [Control(start + form.beat_ms * f, 11, v) for f, v in _PUMP_CURVE]
    # the pump stops with the groove: the final chord sounds at the level the last beat swelled back to
    return replace(part, controls=tuple(c for c in controls if c.time_ms < form.final_ms))


def with_pedal(part: Part, form: Form, chords: Sequence[Chord], *, breaths_ms: Sequence[float] = (),
               breath_ms: float = 0.0) -> Part:  # fmt: skip
    """A piano part that arpeggiates or plays alone, with the sustain pedal (CC 64) held through each harmony.

    The pedal goes down at the start and is changed as a pianist changes it, legato: lifted just after each new
    chord (every bar line, and the half bar where the harmony moves there; ``chords`` holds two a bar) is struck,
    pressed again a moment later, so one chord's notes ring on under the next only for that instant and then fall
    away in the samples' release. Before the final chord it lifts and goes down just ahead of the chord, and stays
    down under it (nothing changes once the final chord has landed). Before each accent in ``breaths_ms`` it lifts
    for the band's breath (``breath_ms``: silence, then everything struck again on the cut).
    """
    if part.is_drum or not 0 <= part.program <= 3 or part.name not in _PEDALLED:
        return part
    changes = [form.time_ms(bar * BEATS_PER_BAR) for bar in range(1, form.final_bar)]
    changes += [form.time_ms(bar * BEATS_PER_BAR + BEATS_PER_BAR / 2) for bar in range(form.final_bar)
                if 2 * bar + 1 < len(chords) and chords[2 * bar + 1] != chords[2 * bar]]  # fmt: skip
    events = [(0.0, 127)]
    for at in sorted(changes):
        events += [(at + _PEDAL_UP_AFTER_MS, 0), (at + _PEDAL_DOWN_AFTER_MS, 127)]
    events = [(t, v) for t, v in events if t < form.final_ms - _PEDAL_UP_AFTER_MS]
    events += [(form.final_ms - 3 * _PEDAL_UP_AFTER_MS, 0), (form.final_ms - _PEDAL_UP_AFTER_MS / 2, 127)]
    for accent in breaths_ms:
        events = [(t, v) for t, v in events if not accent - breath_ms <= t < accent + _PEDAL_DOWN_AFTER_MS]
        events += [(accent - breath_ms, 0), (accent + _PEDAL_DOWN_AFTER_MS, 127)]
    return replace(part, controls=(*part.controls, *(Control(t, _SUSTAIN_PEDAL, v) for t, v in sorted(events))))


def _tied(notes: list[Note], *, gap_ms: float, most_ms: float) -> list[Note]:
    """Notes a voice holds across the bar line merged into one, as a string section sustains a common tone, for
    ``most_ms`` at most: the common tone then rests for the chord that would hold it longer, so the pad moves. Held
    through every chord that shares it, held-out 07's pad sat on one D for 8.4 s (four chords), "a held D note that
    gets monotonous" to a blind reviewer."""
    merged: list[Note] = []
    for note in sorted(notes, key=lambda n: (n.pitch, n.start_ms)):
        last = merged[-1] if merged else None
        if last is not None and last.pitch == note.pitch and 0 <= note.start_ms - last.end_ms < gap_ms:
            if note.end_ms - last.start_ms > most_ms:
                continue
            merged[-1] = Note(last.pitch, last.start_ms, note.end_ms, last.velocity)
        else:
            merged.append(note)
    return sorted(merged, key=lambda n: (n.start_ms, n.pitch))


def _first_chord_layer(style: Style) -> Layer:
    return next(layer for layer in style.layers if layer.role not in ("lead", "counter"))


@dataclass(frozen=True)
class _BarChords:
    """A bar's two half-bar chords and their voicings; ``at(step)`` is the half a sixteenth step falls in."""

    chords: tuple[Chord, Chord]
    voicings: tuple[tuple[int, ...], tuple[int, ...]]

    def at(self, step: int) -> int:
        return int(step >= _HALF)


def _split_at_half(rhythm: Sequence[_Hit], halves: tuple[Chord, Chord]) -> list[_Hit]:
    """The rhythm with every note that sounds across the half bar cut in two there, when the chord changes there."""
    if halves[0] == halves[1]:
        return list(rhythm)
    out: list[_Hit] = []
    for step, length, *rest in rhythm:
        if step < _HALF < step + length:
            out += [(step, _HALF - step, *rest), (_HALF, step + length - _HALF, *rest)]
        else:
            out.append((step, length, *rest))
    return out


def _comp_bar(role: str, form: Form, bar: int, bar_chords: _BarChords, energy: float, rng: random.Random,
              swing: float) -> list[Note]:  # fmt: skip
    base = energy_velocity(energy, low=55, high=100)
    if role == "pad":
        return _hits(form, bar, ((0, STEPS_PER_BAR),), bar_chords, base * 0.85, rng, 0.0)
    if role == "stabs":
        return _hits(form, bar, _STABS, bar_chords, base, rng, swing)
    if role == "block":
        return _hits(form, bar, _BLOCK, bar_chords, base * 0.9, rng, swing)
    if role == "offbeat":
        return _hits(form, bar, _OFFBEAT, bar_chords, base, rng, swing)
    if role == "power":
        first, second = (in_register(c.root_pc, 40) for c in bar_chords.chords)
        power = _BarChords(bar_chords.chords, ((first, first + 7, first + 12), (second, second + 7, second + 12)))
        return _hits(form, bar, tuple((s, 2) for s in range(0, 16, 2)), power, base, rng, 0.0)
    if role == "strum":
        return _strum(form, bar, bar_chords, base, rng)
    return _arpeggio(form, bar, bar_chords, base, rng, step_len=1 if energy >= 0.75 else (2 if energy >= 0.4 else 4))


def _hits(form: Form, bar: int, rhythm: tuple[tuple[int, int], ...], bar_chords: _BarChords, velocity: float,
          rng: random.Random, swing: float) -> list[Note]:  # fmt: skip
    notes = []
    for step, length in _split_at_half(rhythm, bar_chords.chords):
        start = step_time_ms(form, bar, step, swing=swing) + (jitter_ms(rng, 5.0) if step else 0.0)
        accent = 8 if step % 8 == 0 else 0
        end = start + steps_ms(form, length) * 0.95
        pitches = bar_chords.voicings[bar_chords.at(step)]
        notes += [Note(p, max(0.0, start), end, humanize(rng, velocity + accent)) for p in pitches]
    return notes


def _strum(form: Form, bar: int, bar_chords: _BarChords, velocity: float, rng: random.Random) -> list[Note]:
    notes = []
    for step, length, direction in _split_at_half(_STRUM, bar_chords.chords):
        half = bar_chords.at(step)
        strings = (in_register(bar_chords.chords[half].root_pc, 40), *bar_chords.voicings[half])  # a low root too
        order = strings if direction == "down" else tuple(reversed(strings[1:]))
        start = step_time_ms(form, bar, step)
        level = velocity * (1.0 if direction == "down" else 0.8)
        for index, pitch in enumerate(order):
            onset = start + index * 9.0  # a strum sweeps the strings over a few tens of ms
            notes.append(Note(pitch, onset, start + steps_ms(form, length) * 0.98, humanize(rng, level)))
    return notes


def _arpeggio(
    form: Form, bar: int, bar_chords: _BarChords, velocity: float, rng: random.Random, *, step_len: int
) -> list[Note]:
    """A broken chord climbing and falling over an octave and a half, in quarters, eighths or sixteenths."""
    ladders = [(v[0] - 12, *v, v[0] + 12) for v in bar_chords.voicings]
    notes = []
    for index, step in enumerate(range(0, STEPS_PER_BAR, step_len)):
        ladder = ladders[bar_chords.at(step)]
        pitch = ladder[_ARP_ORDER[index % len(_ARP_ORDER)] % len(ladder)]
        start = step_time_ms(form, bar, step)
        accent = 10 if step % 4 == 0 else 0
        end = start + steps_ms(form, step_len * 1.6)
        if step < _HALF and bar_chords.chords[0] != bar_chords.chords[1]:  # the pedal lifts at the change of chord
            end = min(end, step_time_ms(form, bar, _HALF) - steps_ms(form, 0.2))
        notes.append(Note(pitch, start, end, humanize(rng, velocity * 0.9 + accent)))
    return notes


def _final_chord(form: Form, voicing: tuple[int, ...], rng: random.Random) -> list[Note]:
    return [Note(p, form.final_ms, _track_end(form), humanize(rng, 92)) for p in voicing]


def _pickup_chord(form: Form, chords: tuple[Chord, ...], center: int, rng: random.Random) -> list[Note]:
    """Before the first beat: the dominant, soft, so the first downbeat arrives as a resolution.

    A pickup longer than a bar starts on the tonic and moves to the dominant for its last bar.
    """
    if form.phase_ms < 250:
        return []
    tonic = chords[-1].root_pc
    dominant_from = max(0.0, form.phase_ms - form.bar_ms)
    notes = [
        Note(p, dominant_from, form.phase_ms, humanize(rng, 58)) for p in voice(chord("V", tonic), (), center=center)
    ]
    if dominant_from >= 250:
        notes += [Note(p, 0.0, dominant_from, humanize(rng, 52)) for p in voice(chords[-1], (), center=center)]
    return notes


def _track_end(form: Form) -> float:
    return form.end_ms
