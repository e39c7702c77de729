"""The SoundFont reader, cutter and writer the synthesizer is handed its fonts through: a part renders the same on
the font cut to its preset as on the whole font, and the file comes back byte for byte."""

from __future__ import annotations

import io
import struct

import numpy as np
import pytest
import soundfile as sf

from nemo_notebook.engine.music import synth
from nemo_notebook.engine.music.brief import brief_from_words
from nemo_notebook.engine.music.compose import compose
from nemo_notebook.engine.music.notes import Note, Part
from nemo_notebook.engine.music.produce import voice_for
from nemo_notebook.engine.music.sf2 import (
    GEN_INSTRUMENT,
    GEN_KEY_RANGE,
    GEN_SAMPLE_ID,
    Preset,
    SoundFont,
    SoundFontFormatError,
    Zone,
    parse_sf2,
    ref,
    sf2_bytes,
    subset,
)
from nemo_notebook.engine.music.soundfont import font_for, soundfont_bytes, soundfont_path
from nemo_notebook.engine.music.styles import STYLES


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
    assert len(cut) < len(whole) / 2  # the fast strings, the largest preset, are 34 of the font's 104 MB
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


_GEN_ROOT_KEY = 58  # overridingRootKey


def _keys(zone: Zone) -> range:
    found = ref(zone, GEN_KEY_RANGE)
    return range(128) if found is None else range(found & 0xFF, (found >> 8) + 1)


def test_every_note_the_styles_play_lands_on_a_sample_recorded_near_its_pitch() -> None:
    # the curated font keeps only the zones of keys the composer plays, and stretches its outer zones over the rest:
    # a note played there would be a sample pitched far from where it was recorded
    font = parse_sf2(soundfont_path().read_bytes())  # headers only: the samples are in the FLAC beside it
    presets = {(p.bank, p.program): p for p in font.presets}
    for style in [*STYLES, "solo piano"]:
        piece = compose(brief_from_words(f"a {style} 20-second track in B major"), seed=11)
        for part in piece.parts:
            if voice_for(part, piece.style) is not None:
                continue
            preset = presets[synth.preset_of(part)]
            for pitch in {n.pitch for n in part.notes}:
                roots = [
                    _root(z, font.samples[s].original_pitch)
                    for pz in preset.zones
                    if (i := ref(pz, GEN_INSTRUMENT)) is not None and pitch in _keys(pz)
                    for z in font.instruments[i].zones
                    if (s := ref(z, GEN_SAMPLE_ID)) is not None and pitch in _keys(z)
                ]
                assert roots, (style, part.name, part.program, pitch)
                one_sample = len(_all_roots(font, preset)) == 1  # Fluid's whistle: one recording for every key
                near = min(abs(pitch - r) for r in roots) <= 12
                assert part.is_drum or one_sample or near, (style, part.program, pitch, roots)


def _all_roots(font: SoundFont, preset: Preset) -> set[int]:
    return {
        _root(z, font.samples[s].original_pitch)
        for pz in preset.zones
        if (i := ref(pz, GEN_INSTRUMENT)) is not None
        for z in font.instruments[i].zones
        if (s := ref(z, GEN_SAMPLE_ID)) is not None
    }


def _root(zone: Zone, original_pitch: int) -> int:
    found = ref(zone, _GEN_ROOT_KEY)
    return original_pitch if found is None or found == 0xFFFF else found
