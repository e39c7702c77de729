"""Motifs, and the ways a tune develops one: a one-bar rhythm with a contour in scale steps, played again with a
note split or two joined, with its ending changed, turned upside down, or cut to its first half and sequenced.

A lead that played one four-bar figure over and over (statement, answer, statement, cadence) was heard by a blind
reviewer of held-out export 07 as "a lead figure repeating every few seconds from 12 to 66 s — a loop, not a tune";
``melody`` builds its phrases from these variations instead.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

Rhythm = tuple[tuple[int, int], ...]  # (step, length in steps) within a bar
RHYTHMS: dict[str, tuple[Rhythm, ...]] = {
    "sparse": (((0, 8), (8, 8)), ((0, 6), (6, 2), (8, 8)), ((0, 12), (12, 4)), ((2, 6), (8, 8)),
               ((0, 4), (4, 4), (8, 8))),
    "medium": (((0, 4), (4, 2), (6, 2), (8, 8)), ((0, 3), (3, 3), (6, 2), (8, 4), (12, 4)),
               ((2, 2), (4, 4), (8, 2), (10, 6)), ((0, 2), (2, 2), (4, 4), (8, 4), (12, 4)),
               ((0, 6), (6, 2), (8, 2), (10, 2), (12, 4))),
    "busy": (((0, 2), (2, 2), (4, 2), (6, 2), (8, 3), (11, 3), (14, 2)), ((0, 2), (2, 1), (3, 3), (6, 2), (8, 2), (10, 2), (12, 4)),
             ((0, 3), (3, 3), (6, 2), (8, 2), (10, 2), (12, 2), (14, 2)), ((0, 4), (4, 2), (6, 2), (8, 2), (10, 2), (12, 4)),
             ((0, 3), (3, 3), (6, 4), (10, 2), (12, 4))),
}  # fmt: skip
_STEP_CHOICES = (-2, -1, -1, 0, 1, 1, 2)
_WIDEST = 4  # a motif stays within a singable sixth or so of its first note
_SPAN, _TRIES = 3, 4  # a motif's steps span a fourth at least, drawn again up to four times


@dataclass(frozen=True)
class Motif:
    rhythm: Rhythm
    contour: tuple[int, ...]  # scale steps from the first note


def new_motif(rhythm: Rhythm, rng: random.Random) -> Motif:
    """A contour of small steps over ``rhythm``, sometimes opening with a leap (a motif with a face), that spans a
    fourth at least where it has the notes for it (a chorus hook of 0, 1, 1, 0, -1, 0, 0 steps played one note
    four times over once the beat snapped it to the chord)."""
    contour: tuple[int, ...] = (0,)
    for _ in range(_TRIES):
        contour = _contour(len(rhythm), rng)
        if max(contour) - min(contour) >= min(_SPAN, len(rhythm) - 1):
            break
    return Motif(rhythm, contour)


def _contour(length: int, rng: random.Random) -> tuple[int, ...]:
    contour = [0]
    for index in range(1, length):
        step = rng.choice(_STEP_CHOICES)
        if index == 1 and rng.random() < 0.3:
            step = rng.choice((-3, 3, 4))
        elif step == 0 and index >= 2 and contour[-1] == contour[-2]:
            step = rng.choice((-1, 1))  # a note struck twice, not three times
        # a step past the motif's widest turns back: held against the edge, it played one note four times over
        contour.append(contour[-1] + step if abs(contour[-1] + step) <= _WIDEST else contour[-1] - step)
    return tuple(contour)


def rhythmic_variant(motif: Motif, rng: random.Random) -> Motif:
    """The same figure played another way: a note of a beat or longer split in two (the second a step away), or,
    in a busy motif, two notes joined into one."""
    notes = list(zip(motif.rhythm, motif.contour, strict=True))
    long = [i for i, ((_, length), _) in enumerate(notes) if length >= 4]
    if long and (len(notes) < 6 or rng.random() < 0.5):
        index = rng.choice(long)
        (step, length), move = notes[index]
        half = length // 2
        notes[index : index + 1] = [
            ((step, half), move),
            ((step + half, length - half), _kept(move + rng.choice((-1, 1)))),
        ]
    elif len(notes) >= 3:
        index = rng.randrange(1, len(notes) - 1)
        (step, _), move = notes[index]
        (after, length), _ = notes[index + 1]
        notes[index : index + 2] = [((step, after + length - step), move)]
    return Motif(tuple(r for r, _ in notes), tuple(m for _, m in notes))


def new_ending(motif: Motif, rng: random.Random) -> Motif:
    """The motif with its last note moved two or three steps: an answer that ends elsewhere."""
    if len(motif.contour) < 2:
        return motif
    move = rng.choice((-3, -2, 2, 3))
    last = _kept(motif.contour[-1] + move)
    if last == motif.contour[-1]:
        last = _kept(motif.contour[-1] - move)
    return Motif(motif.rhythm, (*motif.contour[:-1], last))


def inverted(motif: Motif) -> Motif:
    """The motif upside down: every step taken the other way."""
    return Motif(motif.rhythm, tuple(-move for move in motif.contour))


def sequenced_head(motif: Motif) -> Motif:
    """The motif's first half bar, then the same a step higher: fragmentation and sequence in one bar."""
    head = [((step, min(length, 8 - step)), move) for (step, length), move in zip(motif.rhythm, motif.contour, strict=True)
            if step < 8]  # fmt: skip
    if not head:
        return motif
    notes = head + [((step + 8, length), _kept(move + 1)) for (step, length), move in head]
    return Motif(tuple(r for r, _ in notes), tuple(m for _, m in notes))


def _kept(move: int) -> int:
    return max(-_WIDEST, min(_WIDEST, move))
