"""A driving song's loud stretch holds no picture longer than a phrase (issue 29; a blind reviewer on a pop-rock
song with five photos and two clips: "a 7.7 s hold at 91.3-99 in the loud finale", 20 beats at 156 BPM: shots slowed
for little material and rounded up to the next 4-bar phrase), and calm music no shot too short to be seen between
its dissolves."""

from __future__ import annotations

import dataclasses
import itertools

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.cutting import longest_shot_ms, section_cuts_ms
from nemo_notebook.engine.planning.holds import (
    CALM_CLEAR_MS,
    PHRASE_BARS,
    SLACK,
    clear_calm_shots,
    framed_holds,
    longest_hold_ms,
    phrase_holds,
)
from nemo_notebook.engine.planning.reframes import framings_of
from nemo_notebook.protocol import MediaInfo, MediaKind, Segment
from nemo_notebook.protocol.vocabulary import MIN_ZOOM_SHOT_MS, PANS
from tests.render.synth import click_analysis

SONG = MediaInfo("m_song", "song.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=90_000)
PHOTOS = [MediaInfo(f"m_p{i}", f"p{i}.jpg", MediaKind.IMAGE, "jpg", 10 + i, width=2560, height=1600) for i in range(3)]
LOUD = tuple(0.95 if (i // 100) % 3 else 0.85 for i in range(901))  # loud throughout, a little less every 30 s
BAR_MS = 4 * 60_000 / 156


def test_three_photos_under_a_loud_driving_song_hold_a_phrase_at_most_cut_on_downbeats() -> None:
    """Before: 7692 ms (five bars) between 43.8 and 51.5 s."""
    analysis = click_analysis(156, 90_000, energy=LOUD, drive=1.0, sections_ms=(0, 30_000, 60_000))
    draft = plan_music_video(SONG, analysis, [(p, None) for p in PHOTOS], MusicVideoOptions())
    lane = sorted(draft.tracks[0].segments, key=lambda s: s.start_ms)
    inner = [sg.duration_ms for sg in lane[1:-1]]
    assert max(inner) <= SLACK * PHRASE_BARS * BAR_MS, inner
    assert all(sg.start_ms in analysis.downbeats_ms for sg in lane[1:])  # every cut on a bar's first beat


def test_calm_or_quiet_music_keeps_its_long_shots() -> None:
    cuts = [4000, 20_000, 40_000]
    calm = click_analysis(156, 60_000, energy=(0.95,) * 601, drive=0.2)
    quiet = click_analysis(156, 60_000, energy=(0.5,) * 601, drive=1.0)
    assert phrase_holds(calm, cuts) == cuts
    assert phrase_holds(quiet, cuts) == cuts
    loud = click_analysis(156, 60_000, energy=(0.95,) * 601, drive=1.0)
    split = phrase_holds(loud, cuts)
    assert split[0] == 4000 and 40_000 in split and len(split) > len(cuts)  # the opening and last shot stay


def test_calm_music_shows_each_picture_clear_between_its_dissolves() -> None:
    """Five photos under a calm piece (84 BPM, dissolves at every cut, sections every 8-11 s as the held-out
    orchestral piece's): before, a 2.9 s shot between two 1 s dissolves (issue 29: "the triple dissolve at 72-74 is
    muddy"); now every shot at least ``CALM_CLEAR_MS``, none longer than calm music's longest."""
    sections = (0, 9000, 17_500, 26_000, 34_300, 42_750, 53_450, 62_400, 74_000, 85_000)
    energy = tuple(0.6 + 0.3 * ((i // 90) % 2) for i in range(951))
    analysis = click_analysis(84, 95_000, energy=energy, drive=0.0, sections_ms=sections)
    song = dataclasses.replace(SONG, duration_ms=95_000)
    photos = [*PHOTOS, *(dataclasses.replace(p, id=f"m_q{i}", size=20 + i) for i, p in enumerate(PHOTOS[:2]))]
    draft = plan_music_video(song, analysis, [(p, None) for p in photos], MusicVideoOptions())
    lane = sorted(draft.tracks[0].segments, key=lambda s: s.start_ms)
    lengths = [sg.duration_ms for sg in lane]
    assert min(lengths) >= CALM_CLEAR_MS and max(lengths) <= longest_shot_ms(0.0), lengths
    assert all(sg.meta.get("transition_in") == "dissolve" for sg in lane[1:])


def test_a_short_calm_shot_joins_over_the_cut_that_is_not_a_section_s() -> None:
    analysis = click_analysis(84, 95_000, energy=(0.7,) * 951, drive=0.0, sections_ms=(0, 74_000))
    section = section_cuts_ms(analysis, analysis.beats_ms)[0]
    cuts = [section - 9000, section - 2000, section, section + 8000]
    assert clear_calm_shots(analysis, cuts, 95_000) == [section - 9000, section, section + 8000]
    assert clear_calm_shots(analysis, [10_000, 12_000, 20_000], 30_000) == [10_000, 20_000]  # the shorter join


def test_a_fast_loud_song_holds_a_still_two_bars_at_most_and_shows_each_picture_no_more_often() -> None:
    """Held-out export 01 (issue 29): a 156 BPM song, loud throughout, held a picture 6.15 s (4 bars) where the
    reviewer asked ~3 s. Now a still is held 2 bars at most (``longest_hold_ms``), cut on downbeats to near views
    of its picture (a 1920x1080 photo in 16:9, as near as its pixels allow: ``test_no_flips``): reframes, so that no
    picture is shown more often than its ceiling. Before: 6153 ms."""
    small = [dataclasses.replace(p, id=f"m_s{i}", size=30 + i, width=1920, height=1080) for i, p in enumerate(PHOTOS)]
    analysis = click_analysis(156, 90_000, energy=LOUD, drive=1.0, sections_ms=(0, 30_000, 60_000))
    draft = plan_music_video(SONG, analysis, [(p, None) for p in [*PHOTOS, *small]], MusicVideoOptions())
    lane = sorted(draft.tracks[0].segments, key=lambda s: s.start_ms)
    inner = [sg.duration_ms for sg in lane[1:-1]]
    assert max(inner) <= longest_hold_ms(BAR_MS) <= 1.05 * 2 * BAR_MS, inner
    assert all(sg.start_ms in analysis.downbeats_ms for sg in lane[1:])  # every cut on a bar's first beat
    assert all(a.src != b.src for a, b in itertools.pairwise(lane))  # every cut to another picture


def test_a_slower_loud_song_holds_a_still_a_bar_or_two() -> None:
    assert longest_hold_ms(4 * 60_000 / 120) == 1.05 * 4000  # two bars of 120 BPM
    assert longest_hold_ms(4 * 60_000 / 100) == 1.05 * 2400  # one bar of 100 BPM: two would be 4.8 s
    assert longest_hold_ms(4 * 60_000 / 240) == 1.05 * 4000  # four bars of 240 BPM


def test_a_held_still_s_first_part_too_short_for_a_zoom_pans() -> None:
    analysis = click_analysis(156, 60_000, energy=(0.95,) * 601, drive=1.0)
    downbeats = [d for d in analysis.downbeats_ms if d >= 4 * round(BAR_MS)][:4]
    lane = [
        Segment(0, downbeats[0], src="m_p0", meta={"name": "p0.jpg"}),
        Segment(downbeats[0], downbeats[3] - downbeats[0], src="m_p1", meta={"name": "p1.jpg", "motion": "zoom_in"}),
        Segment(downbeats[3], 60_000 - downbeats[3], src="m_p0", meta={"name": "p0.jpg"}),
    ]  # three bars of a zoom: one bar (1.5 s), then two
    out = framed_holds(lane, analysis, {"m_p1": framings_of(PHOTOS[1], "16:9")})
    assert [sg.start_ms for sg in out[1:]] == [downbeats[0], downbeats[1], downbeats[3]]
    assert out[1].duration_ms < MIN_ZOOM_SHOT_MS and out[1].meta["motion"] in PANS
    assert out[2].meta["motion"] in PANS and out[2].meta["motion"] != out[1].meta["motion"]
