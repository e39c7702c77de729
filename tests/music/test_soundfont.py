"""The shipped SoundFont: the one the synthesizer reads, MIT with its licence beside it, holding every preset a style
plays, its piano darker when played soft and pedalled where it leads; and no code path left that reads pretty_midi's
GPL TimGM6mb.sf2."""

from __future__ import annotations

import ast
import re
import struct
from dataclasses import replace
from pathlib import Path

import numpy as np

import nemo_notebook
from nemo_notebook.engine.music import synth
from nemo_notebook.engine.music.brief import brief_from_words
from nemo_notebook.engine.music.compose import compose
from nemo_notebook.engine.music.notes import Note, Part
from nemo_notebook.engine.music.produce import soundfont_presets
from nemo_notebook.engine.music.soundfont import font_for, licence_path, samples_path, soundfont_bytes, soundfont_path

PACKAGE = Path(nemo_notebook.__file__).parent
REPO = PACKAGE.parent


def _presets(font: bytes) -> set[tuple[int, int]]:
    """(bank, program) of every preset header in a SoundFont 2 file (read here with struct, not with our reader)."""
    at = font.index(b"phdr")
    size = struct.unpack_from("<I", font, at + 4)[0]
    records = [struct.unpack_from("<20sHH", font, at + 8 + i) for i in range(0, size - 38, 38)]  # EOP dropped
    return {(bank, program) for _, program, bank in records}


def test_the_synthesizer_reads_the_soundfont_shipped_in_the_package_with_its_mit_licence_beside_it() -> None:
    assets = PACKAGE / "assets" / "soundfont"
    assert soundfont_path().parent == assets and samples_path().parent == assets and licence_path().parent == assets
    assert synth.font_for is font_for  # render_parts hands midirenderer the shipped font cut to the parts' presets
    font = soundfont_bytes()
    assert font[:4] == b"RIFF" and font[8:12] == b"sfbk" and struct.unpack_from("<I", font, 4)[0] == len(font) - 8
    assert b"Frank Wen" in font and b"MIT" in font  # its INFO names the author and the licence
    licence = licence_path().read_text()
    assert "Frank Wen" in licence and "MIT license" in licence and "Permission is hereby granted" in licence
    assert "GNU GENERAL PUBLIC" not in licence.upper()
    assert 20e6 < len(font) < 120e6  # the whole curated font (104 MB), not TimGM6mb's 6 MB nor FluidR3's 148 MB
    wheel_data = re.search(r"nemo_notebook = \[(.*)\]", (REPO / "pyproject.toml").read_text())
    assert wheel_data and '"assets/soundfont/*"' in wheel_data.group(1)  # the wheel carries it


def _code_reading_pretty_midis_soundfont(source: str) -> list[str]:
    """Strings naming TimGM6mb (docstrings aside) and ``pretty_midi.__file__`` (the way to its folder) in code."""
    tree = ast.parse(source)
    docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    found = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
             and "timgm" in n.value.lower() and id(n) not in docstrings]  # fmt: skip
    found += [ast.unparse(n) for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "__file__"
              and isinstance(n.value, ast.Name) and n.value.id == "pretty_midi"]  # fmt: skip
    return found


def test_no_code_path_reads_pretty_midis_timgm6mb_soundfont() -> None:
    assert _code_reading_pretty_midis_soundfont('import pretty_midi\np = pretty_midi.__file__ + "/TimGM6mb.sf2"\n')
    for path in [*PACKAGE.rglob("*.py"), *(REPO / "tools").rglob("*.py")]:
        assert not _code_reading_pretty_midis_soundfont(path.read_text()), path


def test_the_shipped_soundfont_holds_every_preset_a_style_sends_it() -> None:
    wanted = soundfont_presets()
    # the styles' acoustic instruments: piano, steel guitar, strings, cello, the Power and Brush kits, at least
    assert {(0, 0), (0, 25), (0, 48), (0, 42), (128, 16), (128, 40)} <= wanted
    held = _presets(soundfont_bytes())
    assert wanted <= held, f"missing from the SoundFont: {sorted(wanted - held)}"
    assert (128, 0) in held  # the Standard kit, which the synthesizer falls back to for any kit it lacks


def test_the_piano_played_soft_is_darker_not_only_quieter() -> None:
    def top_share_db(velocity: int) -> float:
        note = Part("arp", 0, False, (Note(60, 0.0, 1_500.0, velocity),), reverb=0)
        audio = synth.render_parts([note], tempo_bpm=120.0)[: synth.SAMPLE_RATE].mean(axis=1)
        power = np.abs(np.fft.rfft(audio * np.hanning(len(audio)))) ** 2
        freqs = np.fft.rfftfreq(len(audio), 1 / synth.SAMPLE_RATE)
        return float(10 * np.log10(power[freqs > 2_000].sum() / power.sum()))

    soft, loud = top_share_db(40), top_share_db(110)
    assert loud - soft > 2.5, (soft, loud)  # the share of the spectrum above 2 kHz, whatever the level


def test_a_piano_led_piece_holds_the_sustain_pedal_through_each_harmony_and_its_notes_ring_on() -> None:
    piece = compose(brief_from_words("solo piano, 20 seconds"), seed=1)
    arp = next(p for p in piece.parts if p.name == "arp")
    pedal = [(c.time_ms, c.value) for c in arp.controls if c.number == 64]
    assert pedal[0] == (0.0, 127)
    lifts = [t for t, v in pedal if v == 0]
    for bar_line in piece.downbeats_ms[1:-1]:  # lifted just after every bar line, pressed again within 0.2 s
        assert any(0 < t - bar_line < 60 for t in lifts), bar_line
    assert all(any(0 < t - lift < 200 and v == 127 for t, v in pedal) for lift in lifts)
    hiphop = compose(brief_from_words("a hip hop 20-second track"), seed=1)  # piano comping stays dry
    assert not any(c.number == 64 for p in hiphop.parts for c in p.controls)

    def between_notes_db(part: Part) -> float:
        """The median level of its 50 ms blocks: what sounds between the attacks, which the mean level hides."""
        audio = synth.render_parts([part], tempo_bpm=piece.tempo_bpm)[: 10 * synth.SAMPLE_RATE]
        blocks = np.square(audio, dtype=np.float64).mean(axis=1).reshape(-1, synth.SAMPLE_RATE // 20).mean(axis=1)
        return float(10 * np.log10(np.median(blocks)))

    # the pedal holds what the fingers let go: the arpeggio played staccato rings on with it, and stops without it
    # (6.0 dB on the Salamander piano, whose notes fall 18 dB in their first second as recorded; 9.2 on Fluid's)
    staccato = replace(arp, notes=tuple(replace(n, end_ms=n.start_ms + 100.0) for n in arp.notes))
    assert between_notes_db(staccato) - between_notes_db(replace(staccato, controls=())) > 4.0
