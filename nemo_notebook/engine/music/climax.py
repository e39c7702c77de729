"""The last section of a piece that builds (epic, cinematic, or a genre shaped as they are: "epic rock") made its
climax: denser than anything before it, as an arranger writes a trailer's last chorus.

An epic's last section was 0.7 dB over the wave before its breakdown (120 s, seed 1): the later choruses' lift took
that wave to 0.96 of the last one's energy (0.7 dB of ride, which the master kept), and the two played the same
parts (0.1 dB apart unridden). Now the waves get no chorus lift and peak lower (``shapes``), and here the last section's melody and
chords are doubled an octave away (each doubling a part of its own, measured and levelled by
the mix where it plays, so it adds to what is there rather than taking the part's level down everywhere else)
and a crash marks every bar: more of the spectrum filled where the piece peaks, to the final chord, which the
doublings strike too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from nemo_notebook.engine.music.arrange import BEATS_PER_BAR, Form, Section
from nemo_notebook.engine.music.drumkit import CRASH
from nemo_notebook.engine.music.notes import Note, Part

# The parts doubled, and how far under their own level the doubling plays (dB)
_DOUBLED_DB = {"lead": -2.0, "power": -3.0, "pad": -4.0, "block": -3.0, "stabs": -3.0, "strum": -3.0}
_HIGHEST_UP = 88  # a part whose top note would go over this doubles an octave down instead
_LOWEST_DOWN = 40
_EARLY_MS = 40.0  # notes played this much ahead of the section's first beat belong to it
_CRASH_VELOCITY = 96
_MIN_SECTIONS = 4  # a form of waves and a breakdown (``shapes.build_waves``), not a short rise


def climax(form: Form) -> Section | None:
    """The section a building form peaks in: its last, where it has waves and a breakdown before it and is the
    loudest; else None."""
    if not form.builds or len(form.sections) < _MIN_SECTIONS:
        return None
    last = form.sections[-1]
    return last if last.energy >= max(s.energy for s in form.sections) else None


def with_climax(parts: Sequence[Part], form: Form, warp: Callable[[float], float]) -> list[Part]:
    """The parts (as played: ``warp`` takes a time of the grid to the time it is played at) with the climax's
    doublings added, each its own part, and a crash on each of its bars; the parts as they were where the form has
    no climax (``climax``)."""
    section = climax(form)
    if section is None:
        return list(parts)
    start_ms = form.time_ms(section.start_bar * BEATS_PER_BAR) - _EARLY_MS
    end_ms = form.final_ms + _EARLY_MS
    doubled = [_doubled(p, start_ms, end_ms) for p in parts if p.name in _DOUBLED_DB and not p.is_drum]
    out = [_crashed(p, form, section, warp) if p.is_drum and p.name == "drums" else p for p in parts]
    return out + [p for p in doubled if p.notes]


def _doubled(part: Part, start_ms: float, end_ms: float) -> Part:
    """The part's notes from ``start_ms`` to ``end_ms`` an octave up (down where that would go too high)."""
    notes = [n for n in part.notes if start_ms <= n.start_ms < end_ms]
    if not notes:
        return replace(part, notes=())
    shift = 12 if max(n.pitch for n in notes) + 12 <= _HIGHEST_UP else -12
    if shift < 0 and min(n.pitch for n in notes) - 12 < _LOWEST_DOWN:
        return replace(part, notes=())
    moved = tuple(replace(n, pitch=n.pitch + shift) for n in notes)
    return replace(part, notes=moved, level_db=part.level_db + _DOUBLED_DB[part.name])  # its pedal and pump kept


def _crashed(drums: Part, form: Form, section: Section, warp: Callable[[float], float]) -> Part:
    """The drums with a crash on the first beat of each of the section's bars that has none."""
    have = {round(n.start_ms) for n in drums.notes if n.pitch == CRASH}
    crashes = []
    for bar in range(section.start_bar, min(section.end_bar, form.final_bar)):
        at = warp(form.time_ms(bar * BEATS_PER_BAR))
        if not any(abs(at - t) < _EARLY_MS for t in have) and at < warp(form.final_ms):
            crashes.append(Note(CRASH, at, at + form.beat_ms, _CRASH_VELOCITY))
    notes = sorted((*drums.notes, *crashes), key=lambda n: (n.start_ms, n.pitch))
    return replace(drums, notes=tuple(notes))
