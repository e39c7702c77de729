"""Whether two pictures' dissolve dips is decided from what its middle frame would look like, not from their hues
alone (issue 29, held-out 03's blind review: "The worst colour clash, orange->blue at 0:17, is a plain dissolve with
a muddy purple middle frame"): the grey-blue water (Aqua.jpg, chroma 15) had no colour of its own, so its dissolve
with the orange flower never counted as a clash, and mixed to brown-grey. The mean colours are held-out 03's
photos' (``analysis.picture.colour``); a calm video of two of them dissolves at every cut, and where the mix would
go muddy (``colour_mix.muddy``) the dissolve is lifted round its middle (``m.dissolve_lift``, s57: it dipped to black
at a section's turn before, whether the music dipped or not)."""

from __future__ import annotations

import itertools

import pytest

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video, recut_to_beats
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from tests.render.synth import click_analysis

SONG = MediaInfo("m_song", "song.ogg", MediaKind.AUDIO, "ogg", 1000, duration_ms=40_000)
# a section every 8 s, at each cut, level all through: no lull, every join a dissolve (``colour_joins.dark_cuts``)
CALM = click_analysis(60, 40_000, energy=(0.3,) * 401, drive=0.1, sections_ms=(0, 8000, 16_000, 24_000, 32_000))
COLOURS = {  # CIE a*, b* of held-out 03's photos' mean colours
    "flower": (49.2, 50.4),  # FreshFlower.jpg: orange, chroma 70
    "aqua": (-2.8, -14.5),  # Aqua.jpg: grey-blue water, chroma 15
    "meadow": (-39.2, 51.2),  # GreenMeadow.jpg: green, chroma 65
    "wood": (-6.9, 15.3),  # Wood.jpg: beige, chroma 17
    "leaf": (-31.6, 30.6),  # RainDrops.jpg: a green leaf, chroma 44
}


def _plan(first: str, second: str) -> Draft:
    photos = [MediaInfo(f"m_{n}", f"{n}.jpg", MediaKind.IMAGE, "jpg", 10 + i, width=1920, height=1080)
              for i, n in enumerate((first, second))]  # fmt: skip
    colours = tuple((f"m_{n}", *COLOURS[n]) for n in (first, second))
    options = MusicVideoOptions(picture_colours=colours, visualizer=None, title=None)
    return plan_music_video(SONG, CALM, [(info, None) for info in photos], options)


def _joins(draft: Draft) -> list[tuple[str | None, object]]:
    """Each join's kind and its colour's lift at its middle (1: none)."""
    lane = sorted(next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments, key=lambda s: s.start_ms)
    return [
        (sg.meta.get("transition_in"), sg.meta.get("dissolve_lift", 1))
        for before, sg in itertools.pairwise(lane)
        if before.src != sg.src
    ]


def test_an_orange_photo_and_a_grey_blue_one_dissolve_lifted_and_so_does_a_recut() -> None:
    draft = _plan("flower", "aqua")
    # orange and grey-blue would ask a lift of 1.68 (their mean chroma 42.6, the predicted mix's 25.4): at most 1.5
    assert _joins(draft) and set(_joins(draft)) == {("dissolve", 1.5)}, _joins(draft)  # main: dips, no lift
    recut = recut_to_beats(draft, CALM, beats_per_cut=4)
    assert len(_joins(recut)) > len(_joins(draft)) and set(_joins(recut)) == {("dissolve", 1.5)}, _joins(recut)


@pytest.mark.parametrize(("first", "second", "lift"), [("flower", "meadow", 1.42), ("flower", "leaf", 1.5)])
def test_orange_and_green_dissolve_lifted(first: str, second: str, lift: float) -> None:
    assert set(_joins(_plan(first, second))) == {("dissolve", lift)}, _joins(_plan(first, second))


@pytest.mark.parametrize(
    ("first", "second"),
    [("meadow", "aqua"), ("leaf", "aqua"), ("flower", "wood"), ("aqua", "wood"), ("leaf", "meadow")],
)
def test_pictures_whose_mix_keeps_its_colour_still_dissolve(first: str, second: str) -> None:
    # green with grey-blue loses 8-9 of chroma in the mix, orange with beige 6, two greyish pictures mix to grey
    assert set(_joins(_plan(first, second))) == {("dissolve", 1)}, _joins(_plan(first, second))
