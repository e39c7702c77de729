"""Accents of a planned music video: transitions only where a section begins (at most a beat long), hard cuts
elsewhere, punch-ins on the kicks of the loudest sections, and sources that do not come round with the same move."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video, recut_to_beats
from nemo_notebook.engine.planning.accents import INTO_CALMER, INTO_LOUDER
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, Segment
from tests.render.synth import click_analysis

SONG = MediaInfo("song", "song.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=60_000)
PICTURES = [MediaInfo(f"img{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10, width=800, height=600) for i in range(5)]
BEAT_MS = 500  # 120 BPM
# verse (calm), chorus (loud), bridge (middling), chorus, outro (calm): 16 s each
LEVELS = (0.2, 0.95, 0.5, 0.95, 0.15)
SECTIONS = (0, 16_000, 32_000, 48_000, 64_000)


def _song(**changes: Any) -> AudioAnalysis:
    energy = (*(level for level in LEVELS for _ in range(160)), LEVELS[-1])
    return click_analysis(120, 80_000, energy=energy, sections_ms=SECTIONS, **changes)


def _lane(analysis: AudioAnalysis, visuals: list[MediaInfo] = PICTURES, **options: Any) -> list[Segment]:
    song = dataclasses.replace(SONG, duration_ms=analysis.duration_ms)
    draft = plan_music_video(song, analysis, [(v, None) for v in visuals], MusicVideoOptions(**options))
    return _visuals(draft)


def _visuals(draft: Draft) -> list[Segment]:
    return list(next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments)


def test_transitions_only_where_a_section_begins_and_at_most_a_beat_long() -> None:
    for seed in range(6):
        lane = _lane(_song(), seed=seed)
        with_transition = {sg.start_ms for sg in lane if "transition_in" in sg.meta}
        assert with_transition == set(SECTIONS[1:]), "one at every section change, hard cuts everywhere else"
        for before, sg in itertools.pairwise(lane):
            if "transition_in" in sg.meta:
                ms = sg.meta["transition_ms"]
                assert 0 < ms <= BEAT_MS and ms <= sg.duration_ms / 2 and ms <= before.duration_ms / 2
        assert "transition_in" not in lane[0].meta


def test_transitions_vary_and_suit_the_change_of_energy() -> None:
    seen = set()
    for seed in range(6):
        changes = [sg for sg in _lane(_song(), seed=seed) if "transition_in" in sg.meta]
        kinds = [sg.meta["transition_in"] for sg in changes]
        assert all(a != b for a, b in itertools.pairwise(kinds)), "never the same kind at two changes in a row"
        louder = [LEVELS[i] > LEVELS[i - 1] for i in range(1, len(LEVELS))]
        assert all(k in (INTO_LOUDER if up else INTO_CALMER) for k, up in zip(kinds, louder, strict=True))
        seen |= set(kinds)
    assert seen == {"flash", "whip", "dissolve"}


def test_without_sections_every_cut_is_hard() -> None:
    lane = _lane(click_analysis(120, 60_000))
    assert not [sg for sg in lane if "transition_in" in sg.meta]


def test_punch_ins_fall_on_the_kicks_of_the_loudest_sections_only() -> None:
    beats = click_analysis(120, 80_000).beats_ms
    kicks = tuple(b + 20 for b in beats[::2])  # the kick on beats 1 and 3 of the bar, a little late
    offbeat_kicks = tuple(b + 250 for b in beats[1::4])  # and a syncopated one on the "and" of 2: no beat
    # hats: an onset on every beat; shots of a bar, so that the kick on beat 3 falls inside one (each chorus is cut
    # every two beats by itself, and then every kick is a cut already)
    lane = _lane(_song(onsets_ms=beats, kicks_ms=tuple(sorted(kicks + offbeat_kicks))), beats_per_cut=4)
    chorus = [(16_000, 32_000), (48_000, 64_000)]
    punched = [sg for sg in lane if sg.meta.get("punch_ms")]
    assert punched
    for sg in punched:
        assert any(a <= sg.start_ms and sg.end_ms <= b for a, b in chorus), "punch-ins only in the choruses"
        for ms in sg.meta["punch_ms"]:
            assert sg.start_ms + ms in set(beats[::2]), "on a beat with a kick, not on the snare's or a hat's"
            assert 0 <= ms < sg.duration_ms
    accented = {sg.start_ms for sg in lane} | {sg.start_ms + ms for sg in punched for ms in sg.meta["punch_ms"]}
    chorus_kicks = [b for b in beats[::2] if any(a <= b < z for a, z in chorus)]
    assert sum(b in accented for b in chorus_kicks) >= 0.9 * len(chorus_kicks), "a cut or a punch on every kick"


def test_a_kick_more_than_50_ms_from_a_beat_gets_no_punch_in() -> None:
    beats = click_analysis(120, 80_000).beats_ms
    kicks = tuple(b + 20 for b in beats[::2]) + tuple(b + 70 for b in beats[1::2])  # beats 2 and 4: a flam, late
    lane = _lane(_song(kicks_ms=tuple(sorted(kicks))), beats_per_cut=4)
    offsets = {sg.start_ms + ms for sg in lane for ms in sg.meta.get("punch_ms", [])}
    assert offsets and offsets <= set(beats[::2])


def test_loud_sections_without_a_kick_drum_do_not_punch_in() -> None:
    beats = click_analysis(120, 80_000).beats_ms
    chords = tuple(b + 30 for b in beats[::2])  # no kick drum (an orchestra): chords on 1 and 3
    analysis = _song(onsets_ms=chords, kicks_ms=(1000, 2000, 70_000))  # a stray kick in the verse and outro
    lane = _lane(analysis, beats_per_cut=4)
    assert not [sg for sg in lane if sg.meta.get("punch_ms")]  # they jolted a calm piece on every beat


def test_punch_ins_skip_the_cut_unless_the_shot_is_one_beat() -> None:
    lane = _lane(_song())
    for sg in lane:
        offsets = sg.meta.get("punch_ms", [])
        if sg.duration_ms > BEAT_MS + 100:
            assert 0 not in offsets, "the cut is the accent of a longer shot's first beat"
        if "transition_in" in sg.meta:
            assert all(ms >= sg.meta["transition_ms"] for ms in offsets), "no punch over a transition"


def test_a_calm_song_gets_no_punch_ins() -> None:
    assert not [sg for sg in _lane(click_analysis(120, 40_000, energy=(0.1,) * 401)) if "punch_ms" in sg.meta]


def test_a_loud_song_of_one_section_punches_in() -> None:
    energy = tuple([0.2] * 200 + [0.95] * 201)
    analysis = click_analysis(120, 40_000, energy=energy)
    lane = _lane(dataclasses.replace(analysis, kicks_ms=analysis.beats_ms))
    punched = [sg for sg in lane if sg.meta.get("punch_ms")]
    assert punched and all(sg.start_ms >= 18_000 for sg in punched)


def test_sources_do_not_come_round_with_the_same_move() -> None:
    energy = tuple([0.1] * 300 + [0.95] * 1000 + [0.4] * 334)  # a long loud stretch cut fast
    analysis = click_analysis(120, 163_300, energy=energy, sections_ms=(0, 30_000, 130_000))
    for seed in range(3):  # cut every two beats as asked: five pictures come round again and again
        lane = _lane(analysis, seed=seed, beats_per_cut=2)
        sources = [sg.src for sg in lane]
        moves: dict[str | None, list[object]] = {}
        for sg in lane:
            moves.setdefault(sg.src, []).append(sg.meta["motion"])
        for src, sequence in moves.items():
            assert all(a != b for a, b in itertools.pairwise(sequence)), f"{src} came back with the same move"
            assert len(set(sequence)) >= 4, f"{src} had only {set(sequence)}"
        fast = [sg.src for sg in lane if 32_000 <= sg.start_ms < 128_000]
        assert len(fast) > 80
        off_cycle = sum(a != b for a, b in zip(fast, fast[5:], strict=False)) / (len(fast) - 5)
        assert off_cycle >= 0.65, "the five sources come round in a fixed order"
        pairs = list(zip(sources, (sg.meta["motion"] for sg in lane), strict=True))
        for period in range(1, 41):
            same = sum(a == b for a, b in zip(pairs, pairs[period:], strict=False)) / (len(pairs) - period)
            assert same < 0.5, f"source and move repeat every {period} shots"


def test_recut_puts_the_accents_on_the_new_cuts() -> None:
    analysis = _song()
    song = dataclasses.replace(SONG, duration_ms=analysis.duration_ms)
    draft = plan_music_video(song, analysis, [(v, None) for v in PICTURES], MusicVideoOptions(beats_per_cut=8))
    recut = _visuals(recut_to_beats(draft, analysis))
    assert {sg.start_ms for sg in recut if "transition_in" in sg.meta} == set(SECTIONS[1:])
    for sg in recut:
        assert all(sg.start_ms + ms in analysis.beats_ms for ms in sg.meta.get("punch_ms", []))
        assert all(0 <= ms < sg.duration_ms for ms in sg.meta.get("punch_ms", []))
