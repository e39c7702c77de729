"""Joins through black only where the music turns, and never at both ends of a middle shot (held-out 03's blind
review: "the orange-flower shot (0:53-1:02) fades in from black and back out to black, which makes a short dead
patch"; "4 of 9 joins through black"): a join dips only where the music dips, in a lull (``colour_joins.dark_cuts``;
a section's turn alone no longer: s57), else it stays a dissolve, and of two dips round one shot the later stays a
dissolve (``colour_joins.clashes_dipped``)."""

from __future__ import annotations

import itertools

import pytest

from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.planning import MusicVideoOptions, colour_joins, plan_music_video, recut_to_beats
from nemo_notebook.engine.planning.cutting import beat_grid_ms, section_cuts_ms
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, Segment
from tests.render.synth import click_analysis

COLOURS = {  # CIE a*, b* of held-out 03's photos' mean colours
    "flower": (49.2, 50.4),  # FreshFlower.jpg: orange
    "aqua": (-2.8, -14.5),  # Aqua.jpg: grey-blue water
    "meadow": (-39.2, 51.2),  # GreenMeadow.jpg: green
    "wood": (-6.9, 15.3),  # Wood.jpg: beige
    "leaf": (-31.6, 30.6),  # RainDrops.jpg: a green leaf
}


def _plan(
    names: tuple[str, ...], duration_ms: int, sections: tuple[int, ...], seed: int = 0
) -> tuple[Draft, AudioAnalysis]:
    # each section after the first opens in a lull, 8 dB under the rest: a reason for the dark (``dark_cuts``)
    quiet = [cut for cut in sections if cut]
    energy = tuple(
        0.1 if any(abs(i * 100 - cut) < 1500 for cut in quiet) else 0.3 for i in range(duration_ms // 100 + 1)
    )
    analysis = click_analysis(60, duration_ms, energy=energy, drive=0.1, sections_ms=sections)
    song = MediaInfo("m_song", "song.ogg", MediaKind.AUDIO, "ogg", 1000, duration_ms=duration_ms)
    photos = [MediaInfo(f"m_{n}", f"{n}.jpg", MediaKind.IMAGE, "jpg", 10 + i, width=1920, height=1080)
              for i, n in enumerate(names)]  # fmt: skip
    colours = tuple((f"m_{n}", *COLOURS[n]) for n in names)
    options = MusicVideoOptions(picture_colours=colours, visualizer=None, title=None, seed=seed)
    return plan_music_video(song, analysis, [(info, None) for info in photos], options), analysis


def _lane(draft: Draft) -> list[Segment]:
    return sorted(next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments, key=lambda s: s.start_ms)


def _dark_at_both_ends(lane: list[Segment]) -> list[int]:
    """The starts of the middle shots that fade in from black and out to black."""
    dip = [sg.meta.get("transition_in") == "dip" for sg in lane]
    return [lane[i].start_ms for i in range(1, len(lane) - 1) if dip[i] and dip[i + 1]]


def test_orange_and_green_taking_turns_at_every_section_dip_at_one_end_of_a_shot_at_most() -> None:
    """Main: every join a dip, each middle shot faded in from black and out to black."""
    draft, analysis = _plan(("flower", "meadow"), 40_000, (0, 8000, 16_000, 24_000, 32_000))
    for lane in (_lane(draft), _lane(recut_to_beats(draft, analysis, beats_per_cut=4))):
        kinds = [sg.meta.get("transition_in") for a, sg in itertools.pairwise(lane) if a.src != sg.src]
        assert "dip" in kinds and "dissolve" in kinds, kinds
        assert not _dark_at_both_ends(lane), [(sg.start_ms, sg.src, sg.meta.get("transition_in")) for sg in lane]


def test_a_muddy_join_where_the_music_goes_on_dissolves() -> None:
    """No section turns at the joins and no hush: main dipped every join of the orange and the green photo. The
    dissolve where it would go muddy is lifted, and as long as a clean one (it lasted half as long: s68)."""
    draft, analysis = _plan(("flower", "meadow"), 40_000, (0,))
    joins = [sg.meta for a, sg in itertools.pairwise(_lane(draft)) if a.src != sg.src]
    assert {m.get("transition_in") for m in joins} == {"dissolve"}, joins
    assert {m.get("transition_ms") for m in joins} == {1000}, joins  # a beat at 60 bpm (``calm_dissolve_ms``)
    assert all(m.get("dissolve_lift", 1.0) > 1.0 for m in joins), joins  # amber, not olive
    plain, _ = _plan(("flower", "wood"), 40_000, (0,))  # orange and beige mix cleanly: nothing lifted
    assert {sg.meta.get("transition_ms") for sg in _lane(plain)[1:]} == {1000}
    assert not any("dissolve_lift" in sg.meta for sg in _lane(plain))
    sections = section_cuts_ms(analysis, beat_grid_ms(analysis, 40_000))
    assert not sections and not colour_joins.dark_cuts(analysis, 40_000)(16_000)


def test_a_lull_is_a_reason_for_the_dark() -> None:
    energy = tuple(0.1 if 15_000 <= i * 100 < 18_000 else 0.7 for i in range(401))
    analysis = click_analysis(60, 40_000, energy=energy, drive=0.1)
    dark = colour_joins.dark_cuts(analysis, 40_000)
    assert dark(16_000) and not dark(8000) and not dark(24_000)


@pytest.mark.parametrize("seed", range(4))
def test_held_out_03_s_colours_dip_only_in_lulls_and_never_round_one_shot(seed: int) -> None:
    """Five photos with held-out 03's colours under a calm 95 s piece with a section every 17 s, each in a lull."""
    sections = tuple(range(0, 95_000, 17_000))
    draft, analysis = _plan(tuple(COLOURS), 95_000, sections, seed)
    lane = _lane(draft)
    dark = colour_joins.dark_cuts(analysis, 95_000)
    assert all(dark(sg.start_ms) for sg in lane if sg.meta.get("transition_in") == "dip"), lane
    assert not _dark_at_both_ends(lane), [(sg.start_ms, sg.src, sg.meta.get("transition_in")) for sg in lane]


def test_a_section_s_turn_alone_is_no_reason_for_the_dark_in_any_music() -> None:
    """A section's start that plays on at full level does not dip, calm or driving: held-out 03's dips at calm
    section starts at -14 and -16 LUFS "don't land where the music goes quiet" (s56), and held-out 02's at a loud
    pop-rock section "looks like a dropout" (s56). A lull dips in either."""
    sections = (0, 16_000, 32_000)
    calm = colour_joins.dark_cuts(click_analysis(60, 40_000, drive=0.1, sections_ms=sections), 40_000)
    driving = colour_joins.dark_cuts(click_analysis(60, 40_000, drive=0.9, sections_ms=sections), 40_000)
    assert not calm(16_000) and not driving(16_000) and not driving(32_000)
    energy = tuple(0.1 if 15_000 <= i * 100 < 18_000 else 0.7 for i in range(401))
    for drive in (0.1, 0.9):
        lull = colour_joins.dark_cuts(
            click_analysis(60, 40_000, energy=energy, drive=drive, sections_ms=sections), 40_000
        )
        assert lull(16_000) and not lull(32_000)
