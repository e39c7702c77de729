"""A piece's form as a song of its genre has it (issue 28), in the written notes: pop lifts through a pre-chorus and
drops out for a bar before its choruses, house builds into drops with a breakdown half way, lo-fi stays steady but
for a drop-out, a trailer builds in waves, and every piece ends on its final hit at the asked length."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nemo_notebook.engine.music import Composition, MusicBrief, compose
from nemo_notebook.engine.music.compose import SectionInfo
from nemo_notebook.engine.music.drums import CRASH, KICK, SNARE
from nemo_notebook.engine.music.notes import Part

STYLE_TEMPO = {"upbeat": 120.0, "corporate": 108.0, "happy": 112.0, "energetic": 130.0, "electronic": 124.0,
               "lofi": 80.0, "hiphop": 90.0, "chill": 90.0, "epic": 130.0, "cinematic": 90.0}  # fmt: skip


def brief(style: str, seconds: int) -> MusicBrief:
    energy = {"epic": 0.95, "cinematic": 0.55, "lofi": 0.4, "chill": 0.4, "hiphop": 0.6}.get(style, 0.8)
    return MusicBrief(style=style, tempo_bpm=STYLE_TEMPO[style], key="A", mode="minor", energy=energy,
                      duration_ms=seconds * 1000)  # fmt: skip


def part(piece: Composition, name: str) -> Part | None:
    return next((p for p in piece.parts if p.name == name), None)


def starting_in(part: Part | None, begin_ms: float, end_ms: float) -> list[int]:
    """The pitches of the notes ``part`` starts between the two times (played up to 40 ms early allowed for)."""
    return [] if part is None else [n.pitch for n in part.notes if begin_ms - 40 <= n.start_ms < end_ms - 40]


def last_bar(piece: Composition, at_ms: int) -> tuple[int, int]:
    """The downbeat and the second beat of the bar before ``at_ms``, as played (the tempo breathes)."""
    index = max(i for i, beat in enumerate(piece.beats_ms) if beat < at_ms - 10 and i % 4 == 0)
    return piece.beats_ms[index], piece.beats_ms[index + 1]


def shaped(piece: Composition) -> list[SectionInfo]:
    return [s for s in piece.sections if s.name not in ("pickup", "ending")]


@pytest.mark.parametrize("style", ["upbeat", "corporate", "happy", "energetic"])
def test_pop_verses_lift_through_a_pre_chorus_that_drops_out_for_a_bar_before_the_chorus(style: str) -> None:
    piece = compose(brief(style, 180), seed=1)
    sections = shaped(piece)
    bar_ms = 240_000 / piece.tempo_bpm
    choruses = [i for i, s in enumerate(sections) if s.name == "chorus"]
    assert len(choruses) >= 3
    for index in choruses:
        before = sections[index - 1]
        assert before.name in ("pre", "bridge"), [s.name for s in sections]
        assert before.energy < sections[index].energy
        if before.name == "pre":
            assert sections[index - 2].name == "verse" and sections[index - 2].energy < before.energy
        stop, second = last_bar(piece, sections[index].start_ms)  # the band plays the one and stops
        drums = part(piece, "drums")
        assert starting_in(drums, second, stop + 3 * bar_ms / 4) == []  # two beats of silence
        for name in ("bass", "stabs", "strum", "power", "counter"):
            assert starting_in(part(piece, name), second + 40, sections[index].start_ms) == [], name
        assert CRASH in starting_in(drums, sections[index].start_ms, sections[index].start_ms + 50)  # and lands
        assert starting_in(part(piece, "fx"), stop - bar_ms, sections[index].start_ms)  # under a riser
    verse = next(s for s in sections if s.name == "verse")
    chorus = sections[choruses[0]]
    assert verse.energy <= chorus.energy - 0.3  # the verse far under the chorus (light groove, fewer parts)
    assert sections[0].name == "intro" and sections[0].energy < verse.energy


def test_house_builds_into_drops_with_a_breakdown_in_the_middle() -> None:
    piece = compose(brief("electronic", 180), seed=1)
    sections = shaped(piece)
    names = [s.name for s in sections]
    bar_ms = 240_000 / piece.tempo_bpm
    drops = [i for i, n in enumerate(names) if n == "drop"]
    assert len(drops) >= 3, names
    for index in drops:
        build = sections[index - 1]
        assert build.name in ("build", "breakdown") and build.energy < sections[index].energy
        roll = starting_in(part(piece, "drums"), sections[index].start_ms - bar_ms, sections[index].start_ms)
        assert roll.count(SNARE) >= 8 and KICK not in roll  # a snare roll, no kick, into the drop
        assert starting_in(part(piece, "bass"), sections[index].start_ms - bar_ms, sections[index].start_ms) == []
    breakdowns = [s for s in sections if s.name == "breakdown"]
    middle = [s for s in breakdowns if piece.duration_ms / 4 <= s.start_ms <= 3 * piece.duration_ms / 4]
    assert middle, names
    body = middle[0]
    kicks = [p for p in starting_in(part(piece, "drums"), body.start_ms, body.end_ms - bar_ms) if p == KICK]
    assert not kicks and starting_in(part(piece, "pad"), body.start_ms, body.end_ms)  # no drums; the pad sustains


@pytest.mark.parametrize("style", ["lofi", "hiphop", "chill"])
def test_lofi_stays_steady_but_for_a_drop_out(style: str) -> None:
    piece = compose(brief(style, 180), seed=1)
    sections = shaped(piece)
    grooving = [s for s in sections if s.name in ("verse", "chorus")]
    assert max(s.energy for s in grooving) - min(s.energy for s in grooving) <= 0.15  # one level, near enough
    drop_outs = [s for s in sections if not starting_in(part(piece, "drums"), s.start_ms, s.end_ms - 1000)]
    assert [s.name for s in drop_outs] == ["breakdown"], [(s.name, s.energy) for s in sections]
    assert piece.duration_ms / 4 <= drop_outs[0].start_ms <= 3 * piece.duration_ms / 4


@pytest.mark.parametrize(("style", "seconds"), [("epic", 180), ("cinematic", 180), ("epic", 120)])
def test_a_trailer_builds_in_more_than_one_wave_to_its_climax(style: str, seconds: int) -> None:
    piece = compose(brief(style, seconds), seed=1)
    energies = [s.energy for s in shaped(piece)]
    peaks = [i for i in range(1, len(energies) - 1) if energies[i - 1] < energies[i] > energies[i + 1]]
    assert len(peaks) >= 2, energies  # at least two waves before the last section
    assert [energies[i] for i in peaks] == sorted(energies[i] for i in peaks)  # each wave higher than the last
    assert energies[-1] == max(energies) and min(energies[peaks[0] :]) <= energies[-1] - 0.5


@pytest.mark.parametrize("style", ["upbeat", "electronic", "corporate"])
def test_the_intro_is_thinner_than_the_chorus(style: str) -> None:
    piece = compose(brief(style, 120), seed=2)
    sections = shaped(piece)
    playing = {
        s.name: sum(bool(starting_in(p, s.start_ms, s.end_ms)) for p in piece.parts if p.name != "fx")
        for s in reversed(sections)  # the first of each name counts
    }
    assert playing["intro"] < playing["chorus" if "chorus" in playing else "drop"] - 1, playing


@pytest.mark.parametrize("seconds", [10, 15, 20, 30])
@pytest.mark.parametrize("style", ["upbeat", "electronic", "lofi", "epic", "cinematic"])
def test_short_pieces_end_on_a_final_hit_that_rings_to_the_asked_length(style: str, seconds: int) -> None:
    piece = compose(replace(brief(style, seconds), duration_ms=seconds * 1000 + 137), seed=3)
    ending = piece.sections[-1]
    assert ending.name == "ending" and ending.end_ms == seconds * 1000 + 137
    # rings 1.5 s or more, half a bar more at most (before: 1.0 s or more)
    assert 1_500 <= ending.end_ms - ending.start_ms <= 1_500 + 2 * 60_000 / piece.tempo_bpm
    final = [n for p in piece.parts for n in p.notes if abs(n.start_ms - ending.start_ms) <= 30]
    assert {KICK, CRASH} <= {n.pitch for n in final if n.start_ms >= 0}
    assert max(n.end_ms for n in final) == piece.duration_ms  # the chord rings to the very end
