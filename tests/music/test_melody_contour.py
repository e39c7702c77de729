"""A short piece's melody moves: it spans an octave or more, each four-bar phrase rises and falls, and its highest
note is a climax in the bars before the final hit (issue 28).

A blind listener heard the 30 s travel track from words (seed 1) as a "melody stuck at 400-500 Hz": each bar took up
the last note of the bar before, so the line wandered around one register and its highest note (A5) came in the
first chorus, 17 s before the end. Measured here on the MIDI notes the engine writes, and heard: ``librosa.pyin`` on
the lead rendered alone by the engine (its melody stem).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.music import compose
from nemo_notebook.engine.music.arrange import BEATS_PER_BAR
from nemo_notebook.engine.music.compose import Composition
from nemo_notebook.engine.music.notes import Note
from nemo_notebook.engine.music.track import render_track, track_brief
from tests.music.test_short_score import TRAVEL

CALM = "a calm 30-second piano piece"
PIECES = [(TRAVEL, 1), (TRAVEL, 2), (TRAVEL, 3), (CALM, 1), (CALM, 2), ("an energetic rock track for 25 seconds", 1)]


def piece_for(words: str, seed: int) -> Composition:
    return compose(track_brief(words=words, seed=seed), seed=seed)


def sung(piece: Composition) -> list[Note]:
    """The lead's notes before the final hit."""
    lead = next(p for p in piece.parts if p.name == "lead")
    return [n for n in lead.notes if n.start_ms < piece.sections[-1].start_ms - 30]


def bar_ms(piece: Composition) -> float:
    return BEATS_PER_BAR * 60_000 / piece.tempo_bpm


@pytest.mark.parametrize(("words", "seed"), PIECES)
def test_the_melody_spans_an_octave_and_its_top_note_is_a_climax_before_the_final_hit(words: str, seed: int) -> None:
    piece = piece_for(words, seed)
    notes = sung(piece)
    pitches = [n.pitch for n in notes]
    # before: 8-10 semitones for the calm piano piece (seeds 1 and 2)
    assert max(pitches) - min(pitches) >= 12, (min(pitches), max(pitches))
    build_ms = piece.sections[-1].start_ms - 4 * bar_ms(piece)
    earlier = max(n.pitch for n in notes if n.start_ms < build_ms)
    # before (travel, seed 1): its top note, A5, in the first chorus and again to 13 s before the end
    assert max(n.pitch for n in notes if n.start_ms >= build_ms) > earlier, (earlier, max(pitches))


@pytest.mark.parametrize(("words", "seed"), PIECES)
def test_each_four_bar_phrase_rises_above_where_it_starts_and_ends(words: str, seed: int) -> None:
    piece = piece_for(words, seed)
    notes, length_ms = sung(piece), 4 * bar_ms(piece)
    flat = []
    for section in piece.sections:
        if section.name in ("pickup", "intro", "ending"):
            continue
        start = float(section.start_ms)
        while start + length_ms <= section.end_ms + 50:
            phrase = [n.pitch for n in notes if start - 40 <= n.start_ms < start + length_ms - 40]
            if len(phrase) >= 4 and not max(phrase) > max(phrase[0], phrase[-1]):
                flat.append((round(start / 1000, 1), phrase))
            start += length_ms
    # before (travel, seed 2): none of its three phrases did
    assert flat == []


def test_the_melody_heard_spans_more_than_an_octave_and_peaks_before_the_final_hit(tmp_path: Path) -> None:
    import librosa
    import soundfile as sf

    piece = piece_for(TRAVEL, 1)
    lead = next(p for p in piece.parts if p.name == "lead")
    render_track(replace(piece, parts=(lead,)), tmp_path / "lead.wav")
    stereo, rate = sf.read(str(tmp_path / "lead.wav"), dtype="float32", always_2d=True)
    mono = librosa.resample(stereo.mean(axis=1), orig_sr=rate, target_sr=16_000)
    f0, voiced, _ = librosa.pyin(mono, fmin=100, fmax=2_000, sr=16_000, frame_length=1_024, hop_length=256)
    times_ms = np.arange(f0.size) * 256 * 1000 / 16_000
    final_ms = piece.sections[-1].start_ms
    heard = voiced & np.isfinite(f0) & (times_ms < final_ms)
    semitones = librosa.hz_to_midi(f0[heard])
    spread = float(np.percentile(semitones, 95) - np.percentile(semitones, 5))
    assert spread >= 12.0, spread  # before: 10.2 (295-531 Hz)
    highest_ms = float(times_ms[heard][np.argmax(semitones)])
    # before: its highest pitch heard was the final chord's note itself (28.7 s)
    assert final_ms - 4 * bar_ms(piece) <= highest_ms < final_ms - 100, (highest_ms, final_ms)


@pytest.mark.parametrize("words", ["an upbeat 60-second track", "an acoustic folk track, 60 seconds"])
def test_the_lifted_climax_stays_in_the_leads_register_and_the_bells_under_c7(words: str) -> None:
    """The climax lift took an upbeat lead to G6 (91) and its glockenspiel counter-line an octave over it to G7
    (103: shrill), folk's lead to 91; now the lead stays at D6 (86) or under, the counter-line at C7 (96)."""
    for seed in range(8):
        piece = piece_for(words, seed)
        tops = {p.name: max(n.pitch for n in p.notes) for p in piece.parts if p.name in ("lead", "counter") and p.notes}
        assert tops["lead"] <= 86 and tops.get("counter", 0) <= 96, (seed, tops)
