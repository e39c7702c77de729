"""SoundFont 2 files read into presets, instruments and samples, cut down to some presets, and written back.

A SoundFont 2 file is a RIFF ``sfbk`` with an ``INFO`` list, an ``sdta`` list (``smpl``: 16-bit mono samples; an
``sm24`` chunk is dropped, the synthesizer reads only 16 bits) and a ``pdta`` list of nine record chunks (the
"hydra": preset and instrument headers, their zones' bags, modulators and generators, and the sample headers).

The synthesizer is handed, for each render, a font holding only the presets that render plays (``subset``): it
parses the whole file it is given on every call, and a part's preset weighs 1-31 MB (the piano's five velocity layers
the most) against the curated font's 75 MB.
``tools/curate_soundfont.py`` uses the same reader and writer to cut the shipped font out of Fluid R3.
"""

from __future__ import annotations

import itertools
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from ..errors import EngineError

_PHDR, _BAG, _GEN, _INST, _SHDR = "<20sHHHIII", "<HH", "<HH", "<20sH", "<20sIIIIIBbHH"
GEN_KEY_RANGE, GEN_INSTRUMENT, GEN_SAMPLE_ID = 43, 41, 53
_SAMPLE_PAD = 46  # zero samples the spec asks after every sample
_ROM_SAMPLE = 0x8000
_LINKED = 0x2 | 0x4 | 0x8  # right, left, linked: the sample names its other half

Record = tuple[int | bytes, ...]


class SoundFontFormatError(EngineError):
    """The bytes are not a SoundFont 2 file this reader understands."""


@dataclass(frozen=True)
class Zone:
    """A preset's or an instrument's zone: its generators and its modulators."""

    gens: tuple[tuple[int, int], ...]  # (operator, raw 16-bit amount)
    mods: tuple[bytes, ...]  # 10-byte modulator records, kept as they are


@dataclass(frozen=True)
class Preset:
    """A preset (bank, program) and its zones, each naming an instrument (but a global zone)."""

    name: bytes
    program: int
    bank: int
    library: int
    genre: int
    morphology: int
    zones: tuple[Zone, ...]


@dataclass(frozen=True)
class Instrument:
    """An instrument and its zones, each naming a sample (but a global zone)."""

    name: bytes
    zones: tuple[Zone, ...]


@dataclass(frozen=True)
class Sample:
    """A sample's header and its data."""

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
    """A whole SoundFont 2 file: its INFO chunks, presets, instruments and samples."""

    info: tuple[tuple[bytes, bytes], ...]  # INFO sub-chunks in order (id, payload)
    presets: tuple[Preset, ...]
    instruments: tuple[Instrument, ...]
    samples: tuple[Sample, ...]


