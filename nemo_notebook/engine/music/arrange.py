"""The form of a piece: its bar grid, its sections (intro, verses, choruses, bridge, outro) and their energy.

Bars are four beats. Bar 0 starts on the first beat (``phase_ms``); whatever lies before it is a pickup. The last
bar of the form is followed by the final chord, which starts on a downbeat and rings to the end of the track.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, replace

from nemo_notebook.engine.music.brief import MusicBrief

BEATS_PER_BAR = 4
_PHRASE_BARS = 8
_MIN_TAIL_MS = 1_800.0  # the final chord rings at least this long before the track ends
# The relative energy of each kind of section; the brief's energy scales the curve as a whole.
_SECTION_LIFT = {"intro": 0.45, "verse": 0.7, "chorus": 0.95, "bridge": 0.55, "drop": 1.0, "outro": 0.45}


@dataclass(frozen=True)
class Section:
    """A run of bars with one role and one energy (0..1)."""

    name: str
    start_bar: int
    bars: int
    energy: float
    variant: int = 0  # how many times this kind of section has come before (for varied repeats)

    @property
    def end_bar(self) -> int:
        return self.start_bar + self.bars


@dataclass(frozen=True)
class Form:
    """Bar grid and sections. ``final_bar`` is the bar on whose downbeat the last chord sounds; it rings until
    ``end_ms``, the end of the track."""

    beat_ms: float
    phase_ms: float
    sections: tuple[Section, ...]
    final_bar: int
    end_ms: float

    @property
    def bar_ms(self) -> float:
        return self.beat_ms * BEATS_PER_BAR

    def time_ms(self, beat: float) -> float:
        """Time of a (fractional, possibly negative) beat counted from the first beat."""
        return self.phase_ms + beat * self.beat_ms

    def section_at(self, bar: int) -> Section:
        for section in self.sections:
            if section.start_bar <= bar < section.end_bar:
                return section
        return self.sections[-1]


def plan_form(brief: MusicBrief, rng: random.Random) -> Form:
    """Lay out the sections of a piece that fills ``brief.duration_ms`` exactly.

    When the brief carries section starts (a video's big cuts) they become section boundaries, snapped to the
    nearest bar line; otherwise the form is intro, verse/chorus pairs (with a bridge in longer pieces) and outro.
    """
    beat_ms = brief.beat_ms
    bar_ms = beat_ms * BEATS_PER_BAR
    final_bar = max(1, math.floor((brief.duration_ms - brief.phase_ms - _MIN_TAIL_MS) / bar_ms))
    if brief.section_starts_ms:
        sections = _sections_from_starts(brief, final_bar, bar_ms)
    else:
        sections = _default_sections(final_bar, rng)
    scaled = tuple(_scaled(s, brief.energy) for s in sections)
    return Form(beat_ms, float(brief.phase_ms), scaled, final_bar, float(brief.duration_ms))


def _default_sections(total_bars: int, rng: random.Random) -> list[Section]:
    intro = 0 if total_bars < 4 else (2 if total_bars < 16 else 4)
    outro = 0 if total_bars < 12 else 2
    body = total_bars - intro - outro
    parts: list[tuple[str, int]] = [("intro", intro)] if intro else []
    if _PHRASE_BARS <= body < _PHRASE_BARS + 4:  # too short for two sections of eight: a verse phrase, a chorus
        parts += [("verse", 4), ("chorus", body - 4)]
    else:
        names = _body_names(body, rng)
        parts += list(zip(names, _split(body, len(names)), strict=True))
    if outro:
        parts.append(("outro", outro))
    return _numbered(parts)


def _body_names(body_bars: int, rng: random.Random) -> list[str]:
    count = max(1, round(body_bars / _PHRASE_BARS))
    if count == 1:
        return ["chorus"]
    names = ["verse", "chorus"] * (count // 2) + (["chorus"] if count % 2 else [])
    if count >= 5:  # a bridge before the last chorus keeps a long piece from going round in circles
        names[-2] = "bridge"
    if count >= 9:  # and a breakdown half way through a long one
        names[count // 2 - 1 if names[count // 2 - 1] == "verse" else count // 2] = "bridge"
    return names


def _split(bars: int, parts: int) -> list[int]:
    """Eight-bar sections (two four-bar phrases); the last one takes up what is left over or missing."""
    if parts == 1:
        return [bars]
    lengths = [_PHRASE_BARS] * parts
    lengths[-1] += bars - _PHRASE_BARS * parts
    return lengths


def _sections_from_starts(brief: MusicBrief, total_bars: int, bar_ms: float) -> list[Section]:
    bars = sorted({round((t - brief.phase_ms) / bar_ms) for t in brief.section_starts_ms})
    bars = [b for b in bars if 2 <= b <= total_bars - 2]
    edges = [0, *bars, total_bars]
    energies = list(brief.section_energies)
    parts: list[tuple[str, int]] = []
    sections = []
    for index, (begin, end) in enumerate(itertools.pairwise(edges)):
        energy = energies[index] if index < len(energies) else None
        name = _name_for(index, len(edges) - 1, energy)
        parts.append((name, end - begin))
    for section, index in zip(_numbered(parts), range(len(parts)), strict=True):
        energy = energies[index] if index < len(energies) else None
        lift = _SECTION_LIFT[section.name] if energy is None else 0.45 + 0.55 * energy
        sections.append(Section(section.name, section.start_bar, section.bars, lift, section.variant))
    last = sections[-1]
    if last.bars >= 8:  # room for a two-bar outro before the final chord, as in the default form
        sections[-1] = replace(last, bars=last.bars - 2)
        sections.append(Section("outro", last.end_bar - 2, 2, _SECTION_LIFT["outro"]))
    return sections


def _name_for(index: int, count: int, energy: float | None) -> str:
    if index == 0 and count > 1:
        return "intro"
    if energy is not None:
        return "chorus" if energy >= 0.55 else ("bridge" if energy < 0.35 else "verse")
    return "chorus" if index % 2 == 0 else "verse"


def _numbered(parts: list[tuple[str, int]]) -> list[Section]:
    sections: list[Section] = []
    bar, seen = 0, dict[str, int]()
    for name, length in parts:
        sections.append(Section(name, bar, length, _SECTION_LIFT[name], seen.get(name, 0)))
        seen[name] = seen.get(name, 0) + 1
        bar += length
    return sections


def _scaled(section: Section, energy: float) -> Section:
    level = section.energy * (0.45 + 0.65 * energy)
    if section.name == "chorus" and section.variant >= 1:
        level += 0.05  # the last choruses lift
    return Section(section.name, section.start_bar, section.bars, max(0.05, min(1.0, level)), section.variant)
