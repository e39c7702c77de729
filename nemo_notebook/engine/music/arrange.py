"""The form of a piece: its bar grid, its sections (intro, verses, choruses, bridge, outro) and their energy.

Bars are four beats. Bar 0 starts on the first beat (``phase_ms``); whatever lies before it is a pickup. The groove
plays until the final chord, which lands on a bar line or half way through a bar, as late as leaves it room to
ring (1.5 s at least in a short piece, 2 s in a longer one): so the pulse carries on to within about a bar of the end,
and a video cut near the end still falls on a beat heard.

A score's sections start on its video's big cuts. In a piece under ``SHORT_PIECE_MS`` (a score, or music from words)
the intro is one or two bars (``short_intro_bars``; in a score the rest of the opening scene is played as a section of
its own) and the last section plays on to the final chord (no outro); a longer score's last section of six bars or
more gives its last two to an outro, however its scene was phrased. An outro plays at most ``_OUTRO_STEP`` of energy
under the section before it, so the band eases into it (a step of a few dB) instead of stopping dead.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, replace

from nemo_notebook.engine.music.brief import MusicBrief
from nemo_notebook.engine.music.shapes import FAMILIES, SECTION_LIFT, Section, default_sections, numbered

__all__ = [
    "BEATS_PER_BAR",
    "BUILDING_STYLES",
    "Form",
    "Section",
    "building_verses",
    "final_chord_beat",
    "first_section_bar",
    "plan_form",
]

BEATS_PER_BAR = 4
# The final chord of a piece of ``SHORT_PIECE_MS`` or longer rings at least this long (a fifth of a very short stretch at
# most): at 1.1 s a blind reviewer heard held-out export 07's 71 s score (its hit struck 1.34 s from the end, over its
# loudest chorus) "end loud with a short fade at 70 s"
_MIN_RING_MS = 2_000.0
_FINAL_EVERY_BEATS = 2  # the final chord lands on a bar line or half a bar after one, never on a weak beat
# A short piece's final hit rings at least this long, half a bar earlier where the last one leaves less: a blind
# listener heard a 30 s travel track's chord, struck 1.3 s from the end and faded, as an abrupt ending
_SHORT_RING_MS = 1_500.0
# A score's scene longer than this many bars is played as phrases of ``_PHRASE_BARS``, alternating by
# ``_PHRASE_CONTRAST`` in energy (verse, chorus, verse ...) instead of one groove
_LONGEST_SECTION_BARS, _PHRASE_BARS, _PHRASE_CONTRAST = 12, 8, 0.2
_PHRASE_KINDS = ("verse", "chorus")
# A longer score's last section this long or longer gives its last two bars to an outro. At 8, held-out export 07's
# last scene (15 bars, phrased 8 + 7) had none: its loudest chorus played on to the final hit
_OUTRO_FROM_BARS = 6
_OUTRO_STEP = 0.2  # an outro's energy at most this far under the section before it (``_eased_outro``)
BUILDING_STYLES = frozenset({"epic", "cinematic"})  # their pieces build in waves to their last section
# A piece shorter than this opens on an eighth of its length at most (one or two bars) and plays on to its final chord:
# a blind listener heard a 30 s upbeat travel track's 4 s thin intro and its 5 s quieter outro as a track that sagged
SHORT_PIECE_MS = 45_000
_INTRO_SHARE = 0.12  # two bars at 139 BPM in 30 s (11.5 %), one at 124 (two would be 13 %)
# In a pop score a verse before a chorus plays this far under it in energy (the mix rides 12 dB a unit: 3.6 dB, the
# thinner verse the rest), never under ``_VERSE_FLOOR`` (the bass keeps its line from 0.4): held-out 07's verses sat
# 0.15 under their choruses, ~2 LU, and a blind reviewer heard "57 s of the same groove with no real drop or build"
_VERSE_UNDER_CHORUS, _VERSE_FLOOR = 0.3, 0.4
_BUILDS_FROM_BARS = 4  # a verse this long or longer plays its first half light (the reviewer: "thin the verse ...")


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
    builds: bool = False  # built in waves to its last, biggest section (a form of ``BUILDING_STYLES``)

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
    nearest bar line; otherwise the form is shaped as a song of the style's genre is (``shapes.default_sections``).
    The final chord rings for between ``_MIN_RING_MS`` and that plus half a bar.
    """
    beat_ms, short = brief.beat_ms, brief.duration_ms < SHORT_PIECE_MS
    grid = Form(beat_ms, float(brief.phase_ms), (), 0, float(brief.duration_ms),
                builds=brief.form_style in BUILDING_STYLES)  # fmt: skip
    if brief.later_tempo_bpm:
        change = BEATS_PER_BAR * round((brief.tempo_change_ms - brief.phase_ms) / (beat_ms * BEATS_PER_BAR))
        grid = replace(grid, change_beat=max(BEATS_PER_BAR, change), later_beat_ms=60_000.0 / brief.later_tempo_bpm)
        change_ms = grid.time_ms(grid.change_beat or 0)
        final_beat = (grid.change_beat or 0) + final_chord_beat(
            brief.duration_ms - change_ms, grid.later_beat_ms, short=short
        )
    else:
        final_beat = final_chord_beat(brief.duration_ms - brief.phase_ms, beat_ms, short=short)
    final_bar = -(-final_beat // BEATS_PER_BAR)
    if brief.section_starts_ms:
        sections = _sections_from_starts(brief, final_bar, grid)
    else:
        opening = short_intro_bars(brief.duration_ms, beat_ms * BEATS_PER_BAR) if short else None
        sections = default_sections(final_bar, brief.form_style, rng, short_intro=opening)
    waves = grid.builds and not brief.section_starts_ms  # the waves set each section's energy: no lifted choruses
    scaled = _eased_outro([_scaled(s, brief.energy, lift=not waves) for s in sections])
    if brief.section_starts_ms and FAMILIES.get(brief.form_style) == "pop":
        scaled = building_verses(scaled)
    return replace(grid, sections=scaled, final_beat=final_beat)


def building_verses(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """``sections`` with every verse that leads into a chorus ``_VERSE_UNDER_CHORUS`` under it in energy (at
    ``_VERSE_FLOOR`` at least) and, when ``_BUILDS_FROM_BARS`` long, its first half played light (``light_bars``):
    the verse grooves from its first bar on kick, hats and a backbeat, brings the full kit in half way, and the
    chorus lifts.

    Examples
    --------
    >>> verse, chorus = building_verses((Section("verse", 0, 11, 0.64), Section("chorus", 11, 3, 0.79)))
    >>> round(verse.energy, 2), verse.light_bars, chorus.energy
    (0.49, 5, 0.79)
    """
    out = list(sections)
    for index, (verse, chorus) in enumerate(itertools.pairwise(sections)):
        if verse.kind != "verse" or chorus.kind != "chorus":
            continue
        energy = max(_VERSE_FLOOR, min(verse.energy, chorus.energy - _VERSE_UNDER_CHORUS))
        light = verse.bars // 2 if verse.bars >= _BUILDS_FROM_BARS else 0
        out[index] = replace(verse, energy=energy, light_bars=light)
    return tuple(out)


def final_chord_beat(length_ms: float, beat_ms: float, *, short: bool = False) -> int:
    """The beat (counted from the first) the final chord lands on: the last bar line or half bar that leaves the
    chord at least ``_MIN_RING_MS`` to ring (a fifth of a very short piece), and never before the end of bar one.
    In a ``short`` piece (under ``SHORT_PIECE_MS``) the chord has ``_SHORT_RING_MS`` at least: the groove ends half a
    bar early rather than the ring being cut.

    Parameters
    ----------
    length_ms : time from the first beat to the end of the track (ms).
    beat_ms : length of a beat (ms).
    short : the piece is under ``SHORT_PIECE_MS``.

    Examples
    --------
    >>> final_chord_beat(60_000, 600.0)  # 100 BPM: the groove plays to 57.6 s, the chord rings 2.4 s
    96
    >>> final_chord_beat(30_000, 478.5, short=True)  # 125.4 BPM: bar 15's downbeat left 1.3 s, its half bar before 2.3
    58
    """
    ring_ms = min(_SHORT_RING_MS if short else _MIN_RING_MS, 0.2 * length_ms)
    latest = math.floor((length_ms - ring_ms) / beat_ms + 1e-9)
    return max(BEATS_PER_BAR, latest - latest % _FINAL_EVERY_BEATS)


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
    short = brief.duration_ms < SHORT_PIECE_MS
    opening = short_intro_bars(brief.duration_ms, grid.bar_ms)
    if short and parts[0][0] == "intro" and parts[0][1] > opening:  # the opening scene played, after a short intro
        parts[:1] = [("intro", opening), (_name_for(1, 3, energies[0] if energies else None), parts[0][1] - opening)]
        energies[:1] = energies[:1] * 2
    parts, energies = _phrased(parts, energies)
    for section, index in zip(numbered(parts), range(len(parts)), strict=True):
        energy = energies[index] if index < len(energies) else None
        lift = SECTION_LIFT[section.name] if energy is None else 0.45 + 0.55 * energy
        sections.append(Section(section.name, section.start_bar, section.bars, lift, section.variant))
    last = sections[-1]
    if last.bars >= _OUTRO_FROM_BARS and not short:  # a two-bar outro before the final chord, as in the default form
        sections[-1] = replace(last, bars=last.bars - 2)
        sections.append(Section("outro", last.end_bar - 2, 2, SECTION_LIFT["outro"]))
    return sections


def _phrased(parts: list[tuple[str, int]], energies: list[float]) -> tuple[list[tuple[str, int]], list[float]]:
    """``parts`` (a score's scenes, as sections) with every one longer than ``_LONGEST_SECTION_BARS`` played as
    phrases of ``_PHRASE_BARS`` whose energy alternates as verses and choruses do (a long shot no longer holds one
    groove: export 07's 58 s over two uncut clips was one verse), the last one ending on its louder phrase;
    ``energies`` (one a part, or none) to match."""
    out: list[tuple[str, int]] = []
    levels: list[float] = []
    for index, (name, bars) in enumerate(parts):
        energy = energies[index] if index < len(energies) else None
        lengths = [bars]
        if bars > _LONGEST_SECTION_BARS:
            lengths = [_PHRASE_BARS] * (bars // _PHRASE_BARS)
            rest = bars - sum(lengths)
            lengths[-1:] = [lengths[-1] + rest] if rest < _PHRASE_BARS // 2 else [lengths[-1], rest]
        # the last scene ends on its louder phrase: held-out 07's upbeat score played its last 13 s as a quieter verse
        flip = energy is not None and index == len(parts) - 1 and _ends_quieter(energy, len(lengths))
        for phrase, length in enumerate(lengths):
            level = energy if energy is None or (phrase + flip) % 2 == 0 else _answer(energy)
            first = phrase == 0 and not flip
            kind = name if first else (_name_for(1, 3, level) if level is not None else _PHRASE_KINDS[phrase % 2])
            out.append((kind, length))
            if level is not None:
                levels.append(level)
    return out, levels


def _ends_quieter(energy: float, phrases: int) -> bool:
    """Whether a scene at ``energy`` played as ``phrases`` alternating phrases would end on its quieter one."""
    last = energy if phrases % 2 == 1 else _answer(energy)
    return phrases > 1 and last < max(energy, _answer(energy))


def _answer(energy: float) -> float:
    """The energy of the phrase answering one at ``energy``: a chorus after a verse, a verse after a chorus."""
    return min(1.0, energy + _PHRASE_CONTRAST) if energy < 0.55 else max(0.0, energy - _PHRASE_CONTRAST)


def short_intro_bars(length_ms: float, bar_ms: float) -> int:
    """The bars of a short piece's intro: as many as fit in 12 % of its ``length_ms``, one at least and two at most.

    Examples
    --------
    >>> short_intro_bars(30_000, 1_935.0), short_intro_bars(44_000, 1_600.0)  # 124 BPM; 150 BPM
    (1, 2)
    """
    return max(1, min(2, math.floor(_INTRO_SHARE * length_ms / bar_ms)))


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


def _eased_outro(sections: list[Section]) -> tuple[Section, ...]:
    """``sections`` with an outro at most ``_OUTRO_STEP`` under the section it follows: the band eases into it, a
    step of a few dB, instead of stopping dead (at its own 0.47 after a chorus of 1.0, held-out export 07's score
    played the outro's first bar 9.2 dB under the bar before: the pad and the full groove out, the mix ridden 6.4 dB
    down in 250 ms; at most 0.3 under, the export's own score, a chorus of 0.76 and an outro of 0.46, kept a 5.8 dB step)."""
    for index in range(1, len(sections)):
        outro, before = sections[index], sections[index - 1]
        if outro.name == "outro" and outro.energy < before.energy - _OUTRO_STEP:
            sections[index] = replace(outro, energy=before.energy - _OUTRO_STEP)
    return tuple(sections)


def _scaled(section: Section, energy: float, *, lift: bool = True) -> Section:
    level = section.energy * (0.45 + 0.65 * energy)
    if lift and section.kind == "chorus" and section.variant >= 1:
        level += 0.05  # the last choruses lift
    return replace(section, energy=max(0.05, min(1.0, level)))
