"""A score's pad leaves a clip's speech alone (issue 29, held-out export 07: "a sustained pad note at ~900 Hz (0-4 s)
and one at ~550 Hz (5-9 s) sit inside the voice range" under the dialogue of its first clip, 0-11.3 s).

The agent passes the spans its clips speak over (``planning.score.speech_spans``) to the composer; export 07's brief
is composed here with its first clip's 11.3 s of speech, and the pad's notes are read where they sound.
"""

from __future__ import annotations

from dataclasses import replace

from nemo_notebook.engine.music.compose import compose
from tests.music.test_verse_builds import BRIEF

SPEECH_MS = (0, 11_261)


def _pad_notes(speech: tuple[tuple[int, int], ...]) -> list[tuple[float, float]]:
    piece = compose(replace(BRIEF, speech_ms=speech), seed=1)
    return [(n.start_ms, n.end_ms) for p in piece.parts if p.name == "pad" for n in p.notes]


def test_no_pad_note_sounds_under_the_speech_and_the_pad_plays_after_it() -> None:
    before = _pad_notes(())
    assert any(start < SPEECH_MS[1] for start, _ in before), before  # the pad held chords under the dialogue
    after = _pad_notes((SPEECH_MS,))
    assert not [n for n in after if n[0] < SPEECH_MS[1] and n[1] > SPEECH_MS[0]], after
    assert [n for n in after if n[0] >= SPEECH_MS[1]] == [n for n in before if n[0] >= SPEECH_MS[1]]


def test_the_same_piece_plays_beside_the_speech() -> None:
    plain, spoken = compose(BRIEF, seed=1), compose(replace(BRIEF, speech_ms=(SPEECH_MS,)), seed=1)
    assert [p.notes for p in plain.parts if p.name != "pad"] == [p.notes for p in spoken.parts if p.name != "pad"]
