"""Cut the General MIDI SoundFont the composer ships out of FluidR3_GM.sf2: only the presets the styles play.

A build tool, not part of the package. Anyone can regenerate the shipped asset:

    apt-get download fluid-soundfont-gm && dpkg-deb -x fluid-soundfont-gm_*.deb fluid
    python tools/curate_soundfont.py fluid/usr/share/sounds/sf2/FluidR3_GM.sf2 nemo_notebook/assets/soundfont

FluidR3_GM.sf2 is Frank Wen's Fluid (R3) SoundFont, MIT (Debian's ``fluid-soundfont-gm`` copyright: "I hereby
release Fluid under the MIT license, as described in COPYING."). The presets kept are the General MIDI programs and
drum kits that ``nemo_notebook.engine.music`` sends to the SoundFont (``wanted_presets``: every style, with every
instrument a user may name, asked through ``produce.voice_for``), plus the Standard kit (128:0), which the
synthesizer falls back to for any drum kit it cannot find. Their instruments and samples are copied (every velocity
zone, every loop, every sample's full length), the rest dropped, indices rewritten, and the file written as a
SoundFont 2.01 with the same INFO (name, author, copyright, licence comment). Two changes to what is kept: the pianos' velocity zones carry the filter cutoff of the
default velocity modulator (``with_velocity_tone``), and the steel-string guitar's release is held to 2 s
(``_RELEASE_CAP_TIMECENTS``).

The SF2 reading and writing here is our own: a RIFF ``sfbk`` with an ``INFO`` list, an ``sdta`` list (``smpl``, 16-bit
mono samples; ``sm24`` is dropped, the synthesizer reads only 16 bits) and a ``pdta`` list of nine record chunks.
"""

from __future__ import annotations

import argparse
import struct
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

_PHDR, _BAG, _MOD, _GEN, _INST, _SHDR = "<20sHHHIII", "<HH", "<HHhHH", "<HH", "<20sH", "<20sIIIIIBbHH"
_GEN_FILTER_FC, _GEN_VEL_RANGE, _GEN_INSTRUMENT, _GEN_SAMPLE_ID = 8, 44, 41, 53
# SoundFont 2.01's default modulator "note-on velocity to filter cutoff": -2400 cents at velocity 0, none at 127
_VELOCITY_TO_CUTOFF_CENTS = -2400
_TONE_STEP = 8  # velocities per zone of the piano's velocity-dependent tone
_PIANOS = range(4)  # GM 0-3: grand, bright grand, electric grand, honky-tonk
_GEN_RELEASE = 38  # releaseVolEnv, timecents
# Fluid's steel-string guitar rings 4-22 s after its note-off (releases of 2400-5351 timecents, over looped
# samples): in a strummed part every strum piles onto the last ones' tails, a wash of stacked chords (and voices,
# 2.5x the synthesizer's time of the same part on a 2 s release). Its release is held to the nylon guitar's 2 s.
_RELEASE_CAP_TIMECENTS = {(0, 25): 1200}
_SAMPLE_PAD = 46  # zero samples the spec asks after every sample
_DRUM_BANK = 128
_ROM_SAMPLE = 0x8000
_LINKED = 0x2 | 0x4 | 0x8  # right, left, linked: the sample names its other half


@dataclass(frozen=True)
class Zone:
    gens: tuple[tuple[int, int], ...]  # (operator, raw 16-bit amount)
    mods: tuple[bytes, ...]  # 10-byte modulator records, kept as they are


@dataclass(frozen=True)
class Preset:
    name: bytes
    program: int
    bank: int
    library: int
    genre: int
    morphology: int
    zones: tuple[Zone, ...]


@dataclass(frozen=True)
class Instrument:
    name: bytes
    zones: tuple[Zone, ...]


