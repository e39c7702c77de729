"""A piano's chord is rolled, its notes struck from the lowest up, as a pianist's hand spreads it (issue 28's
humanised performance: "rolled chords"). Every note of a chord was struck at one instant: a solo piano's final chord,
a lo-fi piano's blocks. Measured on the notes as played (``compose``'s parts, after the feel)."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.music import compose
from nemo_notebook.engine.music.notes import Note, Part
from nemo_notebook.engine.music.track import track_brief


def _chords(part: Part) -> list[list[Note]]:
    """The part's notes struck within 80 ms of the first of a group, groups of three notes or more."""
    groups: list[list[Note]] = []
    for note in sorted(part.notes, key=lambda n: n.start_ms):
        if groups and note.start_ms - groups[-1][0].start_ms < 80:
            groups[-1].append(note)
        else:
            groups.append([note])
    return [g for g in groups if len(g) >= 3]


@pytest.mark.parametrize(("words", "part", "least_ms"), [("solo piano, 60 seconds", "arp", 25.0),
                                                         ("lo-fi piano 60 seconds", "block", 15.0)])  # fmt: skip
def test_a_pianos_chords_are_rolled_from_the_lowest_note_up(words: str, part: str, least_ms: float) -> None:
    piece = compose(track_brief(words=words, seed=1), seed=1)
    chords = _chords(next(p for p in piece.parts if p.name == part))
    assert chords
    for chord in chords:
        onsets = [n.start_ms for n in sorted(chord, key=lambda n: n.pitch)]
        assert onsets == sorted(onsets) and onsets[-1] - onsets[0] >= least_ms, onsets  # before: 0 ms apart


def test_house_and_pop_stabs_stay_struck_together() -> None:
    for words in ("an upbeat 60-second track", "electronic house 60 seconds"):
        piece = compose(track_brief(words=words, seed=1), seed=1)
        for part in piece.parts:
            if not part.is_drum and part.name in ("stabs", "offbeat"):
                assert all(max(n.start_ms for n in c) - min(n.start_ms for n in c) < 1 for c in _chords(part)), words
