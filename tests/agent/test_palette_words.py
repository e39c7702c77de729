"""A track alone's palette named in words ("a neon palette", "red and black colours"): heard beside a word for colours
or the backdrop only, applied to every generated scene in its own variant, kept by a re-plan, refused for pictures."""

from __future__ import annotations

import dataclasses

import pytest

from nemo_notebook.engine.agent.edits import apply
from nemo_notebook.engine.agent.errors import EditError
from nemo_notebook.engine.agent.making import plan_options
from nemo_notebook.engine.agent.message import prepare
from nemo_notebook.engine.agent.operations import SetPalette
from nemo_notebook.engine.agent.parse import parse_ops
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.palettes import PALETTES, muddy, turned
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.render.synth import click_analysis

SONG = MediaInfo("song", "song.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=60_000)


@pytest.mark.parametrize(
    ("text", "palette"),
    [
        ("use a neon palette", "neon"),
        ("red and black colours please", "ember"),
        ("make the background blue and gold", "royal"),
        ("earthy tones for the backdrop", "earth"),
        ("sunset colors", "dusk"),
        ("背景用霓虹配色", "neon"),
        ("make the colours warmer", None),  # a grade (``detect_look``), not a palette
        ("make the title red", None),
        ("add a neon sign as a title", None),  # no word for colours or the backdrop
    ],
)
def test_palette_words(text: str, palette: str | None) -> None:
    ops, _ = parse_ops(prepare(text))
    named = [op.palette for op in ops if isinstance(op, SetPalette)]
    assert named == ([palette] if palette else []), (text, ops)


def _alone() -> object:
    energy = tuple([0.2] * 150 + [0.9] * 150 + [0.3] * 150 + [0.95] * 151)
    analysis = click_analysis(100, 60_000, energy=energy, sections_ms=(0, 15_000, 30_000, 45_000), drive=0.9)
    return plan_music_video(SONG, analysis, [], MusicVideoOptions())


def test_a_named_palette_colours_every_scene_in_its_variant_and_a_replan_keeps_it() -> None:
    draft = _alone()
    assert draft.meta["palette"] != "ember" and "palette" not in plan_options(draft)  # the music's choice
    after = apply(SetPalette(palette="ember"), draft)
    scenes = next(t for t in after.tracks if t.meta.get("role") == "visuals").segments
    for sg in scenes:
        assert sg.meta["colors"] == list(getattr(PALETTES["ember"], sg.meta["variant"])), sg.meta
        assert not any(muddy(turned(c, sg.meta.get("hue_deg", 0))) for c in sg.meta["colors"])
    assert [sg.meta["variant"] for sg in scenes] == ["quiet", "loud", "quiet", "drop"]
    assert plan_options(after)["palette"] == "ember"
    with pytest.raises(EditError, match="already has the ember palette"):
        apply(SetPalette(palette="ember"), after)


def test_a_palette_for_pictures_is_refused_with_what_it_is_for() -> None:
    analysis = click_analysis(100, 20_000)
    photo = MediaInfo("p1", "a.jpg", MediaKind.IMAGE, "jpg", 1000, width=640, height=480)
    song = dataclasses.replace(SONG, duration_ms=20_000)
    draft = plan_music_video(song, analysis, [(photo, None)], MusicVideoOptions())
    with pytest.raises(EditError, match="for a track alone"):
        apply(SetPalette(palette="neon"), draft)
