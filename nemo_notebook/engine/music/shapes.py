"""The shape of a piece made from words alone: its sections, their energy and where the band stops, as a song of its
genre is shaped.

* pop (upbeat, corporate, happy, rock): a thin intro; verses under the choruses, each verse lifting into a
  pre-chorus whose last bar drops out (the band stops, the pads ring, a fill and a crash bring the chorus in); a
  bridge that falls back before the last chorus, also dropping out into it;
* dance (electronic): an intro, then builds of eight bars (light kick, the last bar a snare roll under a riser,
  everything else out) into drops of sixteen at full energy, the middle build a breakdown (no drums);
* steady (lo-fi, hip-hop, chill): the groove runs at one level, verses a little under the choruses; half way, a
  drop-out of four bars (drums out, keys over a held bass); hip-hop's and chill's intro and outro are filtered
  (``dynamics.filtered_ends``);
* swell (calm): slow swells, the loud sections far above the quiet ones, ridden in and out over a bar or more;
* waves (epic, cinematic): more than one wave, each rising to a higher peak than the one before, then a breakdown
  and the last, biggest section (``build_waves``);
* arc (solo piano, acoustic, sad, romantic): verse and chorus arcs, ridden as swells.

Pieces under sixteen bars keep a plain intro, verse and chorus: no stops.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

PHRASE_BARS = 8
FAMILIES = {"upbeat": "pop", "corporate": "pop", "happy": "pop", "energetic": "pop", "electronic": "dance",
            "lofi": "steady", "hiphop": "steady", "chill": "steady", "calm": "swell", "epic": "waves",
            "cinematic": "waves", "piano": "arc", "acoustic": "arc", "sad": "arc", "romantic": "arc"}  # fmt: skip
# What each kind of section plays like (its harmony and melody): a pre-chorus and a build are verses that lift, a
# drop is a chorus, a breakdown a bridge.
KINDS = {"pre": "verse", "build": "verse", "drop": "chorus", "breakdown": "bridge"}
# The relative energy of each kind of section; the brief's energy scales the curve as a whole.
SECTION_LIFT = {"intro": 0.45, "verse": 0.7, "pre": 0.8, "chorus": 0.95, "bridge": 0.55, "build": 0.5,
                "drop": 1.0, "breakdown": 0.25, "outro": 0.45}  # fmt: skip
_FAMILY_LIFT = {
    "pop": {"intro": 0.45, "verse": 0.55, "bridge": 0.5},
    "steady": {"intro": 0.5, "verse": 0.8, "chorus": 0.9, "breakdown": 0.27, "outro": 0.5},
    "swell": {"intro": 0.35, "verse": 0.55, "chorus": 1.0, "bridge": 0.4, "outro": 0.35},
}
_MIN_SHAPED_BARS = 16  # shorter pieces keep a plain form
_BUILD_BARS, _DROP_BARS = 8, 16
# A trailer's waves: the first rises from ``_BUILD_FROM`` to ``_FIRST_PEAK``, each later one from ``_WAVE_FROM``
# to a higher peak, the last before the breakdown to ``_BEFORE_BREAKDOWN``; the dips between them sit at ``_DIP``
_BUILD_FROM, _FIRST_PEAK, _WAVE_FROM, _DIP = 0.35, 0.6, 0.45, 0.4
_BEFORE_BREAKDOWN = 0.7  # the last section comes back bigger than anything before
# (peaks of 0.7 and 0.8 left a 3-minute epic's last section 2.5 dB over its loudest wave, seed 1; now 4.3)
# A trailer's breakdown before its last, biggest section: strings and piano alone, no drums (under the drums' 0.3)
_BREAKDOWN_ENERGY = 0.26


@dataclass(frozen=True)
class Section:
    """A run of bars with one role and one energy (0..1).

    ``stop``: how the section's last bar leads into the next: "" plays through; "stop" drops out (the band stops
    after its first beat, the pads ring, a fill and a crash bring the next section in); "roll" drops out under a
    snare roll and a riser (a build into a drop).
    """

    name: str
    start_bar: int
    bars: int
    energy: float
    variant: int = 0  # how many times this kind of section has come before (for varied repeats)
    stop: str = ""
    # A verse that builds into its chorus: its first ``light_bars`` bars play the light groove (kick, hats, no
    # backbeat), the rest the full kit, whatever its energy (``arrange.building_verses``)
    light_bars: int = 0

    @property
    def end_bar(self) -> int:
        return self.start_bar + self.bars

    @property
    def kind(self) -> str:
        """The kind of section it plays like: verse, chorus, bridge, intro or outro."""
        return KINDS.get(self.name, self.name)


def default_sections(
    total_bars: int, style: str, rng: random.Random, *, short_intro: int | None = None
) -> list[Section]:
    """Intro, body and outro filling ``total_bars``, shaped as the style's genre shapes a song; a short piece
    (``short_intro`` given) opens on that many bars of intro and has no outro."""
    family = FAMILIES.get(style, "arc")
    intro = 0 if total_bars < 4 else (2 if total_bars < 16 else 4)
    outro_bars = 0 if total_bars < 12 or family == "waves" or short_intro is not None else 2
    body = total_bars - intro - outro_bars
    parts: list[tuple[str, int]] = [("intro", intro)] if intro else []
    if PHRASE_BARS <= body < PHRASE_BARS + 4 or (short_intro is not None and PHRASE_BARS <= body < 2 * PHRASE_BARS):
        # too short for two sections of eight (or a short piece, which reaches its chorus soon): a verse phrase, a chorus
        parts += [("verse", 4), ("chorus", body - 4)]
    elif family == "dance" and total_bars >= _MIN_SHAPED_BARS:
        parts += _dance_body(body)
    else:
        names = _body_names(body, rng, mid_bridge_from={"waves": 7, "steady": 5}.get(family, 9))
        parts += list(zip(names, _split(body, len(names)), strict=True))
    if outro_bars:
        parts.append(("outro", outro_bars))
    if short_intro is not None and intro > short_intro and len(parts) > 1:  # the intro's other bars open the body
        parts[:2] = [("intro", short_intro), (parts[1][0], parts[1][1] + intro - short_intro)]
    if total_bars >= _MIN_SHAPED_BARS:
        parts = _shaped(parts, family)
    sections = numbered(parts, _FAMILY_LIFT.get(family, {}))
    if total_bars >= _MIN_SHAPED_BARS:
        sections = _with_stops(sections, family)
    return build_waves(sections) if family == "waves" else sections


def _dance_body(bars: int) -> list[tuple[str, int]]:
    """Builds of eight bars into drops of sixteen (or so: the drops take up what is left over or missing, four bars
    at a time, the last the rest); the middle build is a breakdown."""
    cycles = max(1, round(bars / (_BUILD_BARS + _DROP_BARS + 4)))  # drops of sixteen bars or more
    drops = [_DROP_BARS] * cycles
    extra = bars - (_BUILD_BARS + _DROP_BARS) * cycles
    for index in range(cycles * 4):  # four bars at a time, the last drops first when growing, the first shrinking
        if extra >= 4:
            drops[cycles - 1 - index % cycles] += 4
            extra -= 4
        elif extra <= -4 and drops[index % cycles] > PHRASE_BARS:
            drops[index % cycles] -= 4
            extra += 4
    drops[-1] += extra
    middle = cycles // 2 if cycles >= 2 else -1
    body: list[tuple[str, int]] = []
    for index, drop in enumerate(drops):
        body += [("breakdown" if index == middle else "build", _BUILD_BARS), ("drop", drop)]
    return body


def _shaped(parts: list[tuple[str, int]], family: str) -> list[tuple[str, int]]:
    """The generic verse/chorus/bridge names recast as the family's sections."""
    shaped: list[tuple[str, int]] = []
    for index, (name, bars) in enumerate(parts):
        following = parts[index + 1][0] if index + 1 < len(parts) else ""
        if family == "pop" and name == "verse" and following == "chorus" and bars >= 8:
            shaped += [("verse", bars - 4), ("pre", 4)]
        elif family == "dance" and name in ("verse", "chorus", "bridge"):
            shaped.append(({"verse": "build", "chorus": "drop", "bridge": "breakdown"}[name], bars))
        elif family == "steady" and name == "bridge":  # one drop-out, half way; any later bridge grooves on
            first = all(n != "breakdown" for n, _ in shaped)
            shaped += [("breakdown", bars // 2), ("verse", bars - bars // 2)] if first else [("verse", bars)]
        else:
            shaped.append((name, bars))
    return shaped


def _with_stops(sections: list[Section], family: str) -> list[Section]:
    """Pop's pre-choruses and the bridge before a chorus drop out into it; a dance build or breakdown rolls into a
    drop."""
    stopped = []
    for section, following in zip(sections, [*sections[1:], None], strict=True):
        stop = ""
        if following is not None and section.bars >= 4:
            if family == "pop" and following.name == "chorus" and section.name in ("pre", "bridge"):
                stop = "stop"
            elif family == "dance" and following.name == "drop" and section.name in ("build", "breakdown"):
                stop = "roll"
        stopped.append(replace(section, stop=stop))
    return stopped


def build_waves(sections: list[Section]) -> list[Section]:
    """A trailer's form: waves, each louder than the one before, to the full energy at the last section, which ends
    on the final hit (no quieter outro).

    The bridges part the waves (dips at ``_DIP``). A piece of four sections or more ends its last wave at
    ``_BEFORE_BREAKDOWN`` and drops to a breakdown before its last section (four bars at ``_BREAKDOWN_ENERGY``,
    eight when the two share sixteen or more; the last keeps eight or more), so that the last lands as the biggest
    moment, not as more of the same."""
    if len(sections) < 4 or sections[-2].bars + sections[-1].bars < PHRASE_BARS + 4:
        return _rising(sections, low=_BUILD_FROM, top=1.0)
    waves: list[list[Section]] = [[]]
    for section in sections[:-2]:
        if section.name == "bridge" and waves[-1]:
            waves.append([replace(section, energy=_DIP)])
        else:
            waves[-1].append(section)
    count = len(waves)
    built: list[Section] = []
    for index, wave in enumerate(waves):
        peak = (
            _BEFORE_BREAKDOWN if count == 1 else _FIRST_PEAK + (_BEFORE_BREAKDOWN - _FIRST_PEAK) * index / (count - 1)
        )
        dip = wave[:1] if index else []
        built += dip + _rising(wave[len(dip) :], low=_BUILD_FROM if index == 0 else _WAVE_FROM, top=peak)
    last = replace(sections[-1], energy=1.0)
    return [*built, *_with_breakdown(sections[-2], last, bridges=sum(s.name == "bridge" for s in built))]


def _rising(sections: list[Section], *, low: float, top: float) -> list[Section]:
    """The sections rising from ``low`` to ``top`` (a lone section at ``top``)."""
    if len(sections) == 1:
        return [replace(sections[0], energy=top)]
    steps = len(sections) - 1
    return [replace(s, energy=low + (top - low) * i / steps) for i, s in enumerate(sections)]


def _with_breakdown(before: Section, last: Section, *, bridges: int) -> list[Section]:
    """``before`` (its bars) and ``last`` as a breakdown and the last section, sharing their bars."""
    shared = before.bars + last.bars
    down = PHRASE_BARS if shared >= 2 * PHRASE_BARS else PHRASE_BARS // 2
    return [Section("bridge", before.start_bar, down, _BREAKDOWN_ENERGY, bridges),
            replace(last, start_bar=before.start_bar + down, bars=shared - down)]  # fmt: skip


def _body_names(body_bars: int, rng: random.Random, *, mid_bridge_from: int = 9) -> list[str]:
    count = max(1, round(body_bars / PHRASE_BARS))
    if count == 1:
        return ["chorus"]
    names = ["verse", "chorus"] * (count // 2) + (["chorus"] if count % 2 else [])
    if count >= 5:  # a bridge before the last chorus keeps a long piece from going round in circles
        names[-2] = "bridge"
    if count >= mid_bridge_from:  # and a breakdown half way through a long one
        names[count // 2 - 1 if names[count // 2 - 1] == "verse" else count // 2] = "bridge"
    return names


def _split(bars: int, parts: int) -> list[int]:
    """Eight-bar sections (two four-bar phrases); the last one takes up what is left over or missing."""
    if parts == 1:
        return [bars]
    lengths = [PHRASE_BARS] * parts
    lengths[-1] += bars - PHRASE_BARS * parts
    return lengths


def numbered(parts: list[tuple[str, int]], lift: dict[str, float] | None = None) -> list[Section]:
    """Sections one after another from bar 0, each at its kind's energy (``lift`` overriding ``SECTION_LIFT``)."""
    sections: list[Section] = []
    bar, seen = 0, dict[str, int]()
    for name, length in parts:
        energy = (lift or {}).get(name, SECTION_LIFT[name])
        sections.append(Section(name, bar, length, energy, seen.get(name, 0)))
        seen[name] = seen.get(name, 0) + 1
        bar += length
    return sections
