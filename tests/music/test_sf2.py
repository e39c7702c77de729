"""The SoundFont reader, cutter and writer the synthesizer is handed its fonts through: a part renders the same on
the font cut to its preset as on the whole font, and the file comes back byte for byte."""

from __future__ import annotations

import io
import struct

import numpy as np
import pytest
import soundfile as sf

from nemo_notebook.engine.music import synth
from nemo_notebook.engine.music.notes import Note, Part
from nemo_notebook.engine.music.sf2 import GEN_SAMPLE_ID, SoundFontFormatError, parse_sf2, ref, sf2_bytes, subset
from nemo_notebook.engine.music.soundfont import font_for, soundfont_bytes


def _render(font: bytes, part: Part) -> np.ndarray:
    import midirenderer

    from nemo_notebook.engine.music.midi import midi_bytes

    wav = midirenderer.render_wave_from(font, midi_bytes([part], tempo_bpm=120.0))
    return np.asarray(sf.read(io.BytesIO(wav), dtype="float32", always_2d=True)[0])


@pytest.mark.parametrize(
    ("name", "program", "is_drum"), [("arp", 0, False), ("pad", 48, False), ("arp", 46, False), ("drums", 16, True)]
)
def test_a_part_renders_the_same_on_the_font_cut_to_its_preset_as_on_the_whole_font(
    name: str, program: int, is_drum: bool
) -> None:
    pitches = (36, 38, 42, 49) if is_drum else (43, 55, 64, 72, 88)  # across the zones' key ranges
    notes = tuple(Note(p, i * 150.0, i * 150.0 + 400.0, 40 + 20 * i) for i, p in enumerate(pitches))
    part = Part(name, program, is_drum, notes)
    whole = soundfont_bytes()
    cut = font_for([synth.preset_of(part)])
    assert len(cut) < len(whole) / 3
    full_render, cut_render = _render(whole, part), _render(cut, part)
    assert np.abs(full_render).max() > 0.01  # it sounds
    assert full_render.shape == cut_render.shape
    assert np.abs(full_render - cut_render).max() < 1e-4


def test_the_shipped_font_reads_and_writes_back_byte_for_byte() -> None:
    whole = soundfont_bytes()
    assert sf2_bytes(parse_sf2(whole)) == whole


def test_a_cut_font_holds_only_its_presets_and_the_samples_they_reach_stereo_pairs_whole() -> None:
    font = parse_sf2(soundfont_bytes())
    cut = parse_sf2(sf2_bytes(subset(font, [(0, 0), (128, 16)])))
    assert [(p.bank, p.program) for p in cut.presets] == [(0, 0), (128, 16)]
    reached = {ref(z, GEN_SAMPLE_ID) for inst in cut.instruments for z in inst.zones} - {None}
    assert reached and len(cut.samples) < len(font.samples)
    partners = {s.link for i, s in enumerate(cut.samples) if i in reached and s.kind in (2, 4)}
    assert set(range(len(cut.samples))) == reached | partners  # nothing unreached, no half of a pair lost
    whole = {s.name: s for s in font.samples}
    for sample in cut.samples:  # a right or left half names the same partner as in the whole font (by name)
        if sample.kind in (2, 4):
            assert cut.samples[sample.link].name == font.samples[whole[sample.name].link].name


def test_a_preset_the_font_lacks_gets_the_whole_font_so_the_synthesizer_falls_back_as_before() -> None:
    assert font_for([(0, 0), (0, 127)]) is soundfont_bytes()  # no gunshot in the curated font
    assert font_for([(0, 0)]) is font_for([(0, 0)])  # made once


def test_bytes_that_are_not_a_soundfont_are_refused_clearly() -> None:
    with pytest.raises(SoundFontFormatError, match="not a SoundFont 2 file"):
        parse_sf2(b"RIFF" + struct.pack("<I", 4) + b"WAVE")
