"""The MIDI file the synthesizer reads: written by our own writer, byte for byte what pretty_midi writes."""

from __future__ import annotations

import io
from dataclasses import replace

import numpy as np
import pytest
import soundfile as sf

from nemo_notebook.engine.music.brief import brief_from_words
from nemo_notebook.engine.music.compose import compose
from nemo_notebook.engine.music.midi import midi_bytes, to_pretty_midi
from nemo_notebook.engine.music.notes import Control, Note, Part
from nemo_notebook.engine.music.synth import decoded_wav


def _pretty_midi_bytes(parts: list[Part], tempo_bpm: float, volumes: list[int] | None) -> bytes:
    buffer = io.BytesIO()
    to_pretty_midi(parts, tempo_bpm=tempo_bpm, volumes=volumes).write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("words", ["solo piano, 40 seconds", "an acoustic 40-second track", "a rock 40-second track"])
def test_the_midi_file_is_byte_for_byte_what_pretty_midi_writes(words: str) -> None:
    piece = compose(brief_from_words(words), seed=3)
    parts = list(piece.parts)
    volumes = [90 + 3 * i for i in range(len(parts))]
    assert midi_bytes(parts, tempo_bpm=piece.tempo_bpm, volumes=volumes) == _pretty_midi_bytes(
        parts, piece.tempo_bpm, volumes
    )
    assert any(p.controls for p in parts) or any(p.is_drum for p in parts)  # pedal or drums: channel 10, CC 64


def test_a_note_ending_where_the_same_pitch_starts_and_events_at_one_tick_keep_pretty_midis_order() -> None:
    notes = (Note(60, 0.0, 500.0, 90), Note(60, 500.0, 900.0, 70), Note(64, 500.0, 500.2, 80), Note(55, 0.0, 1e5, 1))
    controls = (Control(0.0, 64, 127), Control(500.0, 64, 0), Control(500.0, 11, 90), Control(500.0, 64, 127))
    parts = [Part("lead", 73, False, notes, controls=controls), Part("", 0, False, notes[:2]),
             *[Part(f"p{i}", i, False, notes[:1]) for i in range(16)]]  # fmt: skip  # more parts than channels
    assert midi_bytes(parts, tempo_bpm=97.3, volumes=None) == _pretty_midi_bytes(parts, 97.3, None)
    drums = [replace(parts[0], is_drum=True, program=16)]
    assert midi_bytes(drums, tempo_bpm=61.0) == _pretty_midi_bytes(drums, 61.0, None)


def test_the_synthesizers_wav_is_read_as_soundfile_reads_it() -> None:
    rng = np.random.default_rng(7)
    stereo = (rng.uniform(-1, 1, (4_800, 2)) * 32_000).astype("<i2")
    header = b"RIFF" + (36 + stereo.nbytes).to_bytes(4, "little") + b"WAVEfmt " + bytes.fromhex("10000000")
    header += bytes.fromhex("01000200") + (48_000).to_bytes(4, "little") + (192_000).to_bytes(4, "little")
    header += bytes.fromhex("04001000") + b"data" + stereo.nbytes.to_bytes(4, "little")
    wav = header + stereo.tobytes()
    expected = sf.read(io.BytesIO(wav), dtype="float32", always_2d=True)[0]
    assert np.array_equal(decoded_wav(wav), expected)
    mono = io.BytesIO()
    sf.write(mono, stereo[:, 0] / 32_768, 48_000, format="WAV", subtype="PCM_24")  # another layout: soundfile reads it
    assert np.allclose(decoded_wav(mono.getvalue()), np.repeat(expected[:, :1], 2, axis=1), atol=1e-6)
