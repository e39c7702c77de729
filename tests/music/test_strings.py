"""The composer's string sections (48, 49): soft and loud recordings of the Versilian Studios Chamber Orchestra 2 in
two velocity layers, a loud note brighter than a soft one and not only louder, and their licence shipped beside the
SoundFont."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import nemo_notebook
from nemo_notebook.engine.music import synth
from nemo_notebook.engine.music.notes import Note, Part
from nemo_notebook.engine.music.sf2 import parse_sf2
from nemo_notebook.engine.music.soundfont import soundfont_path, strings_licence_path
from tests.music.zones import samples_played

PACKAGE = Path(nemo_notebook.__file__).parent
_STRINGS = (48, 49)  # Strings Fast (cinematic, epic), Strings Slow (sad, romantic)
# G2-G4: the celli's, violas' and violins' keys (the composer's string parts play 31-71). The basses (to B1) have
# two recorded dynamics too, but the fast preset's loud one is hardly brighter: -1.3 dB above 2 kHz at C2, +1.7 at G1
_KEYS = (43, 48, 55, 60, 67)


def test_each_string_preset_plays_every_key_from_two_recorded_dynamics() -> None:
    font = parse_sf2(soundfont_path().read_bytes())  # headers only: the samples are in the FLAC beside it
    for program in _STRINGS:
        for key in _KEYS:
            layers = {samples_played(font, program, key, velocity) for velocity in range(1, 128)}
            assert frozenset() not in layers, (program, key)  # every velocity sounds
            assert len(layers) >= 2, (program, key)  # Fluid's strings: one recording for every velocity
            recorded = [s for layer in layers for s in layer]
            assert len(recorded) == len(set(recorded)), (program, key)  # each layer recordings of its own


def _note(program: int, pitch: int, velocity: int) -> tuple[float, float, float]:
    """Level (dBFS), the share of the spectrum above 2 kHz (dB) and the spectral centroid (Hz) of a held string
    note, 0.3-1.8 s after it starts."""
    part = Part("pad", program, False, (Note(pitch, 0.0, 2_000.0, velocity),), reverb=0)
    rate = synth.SAMPLE_RATE
    audio = synth.render_parts([part], tempo_bpm=120.0)[int(0.3 * rate) : int(1.8 * rate)].mean(axis=1)
    power = np.abs(np.fft.rfft(audio * np.hanning(len(audio)))) ** 2
    freqs = np.fft.rfftfreq(len(audio), 1 / rate)
    return (
        10 * float(np.log10(power.sum() / len(audio) ** 2)),
        10 * float(np.log10(power[freqs > 2_000].sum() / power.sum())),
        float((power * freqs).sum() / power.sum()),
    )


def test_a_loud_string_note_is_a_brighter_recording_not_only_a_louder_one() -> None:
    # the share above 2 kHz, loud (110) over soft (60): Fluid's one recording a key, whose level alone the velocity
    # set, 0.0 dB at every key; the soft and loud VSCO recordings 4.6-11.3 dB here
    for program in _STRINGS:
        brighter = []
        for pitch in _KEYS:
            (soft_db, soft_tone, soft_hz), (loud_db, loud_tone, loud_hz) = (
                _note(program, pitch, 60),
                _note(program, pitch, 110),
            )
            assert loud_db > soft_db + 3.0, (program, pitch)  # and louder, as the velocity asks
            assert loud_hz > soft_hz * 1.03, (program, pitch, soft_hz, loud_hz)  # the spectral centroid rises (4-72 %)
            brighter.append(loud_tone - soft_tone)
        assert min(brighter) > 3.0, (program, brighter)
        assert float(np.mean(brighter)) > 6.0, (program, brighter)


def test_at_the_split_the_timbre_steps_and_each_section_keeps_its_level() -> None:
    font = parse_sf2(soundfont_path().read_bytes())
    for program in _STRINGS:
        bounds = [
            v for v in range(1, 127) if samples_played(font, program, 60, v) != samples_played(font, program, 60, v + 1)
        ]
        assert len(bounds) == 1, (program, bounds)
        steps = []
        for pitch in _KEYS:
            (below_db, below_tone, _), (above_db, above_tone, _) = (
                _note(program, pitch, bounds[0]),
                _note(program, pitch, bounds[0] + 1),
            )
            assert above_tone - below_tone > 3.0, (program, pitch)
            steps.append(above_db - below_db)
        # each section's layers matched on its keys' mean level (the key-to-key spread is the recordings': -2.0 to +2.4 dB)
        assert abs(float(np.mean(steps))) < 1.5 and max(abs(s) for s in steps) < 3.0, (program, steps)


def test_the_string_recordings_licence_ships_beside_the_soundfont_and_the_font_credits_them() -> None:
    licence = strings_licence_path()
    assert licence.parent == PACKAGE / "assets" / "soundfont"
    text = licence.read_text()
    assert "Versilian Studios Chamber Orchestra" in text and "CC0" in text and "S. Christian Collins" in text
    assert "Permission is hereby granted" in text and "Changes made" in text  # the MIT notice kept, changes said
    info = dict(parse_sf2(soundfont_path().read_bytes()).info)
    assert b"Versilian Studios Chamber Orchestra 2" in info[b"ICMT"] and b"CC0" in info[b"ICMT"]
