"""The pad out of the voice's way where a score plays under a clip's speech.

A held pad note sits on the words as nothing short does: under held-out export 07's dialogue (0-11 s) a blind
reviewer heard "a sustained pad note at ~900 Hz (0-4 s) and one at ~550 Hz (5-9 s)" inside the voice range, and asked
for a darker or lower pad. The synthesised pad is a filtered saw (``voices``: its filter never closes under 1.4
kHz), so an octave lower it still put more of its power between 400 and 1200 Hz than under 400 (measured on export
07's pad alone: +2 dB either way): under speech it is thinned out instead, its notes silent there; the chords go on
in the short stabs or strums, which leave the gaps between the words open. Only in the styles that groove (pop, dance
and the steady ones): in calm music, a ballad or a trailer the pad or the strings are the bed itself, and play on
(``compose``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from nemo_notebook.engine.music.notes import Note, Part

SHORTEST_MS = 250.0  # what is left of a pad note outside the speech plays only this long or longer


def under_speech(part: Part, speech_ms: Sequence[tuple[int, int]]) -> Part:
    """``part`` with a pad's notes silent during each span of ``speech_ms`` (start, end in ms): a note that runs into
    one ends where it starts, one that runs out of it starts where it ends; other parts as they were.

    Examples
    --------
    >>> pad = Part("pad", 89, False, (Note(62, 0.0, 4000.0, 80), Note(66, 9_000.0, 14_000.0, 80)), -14.0, 64, 60)
    >>> [(n.start_ms, n.end_ms) for n in under_speech(pad, [(2_000, 11_000)]).notes]
    [(0.0, 2000.0), (11000.0, 14000.0)]
    """
    if part.name != "pad" or not speech_ms:
        return part
    notes = [piece for note in part.notes for piece in _outside(note, speech_ms)]
    return replace(part, notes=tuple(notes))


def _outside(note: Note, speech_ms: Sequence[tuple[int, int]]) -> list[Note]:
    pieces = [note]
    for start, end in speech_ms:
        kept = []
        for piece in pieces:
            if piece.end_ms <= start or piece.start_ms >= end:
                kept.append(piece)
                continue
            kept += [replace(piece, end_ms=float(start))] if piece.start_ms < start else []
            kept += [replace(piece, start_ms=float(end))] if piece.end_ms > end else []
        pieces = kept
    return [p for p in pieces if p.end_ms - p.start_ms >= SHORTEST_MS]