def _chunks(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    while start + 8 <= end:
        cid, size = data[start : start + 4], struct.unpack_from("<I", data, start + 4)[0]
        yield cid, start + 8, size
        start += 8 + size + (size & 1)


def _records(data: bytes, chunk: tuple[int, int], fmt: str) -> list[Record]:
    offset, size = chunk
    width = struct.calcsize(fmt)
    return [struct.unpack_from(fmt, data, offset + i * width) for i in range(size // width)]


def parse_sf2(data: bytes) -> SoundFont:
    """A SoundFont 2 file parsed into presets, instruments and samples (with their sample data).

    Raises
    ------
    SoundFontFormatError
        When ``data`` is not a RIFF ``sfbk`` file, or a sample lives in a ROM.
    """
    if data[:4] != b"RIFF" or data[8:12] != b"sfbk":
        raise SoundFontFormatError("not a SoundFont 2 file (no RIFF sfbk header)")
    lists: dict[bytes, dict[bytes, tuple[int, int]]] = {}
    for cid, offset, size in _chunks(data, 12, len(data)):
        if cid == b"LIST":
            lists[data[offset : offset + 4]] = {c: (o, s) for c, o, s in _chunks(data, offset + 4, offset + size)}
    info = tuple((c, data[o : o + s]) for c, (o, s) in lists[b"INFO"].items())
    pdta = lists[b"pdta"]
    presets = _presets(data, pdta)
    instruments = _instruments(data, pdta)
    samples = _samples(data, pdta, lists[b"sdta"][b"smpl"][0])
    return SoundFont(info, presets, instruments, samples)


def _zones(data: bytes, pdta: dict[bytes, tuple[int, int]], kind: str) -> list[Zone]:
    """Every zone of the presets (``kind`` "p") or instruments ("i"), in file order (the terminal one dropped)."""
    bags = _records(data, pdta[f"{kind}bag".encode()], _BAG)
    gens = _records(data, pdta[f"{kind}gen".encode()], _GEN)
    mod_at, mod_size = pdta[f"{kind}mod".encode()]
    mods = [data[mod_at + i : mod_at + i + 10] for i in range(0, mod_size - 9, 10)]
    zones = []
    for here, after in itertools.pairwise(bags):
        g0, m0, g1, m1 = (int(x) for x in (*here, *after))
        zones.append(Zone(tuple((int(o), int(a)) for o, a in gens[g0:g1]), tuple(mods[m0:m1])))
    return zones


def _presets(data: bytes, pdta: dict[bytes, tuple[int, int]]) -> tuple[Preset, ...]:
    zones = _zones(data, pdta, "p")
    phdr = _records(data, pdta[b"phdr"], _PHDR)
    return tuple(
        Preset(bytes(h[0]), int(h[1]), int(h[2]), int(h[4]), int(h[5]), int(h[6]),
               tuple(zones[int(h[3]) : int(after[3])]))
        for h, after in itertools.pairwise(phdr)
    )  # fmt: skip


def _instruments(data: bytes, pdta: dict[bytes, tuple[int, int]]) -> tuple[Instrument, ...]:
    zones = _zones(data, pdta, "i")
    inst = _records(data, pdta[b"inst"], _INST)
    return tuple(
        Instrument(bytes(h[0]), tuple(zones[int(h[1]) : int(after[1])])) for h, after in itertools.pairwise(inst)
    )


def _samples(data: bytes, pdta: dict[bytes, tuple[int, int]], smpl_at: int) -> tuple[Sample, ...]:
    samples = []
    for name, start, end, loop_start, loop_end, rate, pitch, correction, link, kind in _records(
        data, pdta[b"shdr"], _SHDR
    )[:-1]:
        first, kind = int(start), int(kind)
        if kind & _ROM_SAMPLE:
            raise SoundFontFormatError(f"sample {name!r} lives in a ROM; only RAM samples are read")
        samples.append(
            Sample(bytes(name), data[smpl_at + 2 * first : smpl_at + 2 * int(end)], int(loop_start) - first,
                   int(loop_end) - first, int(rate), int(pitch), int(correction), int(link), kind)
        )  # fmt: skip
    return tuple(samples)


def subset(font: SoundFont, wanted: Iterable[tuple[int, int]]) -> SoundFont:
    """Only the presets ``wanted`` as (bank, program), with the instruments and samples they reach, re-indexed.

    Raises
    ------
    KeyError
        When the font has no preset for one of ``wanted``.
    """
    keys = set(wanted)
    presets = [p for p in font.presets if (p.bank, p.program) in keys]
    missing = keys - {(p.bank, p.program) for p in presets}
    if missing:
        raise KeyError(f"the SoundFont has no preset for (bank, program) {sorted(missing)}")
    inst_ids = sorted({i for p in presets for z in p.zones if (i := ref(z, GEN_INSTRUMENT)) is not None})
    inst_map = {old: new for new, old in enumerate(inst_ids)}
    sample_ids = {s for i in inst_ids for z in font.instruments[i].zones if (s := ref(z, GEN_SAMPLE_ID)) is not None}
    sample_ids |= {font.samples[s].link for s in sample_ids if font.samples[s].kind & _LINKED}  # stereo pairs stay
    sample_list = sorted(sample_ids)
    sample_map = {old: new for new, old in enumerate(sample_list)}
    new_presets = tuple(
        replace(p, zones=tuple(_remap(z, GEN_INSTRUMENT, inst_map) for z in p.zones))
        for p in sorted(presets, key=lambda p: (p.bank, p.program))
    )
    new_instruments = tuple(
        replace(
            font.instruments[i], zones=tuple(_remap(z, GEN_SAMPLE_ID, sample_map) for z in font.instruments[i].zones)
        )
        for i in inst_ids
    )
    new_samples = tuple(
        replace(font.samples[s], link=sample_map[font.samples[s].link] if font.samples[s].kind & _LINKED else 0)
        for s in sample_list
    )
    return replace(font, presets=new_presets, instruments=new_instruments, samples=new_samples)


def ref(zone: Zone, operator: int) -> int | None:
    """The raw amount of the zone's generator ``operator``, or None when the zone has none."""
    return next((amount for op, amount in zone.gens if op == operator), None)


def _remap(zone: Zone, operator: int, mapping: dict[int, int]) -> Zone:
    return replace(zone, gens=tuple((op, mapping[a] if op == operator else a) for op, a in zone.gens))


def chunk(cid: bytes, payload: bytes) -> bytes:
    """One RIFF chunk: its id, its size, its payload and a pad byte when the size is odd."""
    return cid + struct.pack("<I", len(payload)) + payload + (b"\0" if len(payload) & 1 else b"")


def _list(kind: bytes, body: bytes) -> bytes:
    return chunk(b"LIST", kind + body)


def sf2_bytes(font: SoundFont, *, with_samples: bool = True) -> bytes:
    """``font`` as a SoundFont 2.01 file (with an empty ``smpl`` chunk when not ``with_samples``)."""
    shdr = bytearray()
    start = 0
    for s in font.samples:
        frames = len(s.data) // 2
        shdr += struct.pack(_SHDR, s.name, start, start + frames, start + s.loop_start, start + s.loop_end,
                            s.rate_hz, s.original_pitch, s.pitch_correction, s.link, s.kind)  # fmt: skip
        start += frames + _SAMPLE_PAD
    shdr += struct.pack(_SHDR, b"EOS", 0, 0, 0, 0, 0, 0, 0, 0, 0)
    phdr, pbag, pmod, pgen = _hydra(font.presets, b"EOP")
    inst, ibag, imod, igen = _hydra(font.instruments, b"EOI")
    pdta = b"".join(
        chunk(c, p)
        for c, p in ((b"phdr", phdr), (b"pbag", pbag), (b"pmod", pmod), (b"pgen", pgen), (b"inst", inst),
                     (b"ibag", ibag), (b"imod", imod), (b"igen", igen), (b"shdr", bytes(shdr)))
    )  # fmt: skip
    info = b"".join(chunk(c, p) for c, p in font.info)
    sdta = chunk(b"smpl", sample_stream(font) if with_samples else b"")
    return chunk(b"RIFF", b"sfbk" + _list(b"INFO", info) + _list(b"sdta", sdta) + _list(b"pdta", pdta))


def sample_stream(font: SoundFont) -> bytes:
    """The ``smpl`` chunk's payload: every sample followed by the spec's padding, as ``sf2_bytes`` lays them out."""
    pad = bytes(2 * _SAMPLE_PAD)
    return b"".join(part for s in font.samples for part in (s.data, pad))


def _hydra(headers: Iterable[Preset] | Iterable[Instrument], terminal: bytes) -> tuple[bytes, bytes, bytes, bytes]:
    """The header, bag, modulator and generator chunks of presets or instruments."""
    hdr, bag, mod, gen = bytearray(), bytearray(), bytearray(), bytearray()
    zones = 0
    for h in headers:
        if isinstance(h, Preset):
            hdr += struct.pack(_PHDR, h.name, h.program, h.bank, zones, h.library, h.genre, h.morphology)
        else:
            hdr += struct.pack(_INST, h.name, zones)
        for z in h.zones:
            bag += struct.pack(_BAG, len(gen) // 4, len(mod) // 10)
            mod += b"".join(z.mods)
            gen += b"".join(struct.pack(_GEN, op, amount) for op, amount in z.gens)
            zones += 1
    is_preset = terminal == b"EOP"
    hdr += struct.pack(_PHDR, terminal, 0, 0, zones, 0, 0, 0) if is_preset else struct.pack(_INST, terminal, zones)
    bag += struct.pack(_BAG, len(gen) // 4, len(mod) // 10)
    mod += bytes(10)
    gen += bytes(4)
    return bytes(hdr), bytes(bag), bytes(mod), bytes(gen)
