"""Saturation where pop, hip-hop and house records have it (issue 28): a synth bass a phone's speaker can play, drum
buses driven into a curve, and a curve that folds back little of what it makes above the band."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from nemo_notebook.engine.music import brief_from_words, compose
from nemo_notebook.engine.music.compose import Composition
from nemo_notebook.engine.music.notes import Note
from nemo_notebook.engine.music.produce import render_produced
from nemo_notebook.engine.music.saturate import saturated
from nemo_notebook.engine.music.voices import midi_hz

SR = 48_000


def _piece(style: str) -> Composition:
    return compose(brief_from_words(f"a {style} 20-second track"), seed=1)


def _alone(piece: Composition, name: str) -> np.ndarray:
    """The mix bus's output with one part of ``piece`` playing (its stems levelled, driven and compressed)."""
    only = replace(piece, parts=tuple(p for p in piece.parts if p.name == name))
    mixed = render_produced(only, sample_rate=SR, length=round(piece.duration_ms * SR / 1000))
    return mixed.mean(axis=1).astype(np.float64)


def _second_harmonic_db(mono: np.ndarray, notes: tuple[Note, ...]) -> float:
    """The median note's 2nd harmonic against its fundamental (dB), over the notes held 200 ms or more."""
    levels = []
    for note in notes:
        if note.end_ms - note.start_ms < 200:
            continue
        held = mono[
            int((note.start_ms + 40) * SR / 1000) : int((min(note.end_ms, note.start_ms + 600) - 20) * SR / 1000)
        ]
        power = np.abs(np.fft.rfft(held * np.hanning(len(held)), n=1 << 16)) ** 2
        freqs = np.fft.rfftfreq(1 << 16, 1 / SR)
        near = [power[np.abs(freqs - k * midi_hz(note.pitch)) < 0.04 * k * midi_hz(note.pitch)].max() for k in (1, 2)]
        levels.append(10 * math.log10(near[1] / near[0]))
    return float(np.median(levels))


@pytest.mark.parametrize("style", ["upbeat", "electronic"])
def test_a_pop_and_a_house_synth_bass_carry_a_second_harmonic_a_phone_speaker_plays(style: str) -> None:
    # The synth bass's filter closes to 180 Hz: its fundamental (49-110 Hz) is under what a phone's speaker plays
    # and its 2nd harmonic sat 9.3 (pop) and 11.5 dB (house) under it; driven as a produced bass is, 5.7 and 5.1 dB
    piece = _piece(style)
    bass = next(p for p in piece.parts if p.name == "bass")
    assert _second_harmonic_db(_alone(piece, "bass"), bass.notes) >= -6.5


@pytest.mark.parametrize(("style", "most_db"), [("electronic", 19.0), ("hiphop", 21.5)])
def test_a_house_and_a_boom_bap_drum_bus_are_driven_their_peaks_nearer_their_body(style: str, most_db: float) -> None:
    # The drums alone, peak over RMS: a real breakbeat of drums and bass (the evaluation set's 02) 19.2 dB; house's
    # synthesised kit measured 20.2 dB and boom-bap's sampled one 23.1 before their buses were driven, now 17.7, 19.3
    drums = _alone(_piece(style), "drums")
    assert 20 * math.log10(np.abs(drums).max() / np.sqrt(np.mean(drums**2))) <= most_db


def test_the_curve_folds_back_little_of_the_harmonics_it_makes_above_the_band() -> None:
    # A 5.3 kHz sine driven 12 dB over the knee: its 3rd harmonic (15.9 kHz) is made, its 5th and up (26.5 kHz and
    # over) would fold back under 24 kHz at 48 kHz; the same curve at the sample rate folded them back 19 dB under
    # the tone, twice the rate 50 dB
    hz = 5_300.3
    sine = (0.5 * np.sin(2 * np.pi * hz * np.arange(SR) / SR)).astype(np.float32)
    driven = saturated(sine, 12.0, SR)[SR // 4 : 3 * SR // 4].astype(np.float64)
    power = np.abs(np.fft.rfft(driven * np.blackman(len(driven)))) ** 2
    freqs = np.fft.rfftfreq(len(driven), 1 / SR)
    harmonic = np.zeros(len(freqs), dtype=bool)
    for k in range(8):
        harmonic |= np.abs(freqs - k * hz) < 60
    assert 10 * math.log10(power[np.abs(freqs - 3 * hz) < 60].max() / power.max()) > -30  # it is saturated
    assert 10 * math.log10(power[~harmonic & (freqs > 20)].max() / power.max()) < -45
