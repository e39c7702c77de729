"""Which samples a shipped SoundFont preset sounds for a note: its preset's and instruments' key and velocity ranges
resolved as a synthesizer resolves them (the velocity-layer tests of the piano and the strings read it)."""

from __future__ import annotations

from nemo_notebook.engine.music.sf2 import GEN_INSTRUMENT, GEN_KEY_RANGE, GEN_SAMPLE_ID, SoundFont, Zone, ref

GEN_VEL_RANGE = 44


def _within(zone: Zone, operator: int, value: int) -> bool:
    found = ref(zone, operator)
    return found is None or (found & 0xFF) <= value <= (found >> 8)


def samples_played(font: SoundFont, program: int, key: int, velocity: int) -> frozenset[int]:
    """The samples the melodic preset ``program`` (bank 0) sounds for a note of ``key`` at ``velocity``."""
    preset = next(p for p in font.presets if (p.bank, p.program) == (0, program))
    return frozenset(
        s
        for pz in preset.zones
        if (i := ref(pz, GEN_INSTRUMENT)) is not None
        and _within(pz, GEN_KEY_RANGE, key) and _within(pz, GEN_VEL_RANGE, velocity)
        for z in font.instruments[i].zones
        if (s := ref(z, GEN_SAMPLE_ID)) is not None
        and _within(z, GEN_KEY_RANGE, key) and _within(z, GEN_VEL_RANGE, velocity)
    )  # fmt: skip
