"""Two style words in one request (issue 28): the genre plays, the other word shapes ("an epic rock track" is rock's
distorted guitars built in epic's waves, not an orchestra), and mood and instrument words beside a genre keep it."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.music import brief_from_words, compose
from nemo_notebook.engine.music.compose import Composition
from nemo_notebook.engine.music.produce import instruments


def shaped_energies(piece: Composition) -> list[float]:
    return [s.energy for s in piece.sections if s.name not in ("pickup", "ending")]


@pytest.mark.parametrize(
    ("words", "genre", "heard"),
    [("an epic rock track", "energetic", "distorted guitars"), ("a cinematic hip-hop track", "hiphop", "piano"),
     ("an epic electronic track", "electronic", "bright synth lead")],
)  # fmt: skip
def test_a_genre_with_an_epic_word_plays_the_genre_built_in_waves(words: str, genre: str, heard: str) -> None:
    # before: "epic" was found first and "rock" dropped: an orchestra (string ensemble, brass), no guitar
    piece = compose(brief_from_words(f"{words}, 90 seconds", seed=1), seed=1)
    assert piece.style == genre and heard in instruments(piece), (piece.style, instruments(piece))
    energies = shaped_energies(piece)
    assert energies[-1] == max(energies) and min(energies[-3:-1]) <= energies[-1] - 0.5, energies  # a breakdown
    assert any(s.name == "bridge" for s in piece.sections), [s.name for s in piece.sections]


def test_a_genre_that_plays_either_mode_takes_the_epic_words_minor() -> None:
    # before (rock with epic's build): "an epic rock track" in D major at seed 1
    assert {brief_from_words("an epic rock track", seed=seed).mode for seed in range(6)} == {"minor"}
    assert "major" in {brief_from_words("a rock track", seed=seed).mode for seed in range(6)}


def test_an_epic_word_alone_or_with_cinematic_stays_an_orchestra() -> None:
    for words in ("an epic track", "an epic cinematic track", "a trailer track"):
        piece = compose(brief_from_words(f"{words}, 60 seconds", seed=1), seed=1)
        assert piece.style == "epic" and "distorted guitars" not in instruments(piece)


@pytest.mark.parametrize(
    ("words", "style", "mode"),
    [("a lo-fi piano track", "lofi", ""), ("a dark electronic track", "electronic", "minor"),
     ("an upbeat acoustic track", "acoustic", "major")],
)  # fmt: skip
def test_a_mood_or_an_instrument_beside_a_genre_keeps_the_genre(words: str, style: str, mode: str) -> None:
    brief = brief_from_words(words, seed=1)
    assert brief.style == style and brief.shape == "" and (not mode or brief.mode == mode)


def test_lo_fi_piano_plays_its_chords_on_a_piano_and_upbeat_acoustic_plays_faster() -> None:
    piano = compose(brief_from_words("a lo-fi piano track, 30 seconds", seed=1), seed=1)
    assert "piano" in instruments(piano) and piano.style == "lofi"
    upbeat, plain = (brief_from_words(f"{w} acoustic track", seed=1) for w in ("an upbeat", "an"))
    assert upbeat.energy > plain.energy and upbeat.tempo_bpm > plain.tempo_bpm
    assert brief_from_words("a dark electronic track", seed=1).tone < 0  # darker sound, the same house band


@pytest.mark.parametrize(
    ("words", "style"),
    [("a rock track for my film", "energetic"), ("an acoustic guitar track for our wedding", "acoustic"),
     ("a track for my film", "cinematic"), ("music for my wedding", "romantic")],
)  # fmt: skip
def test_a_genre_wins_over_what_the_music_is_for(words: str, style: str) -> None:
    # before: "film" and "wedding" are listed before "rock" and "acoustic": cinematic and romantic
    brief = brief_from_words(words, seed=1)
    alone = brief_from_words(words.split(" for ")[0], seed=1)  # "a rock track"
    assert brief.style == style
    assert alone.style != style or brief.energy == alone.energy  # nor pulls the genre's energy its way


def test_the_climaxs_doublings_keep_their_parts_pump() -> None:
    piece = compose(brief_from_words("an epic electronic track, 90 seconds", seed=1), seed=1)
    pads = [p for p in piece.parts if p.name == "pad"]
    assert len(pads) == 2, [p.name for p in piece.parts]  # the pad, and its octave in the last section
    assert pads[0].controls and pads[1].controls == pads[0].controls  # ducking with the kick as the pad does
