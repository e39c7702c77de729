"""The form of a piece: its bar grid, its sections (intro, verses, choruses, bridge, outro) and their energy.

Bars are four beats. Bar 0 starts on the first beat (``phase_ms``); whatever lies before it is a pickup. The groove
plays until the final chord, which lands on a bar line or half way through a bar, as late as leaves it room to ring:
so the pulse carries on to within about a bar of the end, and a video cut near the end still falls on a beat heard.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, replace

from nemo_notebook.engine.music.brief import MusicBrief

BEATS_PER_BAR = 4
_PHRASE_BARS = 8
_MIN_RING_MS = 1_100.0  # the final chord rings at least this long (a fifth of a very short track at most)
_FINAL_EVERY_BEATS = 2  # the final chord lands on a bar line or half a bar after one, never on a weak beat
# The relative energy of each kind of section; the brief's energy scales the curve as a whole.
BUILDING_STYLES = frozenset({"epic", "cinematic"})  # their pieces build from the first section to the last
_BUILD_FROM = 0.35
# A trailer's breakdown before its last, biggest section: strings and piano alone, no drums (under the drums' 0.3)
_BREAKDOWN_ENERGY = 0.26
_BEFORE_BREAKDOWN = 0.85  # where the build stands before it: the last section comes back bigger than anything before
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
    """Bar grid and sections. ``final_beat`` is the beat (from the first) on which the last chord sounds; it rings
    until ``end_ms``, the end of the track. The sections fill ``final_bar`` bars, the last of which is cut short at
    the final chord when that lands half way through a bar."""

    beat_ms: float
    phase_ms: float
    sections: tuple[Section, ...]
    final_beat: int
    end_ms: float
    change_beat: int | None = None  # a bar line where the tempo changes (a video whose cuts one tempo cannot hit)
    later_beat_ms: float = 0.0  # the beat from ``change_beat`` on

    @property
    def bar_ms(self) -> float:
        return self.beat_ms * BEATS_PER_BAR

    @property
    def final_bar(self) -> int:
        """How many bars (the last one possibly cut short) the piece plays before its final chord."""
        return -(-self.final_beat // BEATS_PER_BAR)

    @property
    def final_ms(self) -> float:
        """When the final chord sounds (ms from the start of the track)."""
        return self.time_ms(self.final_beat)

    def time_ms(self, beat: float) -> float:
        """Time of a (fractional, possibly negative) beat counted from the first beat."""
        if self.change_beat is not None and beat > self.change_beat:
            return self.phase_ms + self.change_beat * self.beat_ms + (beat - self.change_beat) * self.later_beat_ms
        return self.phase_ms + beat * self.beat_ms

    def beat_at(self, time_ms: float) -> float:
        """The (fractional) beat sounding at ``time_ms``: the inverse of ``time_ms``."""
        if self.change_beat is not None:
            change_ms = self.time_ms(self.change_beat)
            if time_ms > change_ms:
                return self.change_beat + (time_ms - change_ms) / self.later_beat_ms
        return (time_ms - self.phase_ms) / self.beat_ms

    def section_at(self, bar: int) -> Section:
        for section in self.sections:
            if section.start_bar <= bar < section.end_bar:
                return section
        return self.sections[-1]


def plan_form(brief: MusicBrief, rng: random.Random) -> Form:
    """Lay out the sections of a piece that fills ``brief.duration_ms`` exactly.

    When the brief carries section starts (a video's big cuts) they become section boundaries, snapped to the
    nearest bar line; otherwise the form is intro, verse/chorus pairs (with a bridge in longer pieces) and outro.
    The final chord rings for between ``_MIN_RING_MS`` and that plus half a bar.
    """
    beat_ms = brief.beat_ms
    grid = Form(beat_ms, float(brief.phase_ms), (), 0, float(brief.duration_ms))
    if brief.later_tempo_bpm:
        change = BEATS_PER_BAR * round((brief.tempo_change_ms - brief.phase_ms) / (beat_ms * BEATS_PER_BAR))
        grid = replace(grid, change_beat=max(BEATS_PER_BAR, change), later_beat_ms=60_000.0 / brief.later_tempo_bpm)
        change_ms = grid.time_ms(grid.change_beat or 0)
        final_beat = (grid.change_beat or 0) + final_chord_beat(brief.duration_ms - change_ms, grid.later_beat_ms)
    else:
        final_beat = final_chord_beat(brief.duration_ms - brief.phase_ms, beat_ms)
    final_bar = -(-final_beat // BEATS_PER_BAR)
    if brief.section_starts_ms:
        sections = _sections_from_starts(brief, final_bar, grid)
    elif brief.style in BUILDING_STYLES:
        sections = _building(_default_sections(final_bar, rng, outro=False))
    else:
        sections = _default_sections(final_bar, rng)
    scaled = tuple(_scaled(s, brief.energy) for s in sections)
    return replace(grid, sections=scaled, final_beat=final_beat)


def final_chord_beat(length_ms: float, beat_ms: float) -> int:
    """The beat (counted from the first) the final chord lands on: the last bar line or half bar that leaves the
    chord at least ``_MIN_RING_MS`` to ring (a fifth of a very short piece), and never before the end of bar one.

    Parameters
    ----------
    length_ms : time from the first beat to the end of the track (ms).
    beat_ms : length of a beat (ms).

    Examples
    --------
    >>> final_chord_beat(13_200, 600.0)  # 100 BPM: the groove plays to 12 s, the chord rings 1.2 s
    20
    """
    ring_ms = min(_MIN_RING_MS, 0.2 * length_ms)
    latest = math.floor((length_ms - ring_ms) / beat_ms + 1e-9)
    return max(BEATS_PER_BAR, latest - latest % _FINAL_EVERY_BEATS)


def _default_sections(total_bars: int, rng: random.Random, *, outro: bool = True) -> list[Section]:
    intro = 0 if total_bars < 4 else (2 if total_bars < 16 else 4)
    outro_bars = 0 if total_bars < 12 or not outro else 2
    body = total_bars - intro - outro_bars
    parts: list[tuple[str, int]] = [("intro", intro)] if intro else []
    if _PHRASE_BARS <= body < _PHRASE_BARS + 4:  # too short for two sections of eight: a verse phrase, a chorus
        parts += [("verse", 4), ("chorus", body - 4)]
    else:
        names = _body_names(body, rng)
        parts += list(zip(names, _split(body, len(names)), strict=True))
    if outro_bars:
        parts.append(("outro", outro_bars))
    return _numbered(parts)


def _building(sections: list[Section]) -> list[Section]:
    """A trailer's form: every section louder than the one before, from ``_BUILD_FROM`` to the full energy at the
    last, which ends on the final hit (no quieter outro). A piece of four sections or more builds to
    ``_BEFORE_BREAKDOWN`` and drops to a breakdown before its last (a bridge at ``_BREAKDOWN_ENERGY``: four bars,
    eight when the two share sixteen or more; the last keeps eight or more), so that the last lands as the biggest
    moment, not as more of the same."""
    if len(sections) < 4 or sections[-2].bars + sections[-1].bars < _PHRASE_BARS + 4:
        return _rising(sections)
    rising = _rising(sections[:-2], top=_BEFORE_BREAKDOWN)
    last = replace(sections[-1], energy=1.0)
    return [*rising, *_with_breakdown(sections[-2], last, bridges=sum(s.name == "bridge" for s in rising))]


def _rising(sections: list[Section], *, top: float = 1.0) -> list[Section]:
    steps = max(len(sections) - 1, 1)
    return [replace(s, energy=_BUILD_FROM + (top - _BUILD_FROM) * i / steps) for i, s in enumerate(sections)]


def _with_breakdown(before: Section, last: Section, *, bridges: int) -> list[Section]:
    """``before`` (its bars) and ``last`` as a breakdown and the last section, sharing their bars."""
    shared = before.bars + last.bars
    down = _PHRASE_BARS if shared >= 2 * _PHRASE_BARS else _PHRASE_BARS // 2
    return [Section("bridge", before.start_bar, down, _BREAKDOWN_ENERGY, bridges),
            replace(last, start_bar=before.start_bar + down, bars=shared - down)]  # fmt: skip


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


def _sections_from_starts(brief: MusicBrief, total_bars: int, grid: Form) -> list[Section]:
    bars = sorted({round(grid.beat_at(t) / BEATS_PER_BAR) for t in brief.section_starts_ms})
    bars = [b for b in bars if first_section_bar(brief.phase_ms, brief.beat_ms) <= b <= total_bars - 2]
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


def first_section_bar(phase_ms: float, beat_ms: float) -> int:
    """The first bar a section may start on: the opening one lasts two bars, or one after a pickup of half a bar or
    more (``phase_ms``, the first downbeat, at least two beats of ``beat_ms`` in)."""
    return 1 if phase_ms >= 2 * beat_ms else 2


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
