"""The written music, before any sound: grid, form, harmony, parts, determinism."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from nemo_notebook.engine.music import Composition, MusicBrief, brief_from_words, compose
from nemo_notebook.engine.music.drums import CLAP, CRASH, FLOOR_TOM, HIGH_TOM, KICK, LOW_TOM, MID_TOM, SIDE_STICK, SNARE
from nemo_notebook.engine.music.notes import Part
from nemo_notebook.engine.music.theory import pitch_class


def part(piece: Composition, name: str) -> Part:
    return next(p for p in piece.parts if p.name == name)


def brief(style: str, **changes: object) -> MusicBrief:
    base = MusicBrief(style=style, tempo_bpm=120.0, key="A", mode="minor", energy=0.8, duration_ms=40_000)
    return replace(base, **changes)  # type: ignore[arg-type]


def test_same_seed_same_notes_other_seed_other_notes() -> None:
    b = brief_from_words("upbeat 30 seconds")
    assert compose(b, seed=5).parts == compose(b, seed=5).parts
    assert compose(b, seed=5).parts != compose(b, seed=6).parts


def test_upbeat_is_denser_than_calm() -> None:
    upbeat = compose(brief_from_words("upbeat 30 seconds"), seed=1)
    calm = compose(brief_from_words("calm 30 seconds"), seed=1)
    assert upbeat.notes_per_second() > 2 * calm.notes_per_second()
    assert upbeat.tempo_bpm > calm.tempo_bpm


@pytest.mark.parametrize("phase_ms", [0, 230, 1_700])
def test_kicks_and_downbeats_sit_on_the_requested_grid(phase_ms: int) -> None:
    piece = compose(brief("electronic", tempo_bpm=123.0, phase_ms=phase_ms), seed=2)
    beat_ms = 60_000 / 123.0
    assert piece.beats_ms[0] == phase_ms and piece.downbeats_ms == piece.beats_ms[::4]
    assert all(abs(b - (phase_ms + k * beat_ms)) <= 0.5 for k, b in enumerate(piece.beats_ms))
    kicks = [n.start_ms for n in part(piece, "drums").notes if n.pitch == KICK]
    offsets = [((t - phase_ms) / beat_ms) % 1.0 for t in kicks]
    assert all(min(o, 1 - o) * beat_ms < 0.5 for o in offsets)  # every kick exactly on a beat
    assert min(kicks) == pytest.approx(phase_ms, abs=0.5)  # the first beat sounds at phase_ms


def test_a_late_first_beat_gets_a_pickup_that_leads_into_it() -> None:
    piece = compose(brief("upbeat", phase_ms=1_700), seed=3)
    before = [n for p in piece.parts for n in p.notes if n.start_ms < 1_700]
    assert before and all(n.start_ms >= 0 for n in before)
    drum_pickup = [n for n in part(piece, "drums").notes if n.start_ms < 1_700 and n.pitch == SNARE]
    assert drum_pickup, "a fill leads into the first downbeat"
    assert piece.sections[0].name == "pickup" and piece.sections[0].end_ms == 1_700


def test_the_bass_plays_the_root_of_every_chord_on_the_downbeat() -> None:
    piece = compose(brief("corporate", mode="major", key="D"), seed=4)
    bass = part(piece, "bass").notes
    for bar, downbeat in enumerate(piece.downbeats_ms[: len(piece.chords)]):
        on_beat = [n for n in bass if abs(n.start_ms - downbeat) < 1]
        assert on_beat, f"no bass note on the downbeat of bar {bar}"
        assert on_beat[0].pitch % 12 == piece.chords[bar].root_pc


@pytest.mark.parametrize("style", ["piano", "calm", "sad", "romantic", "cinematic", "lofi", "chill"])
def test_slow_styles_change_chord_twice_a_bar_and_the_parts_follow(style: str) -> None:
    piece = compose(brief_from_words(f"a {style} 60-second track"), seed=3)
    halves = piece.half_bar_chords[:-1]
    changes = sum(a != b for a, b in itertools.pairwise(halves))
    assert changes >= 0.6 * len(halves)  # was one change a bar (at most half the half bars): 0.3-0.5 a second
    checked = 0
    for bar in range(len(halves) // 2):
        first, second = halves[2 * bar], halves[2 * bar + 1]
        if first == second or 4 * bar + 3 >= len(piece.beats_ms):
            continue
        middle = piece.beats_ms[4 * bar + 2]  # the third beat as played
        struck = [
            n
            for p in piece.parts
            if not p.is_drum and p.name != "fx"
            for n in p.notes
            if abs(n.start_ms - middle) <= 25
        ]  # fmt: skip  (the played feel moves notes up to 20 ms)
        chordal = [n for p in piece.parts if p.name not in ("lead", "counter", "drums", "fx") for n in p.notes
                   if abs(n.start_ms - middle) <= 25]  # fmt: skip
        assert struck, f"nothing struck on the change of chord in bar {bar}"
        assert all(n.pitch % 12 in second.pitch_classes for n in chordal), (bar, second, chordal)
        # nothing from the first half's chord still sounds over the second unless the second has it too
        held = [n for p in piece.parts if p.name not in ("drums", "fx") for n in p.notes
                if n.start_ms < middle - 30 and n.end_ms > middle + 30]  # fmt: skip
        assert all(n.pitch % 12 in second.pitch_classes for n in held), (bar, second, held)
        checked += 1
    assert checked >= 4


def test_band_styles_keep_one_chord_a_bar() -> None:
    piece = compose(brief_from_words("an upbeat 30-second track"), seed=3)
    assert piece.half_bar_chords[:-1:2] == piece.half_bar_chords[1:-1:2]


@pytest.mark.parametrize("style", ["upbeat", "sad", "lofi", "cinematic", "calm"])
def test_the_piece_ends_on_the_tonic_after_a_cadence(style: str) -> None:
    piece = compose(brief(style, key="E", mode="minor" if style in ("sad", "cinematic") else "major"), seed=1)
    tonic = pitch_class("E")
    assert piece.chords[-1].root_pc == tonic
    assert piece.chords[-2].root_pc in ((tonic + 7) % 12, (tonic + 5) % 12)  # V–I or the plagal IV–I
    final_ms = max(n.start_ms for n in part(piece, "bass").notes)
    assert final_ms == pytest.approx(piece.sections[-1].start_ms, abs=1)
    ringing = [n for p in piece.parts if not p.is_drum for n in p.notes if n.start_ms >= final_ms - 1]
    assert ringing and all(n.end_ms == piece.duration_ms for n in ringing)
    tonic_chord = set(piece.chords[-1].pitch_classes)
    assert all(n.pitch % 12 in tonic_chord for n in ringing)
    # the final chord rings long enough to be an ending and no longer than about a bar (here half a bar + 1.1 s)
    assert 1_100 <= piece.duration_ms - final_ms <= 1_100 + 1_000


@pytest.mark.parametrize(
    ("style", "tempo_bpm", "duration_ms", "phase_ms"),
    [
        ("upbeat", 100.0, 13_200, 0),  # the acceptance clip: a cut at 10.8 s must fall inside the groove
        ("electronic", 124.0, 12_000, 410),
        ("cinematic", 71.3, 20_000, 950),
        ("happy", 128.0, 7_000, 0),
        ("lofi", 84.0, 30_000, 0),
        ("epic", 139.0, 23_456, 1_234),
    ],
)
def test_the_groove_plays_to_within_a_bar_of_the_end(
    style: str, tempo_bpm: float, duration_ms: int, phase_ms: int
) -> None:
    piece = compose(brief(style, tempo_bpm=tempo_bpm, duration_ms=duration_ms, phase_ms=phase_ms), seed=2)
    beat_ms = 60_000 / tempo_bpm
    final_ms = piece.sections[-1].start_ms
    backbeat = {KICK, SNARE, CLAP, SIDE_STICK}
    groove = sorted(n.start_ms for n in part(piece, "drums").notes if n.pitch in backbeat and n.start_ms < final_ms - 1)
    # the last kick or snare: a bar and the ring from the end (a short piece's rings 1.5 s, a longer one's 2 s, half a
    # bar more at most)
    assert duration_ms - groove[-1] <= 4 * beat_ms + (1_500 if duration_ms < 45_000 else 2_000)
    assert final_ms - groove[-1] <= 2 * beat_ms + 1  # the light grooves hit every other beat at least
    bass = sorted(n.start_ms for n in part(piece, "bass").notes if n.start_ms < final_ms - 1)
    assert final_ms - bass[-1] <= 2 * beat_ms
    # a beat is only claimed where it is played: the grid stops at the final chord, which sounds on the grid
    assert piece.beats_ms[-1] == pytest.approx(final_ms, abs=1)
    final_hits = [n for n in part(piece, "drums").notes if n.start_ms >= final_ms - 1]
    assert {n.pitch for n in final_hits} == {KICK, CRASH} and all(abs(n.start_ms - final_ms) < 1 for n in final_hits)


@pytest.mark.parametrize("style", ["upbeat", "sad", "electronic", "acoustic"])
@pytest.mark.parametrize(("duration_ms", "final_ms"), [(14_400, 12_000), (48_000, 45_600)])
def test_nothing_but_the_final_chord_sounds_once_it_lands(style: str, duration_ms: int, final_ms: int) -> None:
    piece = compose(brief(style, tempo_bpm=100.0, duration_ms=duration_ms), seed=4)
    # a short piece's on bar 6's downbeat, 2.4 s from the end (half way through bar 6, it had 1.2 s to ring); a
    # longer piece's on bar 19's downbeat, 2.4 s from the end (it had 2 s at least to ring; half way through bar 19,
    # after a bar and a half of the dominant, when it had 1.1 s)
    assert piece.sections[-1].start_ms == final_ms
    assert piece.chords[-1].root_pc == pitch_class("A")
    if final_ms % 2_400:
        assert piece.chords[-2] == piece.chords[-3]
    for p in piece.parts:
        late = [n for n in p.notes if final_ms - 30 < n.start_ms < final_ms - 1 or n.start_ms > final_ms + 30]
        held = [n for n in p.notes if n.start_ms < final_ms - 1 < n.end_ms]
        assert not late and not held, p.name  # (the strum sweeps its strings over a few ms from the chord)
        assert all(c.time_ms < final_ms for c in p.controls)


def test_the_form_has_an_intro_sections_and_an_ending() -> None:
    piece = compose(brief("upbeat", duration_ms=90_000), seed=1)
    names = [s.name for s in piece.sections]
    assert names[0] == "intro" and names[-1] == "ending" and "outro" in names
    assert {"verse", "chorus"} <= set(names)
    assert all(a.end_ms == b.start_ms for a, b in zip(piece.sections, piece.sections[1:], strict=False))
    intro, chorus = piece.sections[0], next(s for s in piece.sections if s.name == "chorus")
    assert chorus.energy > intro.energy


def test_sections_follow_the_requested_starts() -> None:
    bar_ms = 4 * 60_000 / 120.0
    piece = compose(brief("cinematic", section_starts_ms=(8_100, 24_000), section_energies=(0.3, 0.9, 0.5)), seed=1)
    starts = [s.start_ms for s in piece.sections]
    assert round(8_100 / bar_ms) * bar_ms in starts and 24_000 in starts
    loud = next(s for s in piece.sections if s.start_ms == 8_000)
    assert loud.energy == max(s.energy for s in piece.sections)


def test_sections_end_with_a_fill_and_the_next_opens_with_a_crash() -> None:
    piece = compose(brief("energetic", duration_ms=60_000), seed=7)
    drums = part(piece, "drums").notes
    bar_ms = 4 * 60_000 / 120.0
    toms = {SNARE, HIGH_TOM, MID_TOM, LOW_TOM, FLOOR_TOM}
    for section in piece.sections[2:-1]:
        if section.energy < 0.5:
            continue
        fill = [
            n for n in drums if section.start_ms - bar_ms / 2 <= n.start_ms < section.start_ms - 1 and n.pitch in toms
        ]
        assert len(fill) >= 4, f"no fill before {section.name} at {section.start_ms} ms"
        assert any(n.pitch == CRASH and abs(n.start_ms - section.start_ms) < 1 for n in drums)


def test_a_chorus_that_comes_back_sings_the_same_tune() -> None:
    piece = compose(brief("upbeat", duration_ms=120_000), seed=3)
    lead = part(piece, "lead").notes
    choruses = [s for s in piece.sections if s.name == "chorus"]
    assert len(choruses) >= 2
    bar_ms = 4 * 60_000 / 120.0

    def tune(start: int) -> list[int]:
        return [n.pitch for n in lead if start <= n.start_ms < start + 3 * bar_ms]

    first, second = tune(choruses[0].start_ms), tune(choruses[1].start_ms)
    same = sum(a == b for a, b in zip(first, second, strict=False))
    assert first and same >= 0.6 * len(first)


@pytest.mark.parametrize("style", ["upbeat", "chill", "electronic"])
def test_every_note_lies_inside_the_track(style: str) -> None:
    piece = compose(brief(style, duration_ms=17_321, phase_ms=400), seed=9)
    for p in piece.parts:
        assert all(0 <= n.start_ms < n.end_ms <= 17_321 and 1 <= n.velocity <= 127 for n in p.notes), p.name


def test_importing_the_composer_loads_no_audio_libraries() -> None:
    import subprocess
    import sys

    heavy = ("numpy", "scipy", "pretty_midi", "librosa", "soundfile", "midirenderer", "pyloudnorm")
    code = f"import sys, nemo_notebook.engine.music; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_named_instruments_take_over_the_parts_they_can_play() -> None:
    plain = compose(brief_from_words("upbeat 20 seconds"), seed=1)
    asked = compose(brief_from_words("upbeat 20 seconds with strings and a flute"), seed=1)
    programs = {p.name: p.program for p in asked.parts}
    assert programs["pad"] == 48 and programs["lead"] == 73
    assert {p.name: p.program for p in plain.parts}["pad"] != 48


def test_electronic_pads_pump_on_the_beat_and_other_styles_do_not() -> None:
    piece = compose(brief("electronic", tempo_bpm=124.0, phase_ms=300), seed=1)
    pad = part(piece, "pad")
    dips = [c.time_ms for c in pad.controls if c.number == 11 and c.value < 64]
    beat_ms = 60_000 / 124.0
    assert len(dips) > 20
    assert all(abs(((t - 300) / beat_ms) - round((t - 300) / beat_ms)) < 1e-6 for t in dips)
    assert not part(compose(brief("upbeat"), seed=1), "pad").controls
