"""Pitch, scales and chords: the harmony the parts are written from. Pure Python, no heavy imports.

Pitches are MIDI note numbers (60 is middle C); pitch classes are 0..11 with 0 for C. A chord is named by a Roman
numeral relative to the key's tonic, so that one progression serves every key: upper case is major, lower case minor,
``°`` diminished, a ``b`` prefix lowers the root a semitone (``bVII`` in a minor key), and a suffix adds colour
(``7``, ``maj7``, ``add9``, ``sus2``, ``sus4``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NOTE_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
_PITCH_CLASS = {
    "c": 0, "c#": 1, "db": 1, "d": 2, "d#": 3, "eb": 3, "e": 4, "f": 5, "f#": 6, "gb": 6, "g": 7,
    "g#": 8, "ab": 8, "a": 9, "a#": 10, "bb": 10, "b": 11,
}  # fmt: skip
SCALE_STEPS = {"major": (0, 2, 4, 5, 7, 9, 11), "minor": (0, 2, 3, 5, 7, 8, 10)}
_DEGREE_SEMITONES = {"i": 0, "ii": 2, "iii": 4, "iv": 5, "v": 7, "vi": 9, "vii": 11}
_QUALITY = {
    ("major", ""): (0, 4, 7),
    ("minor", ""): (0, 3, 7),
    ("dim", ""): (0, 3, 6),
    ("major", "7"): (0, 4, 7, 10),
    ("minor", "7"): (0, 3, 7, 10),
    ("major", "maj7"): (0, 4, 7, 11),
    ("minor", "maj7"): (0, 3, 7, 11),
    ("major", "add9"): (0, 4, 7, 14),
    ("minor", "add9"): (0, 3, 7, 14),
    ("major", "sus2"): (0, 2, 7),
    ("minor", "sus2"): (0, 2, 7),
    ("major", "sus4"): (0, 5, 7),
    ("minor", "sus4"): (0, 5, 7),
    ("dim", "7"): (0, 3, 6, 10),
}
_ROMAN = re.compile(r"^(b?)(iii|ii|iv|vii|vi|v|i|III|II|IV|VII|VI|V|I)(°?)(maj7|7|add9|sus2|sus4|)$")


@dataclass(frozen=True)
class Chord:
    """A chord as its root pitch class and its intervals above the root (semitones)."""

    root_pc: int
    intervals: tuple[int, ...]
    numeral: str = ""

    @property
    def pitch_classes(self) -> tuple[int, ...]:
        return tuple((self.root_pc + i) % 12 for i in self.intervals)


def pitch_class(name: str) -> int:
    """Pitch class of a note name such as ``"A"``, ``"F#"`` or ``"Bb"``.

    Raises
    ------
    ValueError
        For a name that is not a note.
    """
    key = name.strip().lower().replace("♯", "#").replace("♭", "b")
    if key not in _PITCH_CLASS:
        raise ValueError(f"{name!r} is not a note name; use one of {', '.join(NOTE_NAMES)}")
    return _PITCH_CLASS[key]


def chord(numeral: str, tonic_pc: int) -> Chord:
    """The chord a Roman numeral names in the key whose tonic is ``tonic_pc``.

    Examples
    --------
    >>> chord("V7", 0).pitch_classes   # G7 in C
    (7, 11, 2, 5)
    """
    match = _ROMAN.match(numeral)
    if match is None:
        raise ValueError(f"{numeral!r} is not a Roman-numeral chord")
    flat, roman, dim, suffix = match.groups()
    quality = "dim" if dim else ("major" if roman.isupper() else "minor")
    intervals = _QUALITY.get((quality, suffix), _QUALITY[(quality, "")])
    root = (tonic_pc + _DEGREE_SEMITONES[roman.lower()] - (1 if flat else 0)) % 12
    return Chord(root, intervals, numeral)


def scale_pitches(tonic_pc: int, mode: str, low: int, high: int) -> tuple[int, ...]:
    """Every pitch of the key's scale between ``low`` and ``high`` (MIDI numbers, inclusive)."""
    steps = {(tonic_pc + s) % 12 for s in SCALE_STEPS[mode]}
    return tuple(p for p in range(low, high + 1) if p % 12 in steps)


def nearest_pitch(pitch_classes: tuple[int, ...], target: float, *, low: int = 0, high: int = 127) -> int:
    """The pitch with one of ``pitch_classes`` nearest ``target``, kept inside ``low..high``."""
    candidates = [p for p in range(low, high + 1) if p % 12 in pitch_classes]
    return min(candidates, key=lambda p: (abs(p - target), p))


def in_register(pc: int, low: int) -> int:
    """The lowest pitch of class ``pc`` at or above ``low``."""
    return low + (pc - low) % 12


def voice(chord_: Chord, previous: tuple[int, ...], *, center: int = 64) -> tuple[int, ...]:
    """Voice a chord close to the previous voicing (smallest total movement), around ``center``.

    Tries every inversion of the close-position chord in the octaves around ``center`` and keeps the one whose
    notes move least from ``previous`` (or whose middle is nearest ``center`` when there is no previous chord),
    which is how a pianist or an arranger keeps pads smooth.
    """
    pcs = [(chord_.root_pc + i) % 12 for i in chord_.intervals]
    best: tuple[float, tuple[int, ...]] | None = None
    for rotation in range(len(pcs)):
        order = pcs[rotation:] + pcs[:rotation]
        for base in range(center - 12, center + 1):
            if base % 12 != order[0]:
                continue
            notes = [base]
            for pc in order[1:]:
                notes.append(notes[-1] + (pc - notes[-1]) % 12 or 12)
            cost = _voicing_cost(tuple(notes), previous, center)
            if best is None or cost < best[0]:
                best = (cost, tuple(notes))
    assert best is not None
    return best[1]


def _voicing_cost(notes: tuple[int, ...], previous: tuple[int, ...], center: int) -> float:
    drift = abs(sum(notes) / len(notes) - center)
    if not previous:
        return drift
    movement = sum(min(abs(n - p) for p in previous) for n in notes)
    return movement + 0.5 * drift


def key_name(tonic_pc: int, mode: str) -> str:
    """``"A minor"``-style name of a key."""
    return f"{NOTE_NAMES[tonic_pc % 12]} {mode}"
