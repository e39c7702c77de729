"""Parts → Standard MIDI with pretty_midi (drums on channel 10, one channel per pitched part)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from nemo_notebook.engine.music.notes import Part

if TYPE_CHECKING:
    import pretty_midi

# 960 ticks a beat keeps every note within a third of a millisecond of its time at any tempo we write.
_TICKS_PER_BEAT = 960
_CC_VOLUME, _CC_PAN, _CC_REVERB, _CC_CHORUS = 7, 10, 91, 93


def to_pretty_midi(
    parts: Sequence[Part], *, tempo_bpm: float, volumes: Sequence[int] | None = None
) -> pretty_midi.PrettyMIDI:
    """A ``PrettyMIDI`` holding every part, at one constant tempo, with volume, pan and reverb set per channel."""
    import pretty_midi

    levels = list(volumes) if volumes is not None else [110] * len(parts)
    pm = pretty_midi.PrettyMIDI(resolution=_TICKS_PER_BEAT, initial_tempo=tempo_bpm)
    for part, level in zip(parts, levels, strict=True):
        instrument = pretty_midi.Instrument(program=part.program, is_drum=part.is_drum, name=part.name)
        instrument.control_changes += [
            pretty_midi.ControlChange(_CC_VOLUME, level, 0.0),
            pretty_midi.ControlChange(_CC_PAN, part.pan, 0.0),
            pretty_midi.ControlChange(_CC_REVERB, part.reverb, 0.0),
            pretty_midi.ControlChange(_CC_CHORUS, 0, 0.0),
        ]
        instrument.control_changes += [
            pretty_midi.ControlChange(c.number, c.value, c.time_ms / 1000) for c in part.controls
        ]
        instrument.notes = [
            pretty_midi.Note(velocity=n.velocity, pitch=n.pitch, start=n.start_ms / 1000, end=n.end_ms / 1000)
            for n in sorted(part.notes, key=lambda n: (n.start_ms, n.pitch))
        ]
        pm.instruments.append(instrument)
    return pm


def midi_bytes(parts: Sequence[Part], *, tempo_bpm: float, volumes: Sequence[int] | None = None) -> bytes:
    """The Standard MIDI File of the parts, as bytes."""
    buffer = io.BytesIO()
    to_pretty_midi(parts, tempo_bpm=tempo_bpm, volumes=volumes).write(buffer)
    return buffer.getvalue()