@dataclass(frozen=True)
class Sample:
    name: bytes
    data: bytes  # 16-bit little-endian mono, without the padding
    loop_start: int  # relative to the sample's first frame
    loop_end: int
    rate_hz: int
    original_pitch: int
    pitch_correction: int
    link: int
    kind: int


@dataclass(frozen=True)
class SoundFont:
    info: tuple[tuple[bytes, bytes], ...]  # INFO sub-chunks in order (id, payload)
    presets: tuple[Preset, ...]
    instruments: tuple[Instrument, ...]
    samples: tuple[Sample, ...]


def _chunks(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    while start + 8 <= end:
        cid, size = data[start : start + 4], struct.unpack_from("<I", data, start + 4)[0]
        yield cid, start + 8, size
        start += 8 + size + (size & 1)


def _records(data: bytes, chunk: tuple[int, int], fmt: str) -> list[tuple[int | bytes, ...]]:
    offset, size = chunk
    width = struct.calcsize(fmt)
    return [struct.unpack_from(fmt, data, offset + i * width) for i in range(size // width)]


def read_sf2(path: Path) -> SoundFont:
    """A SoundFont 2 file parsed into presets, instruments and samples (with their sample data)."""
    data = path.read_bytes()
    if data[:4] != b"RIFF" or data[8:12] != b"sfbk":
        raise ValueError(f"{path} is not a SoundFont 2 file (no RIFF sfbk header)")
    lists: dict[bytes, dict[bytes, tuple[int, int]]] = {}
    for cid, offset, size in _chunks(data, 12, len(data)):
        if cid == b"LIST":
            lists[data[offset : offset + 4]] = {c: (o, s) for c, o, s in _chunks(data, offset + 4, offset + size)}
    info = tuple((c, data[o : o + s]) for c, (o, s) in lists[b"INFO"].items())
    smpl_offset, _ = lists[b"sdta"][b"smpl"]
    pdta = lists[b"pdta"]
    bags = {kind: _records(data, pdta[kind], _BAG) for kind in (b"pbag", b"ibag")}
    gens = {kind: _records(data, pdta[kind], _GEN) for kind in (b"pgen", b"igen")}
    mods = {kind: [data[pdta[kind][0] + i * 10 : pdta[kind][0] + i * 10 + 10] for i in range(pdta[kind][1] // 10)]
            for kind in (b"pmod", b"imod")}  # fmt: skip

    def zones(bag_kind: bytes, gen_kind: bytes, mod_kind: bytes, first: int, last: int) -> tuple[Zone, ...]:
        table = bags[bag_kind]
        out = []
        for i in range(first, last):
            g0, m0, g1, m1 = (int(x) for x in (*table[i], *table[i + 1]))
            out.append(Zone(tuple((int(o), int(a)) for o, a in gens[gen_kind][g0:g1]), tuple(mods[mod_kind][m0:m1])))
        return tuple(out)

    phdr = _records(data, pdta[b"phdr"], _PHDR)
    presets = tuple(
        Preset(bytes(h[0]), int(h[1]), int(h[2]), int(h[4]), int(h[5]), int(h[6]),
               zones(b"pbag", b"pgen", b"pmod", int(h[3]), int(phdr[i + 1][3])))
        for i, h in enumerate(phdr[:-1])
    )  # fmt: skip
    inst = _records(data, pdta[b"inst"], _INST)
    instruments = tuple(
        Instrument(bytes(h[0]), zones(b"ibag", b"igen", b"imod", int(h[1]), int(inst[i + 1][1])))
        for i, h in enumerate(inst[:-1])
    )
    samples = []
    for name, start, end, loop_start, loop_end, rate, pitch, correction, link, kind in _records(
        data, pdta[b"shdr"], _SHDR
    )[:-1]:
        assert isinstance(start, int) and isinstance(end, int) and isinstance(loop_start, int)
        assert isinstance(loop_end, int) and isinstance(kind, int)
        if kind & _ROM_SAMPLE:
            raise ValueError(f"sample {name!r} lives in a ROM; this tool copies only RAM samples")
        samples.append(
            Sample(
                bytes(name),
                data[smpl_offset + 2 * start : smpl_offset + 2 * end],
                loop_start - start,
                loop_end - start,
                int(rate),
                int(pitch),
                int(correction),
                int(link),
                kind,
            )
        )
    return SoundFont(info, presets, instruments, tuple(samples))


def subset(font: SoundFont, wanted: Iterable[tuple[int, int]]) -> SoundFont:
    """Only the presets ``wanted`` as (bank, program), with the instruments and samples they reach, re-indexed."""
    keys = set(wanted)
    presets = [p for p in font.presets if (p.bank, p.program) in keys]
    missing = keys - {(p.bank, p.program) for p in presets}
    if missing:
        raise ValueError(f"the source SoundFont has no preset for (bank, program) {sorted(missing)}")
    inst_ids = sorted({i for p in presets for z in p.zones if (i := _ref(z, _GEN_INSTRUMENT)) is not None})
    inst_map = {old: new for new, old in enumerate(inst_ids)}
    sample_ids = {s for i in inst_ids for z in font.instruments[i].zones if (s := _ref(z, _GEN_SAMPLE_ID)) is not None}
    sample_ids |= {font.samples[s].link for s in sample_ids if font.samples[s].kind & _LINKED}  # stereo pairs stay
    sample_list = sorted(sample_ids)
    sample_map = {old: new for new, old in enumerate(sample_list)}
    new_presets = tuple(
        replace(p, zones=tuple(_remap(z, _GEN_INSTRUMENT, inst_map) for z in p.zones))
        for p in sorted(presets, key=lambda p: (p.bank, p.program))
    )
    new_instruments = tuple(
        replace(
            font.instruments[i], zones=tuple(_remap(z, _GEN_SAMPLE_ID, sample_map) for z in font.instruments[i].zones)
        )
        for i in inst_ids
    )
    new_samples = tuple(
        replace(font.samples[s], link=sample_map[font.samples[s].link] if font.samples[s].kind & _LINKED else 0)
        for s in sample_list
    )
    return replace(font, presets=new_presets, instruments=new_instruments, samples=new_samples)


def preset_name(preset: Preset) -> str:
    """The preset's name as text (the record's zero padding dropped)."""
    return preset.name.split(b"\0")[0].decode("latin-1")


def with_velocity_tone(preset: Preset) -> Preset:
    """The preset with the default modulator "velocity to filter cutoff" written into its velocity zones.

    The synthesizer the engine uses (rustysynth) reads no modulators, so a piano played soft would only be quieter,
    not darker. Here every preset zone that names a velocity range is cut into ranges of ``_TONE_STEP`` velocities,
    and each gets the filter cutoff offset the modulator would give its middle velocity (a preset-level
    generator, added to the instrument's cutoff). A player that does apply the default modulator darkens soft notes
    twice.
    """
    zones: list[Zone] = []
    for zone in preset.zones:
        found = _ref(zone, _GEN_VEL_RANGE)
        if found is None or _ref(zone, _GEN_INSTRUMENT) is None:
            zones.append(zone)
            continue
        low, high = found & 0xFF, found >> 8
        for start in range(low, high + 1, _TONE_STEP):
            end = min(high, start + _TONE_STEP - 1)
            cents = _signed(_ref(zone, _GEN_FILTER_FC) or 0)
            cents += round(_VELOCITY_TO_CUTOFF_CENTS * (127 - (start + end) / 2) / 127)
            gens = [
                (op, (end << 8) | start if op == _GEN_VEL_RANGE else a) for op, a in zone.gens if op != _GEN_FILTER_FC
            ]
            gens.insert(len(gens) - 1, (_GEN_FILTER_FC, cents & 0xFFFF))  # the instrument generator stays last
            zones.append(replace(zone, gens=tuple(gens)))
    return replace(preset, zones=tuple(zones))


def with_release_cap(font: SoundFont, preset: Preset, cap_timecents: int) -> SoundFont:
    """``font`` with the release of every instrument zone ``preset`` plays held to ``cap_timecents`` at most."""

    def capped(zone: Zone) -> Zone:
        return replace(zone, gens=tuple((op, min(_signed(a), cap_timecents) & 0xFFFF if op == _GEN_RELEASE else a)
                                        for op, a in zone.gens))  # fmt: skip

    used = {i for z in preset.zones if (i := _ref(z, _GEN_INSTRUMENT)) is not None}
    instruments = tuple(
        replace(inst, zones=tuple(capped(z) for z in inst.zones)) if index in used else inst
        for index, inst in enumerate(font.instruments)
    )
    return replace(font, instruments=instruments)


def _signed(amount: int) -> int:
    return amount - 0x10000 if amount & 0x8000 else amount


def _ref(zone: Zone, operator: int) -> int | None:
    return next((amount for op, amount in zone.gens if op == operator), None)


def _remap(zone: Zone, operator: int, mapping: dict[int, int]) -> Zone:
    return replace(zone, gens=tuple((op, mapping[a] if op == operator else a) for op, a in zone.gens))


def _chunk(cid: bytes, payload: bytes) -> bytes:
    return cid + struct.pack("<I", len(payload)) + payload + (b"\0" if len(payload) & 1 else b"")


def _list(kind: bytes, body: bytes) -> bytes:
    return _chunk(b"LIST", kind + body)


def sf2_bytes(font: SoundFont, *, with_samples: bool = True) -> bytes:
    """``font`` as a SoundFont 2.01 file (with an empty ``smpl`` chunk when not ``with_samples``)."""
    smpl, shdr = bytearray(), bytearray()
    for s in font.samples:
        start = len(smpl) // 2
        smpl += s.data + bytes(2 * _SAMPLE_PAD)
        frames = len(s.data) // 2
        shdr += struct.pack(_SHDR, s.name, start, start + frames, start + s.loop_start, start + s.loop_end,
                            s.rate_hz, s.original_pitch, s.pitch_correction, s.link, s.kind)  # fmt: skip
    shdr += struct.pack(_SHDR, b"EOS", 0, 0, 0, 0, 0, 0, 0, 0, 0)
    phdr, pbag, pmod, pgen = _hydra(font.presets, b"EOP")
    inst, ibag, imod, igen = _hydra(font.instruments, b"EOI")
    pdta = b"".join(
        _chunk(c, p)
        for c, p in ((b"phdr", phdr), (b"pbag", pbag), (b"pmod", pmod), (b"pgen", pgen), (b"inst", inst),
                     (b"ibag", ibag), (b"imod", imod), (b"igen", igen), (b"shdr", bytes(shdr)))
    )  # fmt: skip
    info = b"".join(_chunk(c, p) for c, p in font.info)
    sdta = _chunk(b"smpl", bytes(smpl) if with_samples else b"")
    return _chunk(b"RIFF", b"sfbk" + _list(b"INFO", info) + _list(b"sdta", sdta) + _list(b"pdta", pdta))


def sample_stream(font: SoundFont) -> bytes:
    """The ``smpl`` chunk's payload: every sample followed by the spec's padding, as ``sf2_bytes`` lays them out."""
    return b"".join(s.data + bytes(2 * _SAMPLE_PAD) for s in font.samples)


def write_packed(font: SoundFont, directory: Path) -> tuple[Path, Path]:
    """The SoundFont as the package ships it: ``NemoGM.sf2`` (an empty ``smpl`` chunk) and its samples as FLAC."""
    import numpy as np
    import soundfile as sf

    from nemo_notebook.engine.music.soundfont import with_samples

    directory.mkdir(parents=True, exist_ok=True)
    font_path, samples_path = directory / "NemoGM.sf2", directory / "NemoGM-samples.flac"
    font_path.write_bytes(sf2_bytes(font, with_samples=False))
    samples = np.frombuffer(sample_stream(font), dtype="<i2")
    sf.write(str(samples_path), samples, 44_100, format="FLAC", subtype="PCM_16")
    decoded, _ = sf.read(str(samples_path), dtype="int16")
    if with_samples(font_path.read_bytes(), decoded.astype("<i2").tobytes()) != sf2_bytes(font):
        raise RuntimeError("the packed SoundFont does not unpack to the curated one")
    return font_path, samples_path


def _hydra(headers: Iterable[Preset] | Iterable[Instrument], terminal: bytes) -> tuple[bytes, bytes, bytes, bytes]:
    """The header, bag, modulator and generator chunks of presets or instruments."""
    hdr, bag, mod, gen = bytearray(), bytearray(), bytearray(), bytearray()
    zones = 0

    def zone_records(zs: tuple[Zone, ...]) -> None:
        nonlocal zones
        for z in zs:
            bag.extend(struct.pack(_BAG, len(gen) // 4, len(mod) // 10))
            for m in z.mods:
                mod.extend(m)
            for op, amount in z.gens:
                gen.extend(struct.pack(_GEN, op, amount))
            zones += 1

    for h in headers:
        if isinstance(h, Preset):
            hdr += struct.pack(_PHDR, h.name, h.program, h.bank, zones, h.library, h.genre, h.morphology)
        else:
            hdr += struct.pack(_INST, h.name, zones)
        zone_records(h.zones)
    is_preset = terminal == b"EOP"
    hdr += struct.pack(_PHDR, terminal, 0, 0, zones, 0, 0, 0) if is_preset else struct.pack(_INST, terminal, zones)
    bag += struct.pack(_BAG, len(gen) // 4, len(mod) // 10)
    mod += bytes(10)
    gen += bytes(4)
    return bytes(hdr), bytes(bag), bytes(mod), bytes(gen)


def wanted_presets() -> list[tuple[int, int]]:
    """(bank, program) of every preset the composer can send to the SoundFont, and the Standard kit (128:0)."""
    from nemo_notebook.engine.music.produce import soundfont_presets

    return sorted(soundfont_presets() | {(_DRUM_BANK, 0)})


def main(argv: list[str] | None = None) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the package beside this tool
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="FluidR3_GM.sf2 (Debian's fluid-soundfont-gm)")
    parser.add_argument("directory", type=Path, help="where NemoGM.sf2 and NemoGM-samples.flac are written")
    parser.add_argument("--whole", type=Path, help="also write the curated SoundFont as one ordinary .sf2 file here")
    args = parser.parse_args(argv)
    curated = subset(read_sf2(args.source), wanted_presets())
    curated = replace(curated, presets=tuple(
        with_velocity_tone(p) if p.bank == 0 and p.program in _PIANOS else p for p in curated.presets))  # fmt: skip
    for p in curated.presets:
        if (p.bank, p.program) in _RELEASE_CAP_TIMECENTS:
            curated = with_release_cap(curated, p, _RELEASE_CAP_TIMECENTS[(p.bank, p.program)])
    written = write_packed(curated, args.directory)
    if args.whole:
        args.whole.write_bytes(sf2_bytes(curated))
    for p in curated.presets:
        print(f"{p.bank:3d}:{p.program:3d} {preset_name(p)}")
    frames = sum(len(s.data) // 2 for s in curated.samples)
    print(f"{len(curated.presets)} presets, {len(curated.instruments)} instruments, {len(curated.samples)} samples "
          f"({frames / 44_100:.0f} s of audio at 44.1 kHz); {sum(p.stat().st_size for p in written) / 1e6:.1f} MB "
          f"packed, {len(sf2_bytes(curated)) / 1e6:.1f} MB as one .sf2")  # fmt: skip


if __name__ == "__main__":
    main()
