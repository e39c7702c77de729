"""The track alone: one designed palette a video, chosen by the genre tag or the music, never muddy."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.backgrounds import clear_of_mud
from nemo_notebook.engine.planning.palettes import PALETTES, muddy, palette_for, scene_colors, turned
from nemo_notebook.engine.planning.scene_hues import HUE_STEPS
from tests.render.synth import click_analysis

from .test_music_video import SONG


def _music(kind: str) -> AudioAnalysis:
    """Analyses of music of a known character: its drive, tone (flatness) and mode as ``analysis`` measures them."""
    tempo, drive, flatness, mode, onset_ms = {
        "metal": (170, 0.83, 0.20, -0.02, 120),
        "electronic": (128, 0.9, 0.03, -0.1, 250),
        "pop": (120, 1.0, 0.003, 0.22, 250),
        "orchestra": (97, 0.01, 0.002, -0.2, 90),
        "folk": (150, 0.07, 0.003, 0.2, 95),
        "ballad": (72, 0.2, 0.003, 0.15, 400),
        "jazz": (130, 0.5, 0.0005, 0.0, 250),
    }[kind]
    onsets = tuple(range(0, 60_000, onset_ms))
    return click_analysis(tempo, 60_000, drive=drive, flatness=flatness, mode=mode, onsets_ms=onsets)


def test_music_of_each_character_gets_its_own_designed_palette() -> None:
    found = {kind: palette_for(_music(kind)) for kind in ("metal", "electronic", "pop", "orchestra", "folk")}
    assert found == {"metal": "ember", "electronic": "neon", "pop": "candy", "orchestra": "royal", "folk": "earth"}
    assert palette_for(_music("ballad")) == "dusk" and palette_for(_music("jazz")) == "club"


def test_a_genre_tag_chooses_the_palette_and_a_palette_the_user_named_wins() -> None:
    ballad = _music("ballad")
    assert palette_for(ballad, "Heavy Metal") == "ember" and palette_for(ballad, "Romantic Classical") == "royal"
    assert palette_for(ballad, "Electronic") == "neon" and palette_for(ballad, "Spoken word") == "dusk"
    song = dataclasses.replace(SONG, duration_ms=60_000)
    tagged = plan_music_video(song, ballad, [], MusicVideoOptions(genre="Techno"))
    named = plan_music_video(song, ballad, [], MusicVideoOptions(genre="Techno", palette="earth"))
    assert (tagged.meta["palette"], named.meta["palette"]) == ("neon", "earth")
    with pytest.raises(ValueError, match="palette 'beige' is unknown"):
        MusicVideoOptions(palette="beige").check()


def test_every_designed_palette_is_clear_of_mud_and_has_light_in_every_variant() -> None:
    """A blind reviewer called olive, khaki and mustard sections "muddy" and "sickly": no palette, tuned to any music
    and turned as the sections turn it, has such a colour; each variant has a light colour and a mid-tone."""
    for name, palette in PALETTES.items():
        for variant in ("quiet", "loud", "drop"):
            designed = getattr(palette, variant)
            assert not any(muddy(c) for c in designed), (name, variant)
            assert _luma(designed[-1]) > 0.6 or _luma(designed[-2]) > 0.6, (name, variant)
            assert _luma(designed[1]) >= 0.2, (name, variant, designed[1])  # a quiet scene is not near black
            for kind in ("metal", "ballad", "pop", "orchestra"):
                colors = scene_colors(name, variant, _music(kind))
                for turn in (*HUE_STEPS, *range(-60, 61, 10)):  # the steps, and any turn the music asks
                    kept = clear_of_mud(colors, turn)
                    assert not any(muddy(turned(c, kept)) for c in colors), (name, variant, kind, turn)
    assert muddy("#8a7a2a") and muddy("#6b6b2e") and not muddy("#f2c46a") and not muddy("#c0161f")


def test_every_scene_of_a_video_comes_from_one_palette_and_the_drop_changes_it() -> None:
    energy = tuple([0.2] * 150 + [0.9] * 150 + [0.3] * 150 + [0.95] * 151)
    analysis = click_analysis(100, 60_000, energy=energy, sections_ms=(0, 15_000, 30_000, 45_000))
    song = dataclasses.replace(SONG, duration_ms=60_000)
    draft = plan_music_video(song, analysis, [], MusicVideoOptions())
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments
    names = {sg.meta["palette"] for sg in lane}
    assert len(lane) >= 4 and names == {draft.meta["palette"]}
    palette = PALETTES[draft.meta["palette"]]
    firsts = [sg.meta["colors"][0] for sg in lane]
    assert firsts[0] != firsts[1] and firsts[-1] != firsts[1]  # quiet, loud, quiet, the drop: a new scene each
    assert lane[-1].meta["colors"] == scene_colors(draft.meta["palette"], "drop", analysis)
    assert len({c[0] for c in (palette.quiet, palette.loud, palette.drop)}) == 3


def _luma(color: str) -> float:
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_music_chooses_the_design_calm_ribbons_a_driving_tunnel_and_lights_between() -> None:
    from nemo_notebook.engine.planning.backgrounds import design_for

    quiet_then_loud = tuple([0.3] * 300 + [0.9] * 301)
    calm = click_analysis(70, 60_000, energy=quiet_then_loud)
    driving = click_analysis(128, 60_000, energy=(0.9,) * 601)
    driving = dataclasses.replace(driving, kicks_ms=driving.beats_ms)
    between = click_analysis(116, 60_000, energy=(0.8,) * 601)
    orchestra = click_analysis(160, 60_000, energy=(0.9,) * 601, onsets_ms=tuple(range(0, 60_000, 80)))
    assert [design_for(a) for a in (calm, driving, between, orchestra)] == ["aurora", "pulse", "bokeh", "aurora"]


def test_a_named_design_fills_every_scene_with_its_own_visualizer_unless_the_user_chose_one() -> None:
    from nemo_notebook.protocol.vocabulary import DESIGN_LIGHT

    energy = tuple([0.2] * 150 + [0.9] * 150 + [0.3] * 150 + [0.95] * 151)
    analysis = click_analysis(100, 60_000, energy=energy, sections_ms=(0, 15_000, 30_000, 45_000))
    song = dataclasses.replace(SONG, duration_ms=60_000)
    draft = plan_music_video(song, analysis, [], MusicVideoOptions(backdrop="bokeh"))
    lanes = {t.meta.get("role"): t for t in draft.tracks}
    scenes = lanes["visuals"].segments
    assert draft.meta["backdrop"] == "bokeh" and {sg.meta["design"] for sg in scenes} == {"bokeh"}
    bars = lanes["visualizer"].segments[0].meta  # the bokeh's own: bars mirrored about the middle
    assert (bars["effect"], bars["position"], bars["color"]) == ("mirrored", "center", DESIGN_LIGHT)
    assert scenes[3].meta["colors"] == scene_colors(draft.meta["palette"], "drop", analysis)  # the loudest
    placed = plan_music_video(song, analysis, [], MusicVideoOptions(backdrop="bokeh", visualizer_position="top"))
    bars = next(t for t in placed.tracks if t.meta.get("role") == "visualizer").segments[0].meta
    assert (bars["effect"], bars["position"]) == ("spectrum", "top")


def test_the_drive_chooses_the_design_so_that_the_tunnel_is_for_electronic_and_dance_music() -> None:
    """The tunnel took 10 of 17 held-out songs (rock, metal, hip hop and a pop song among them) when any quick, loud
    music with kicks went to it: with the music's drive known, calm music gets the aurora, electronic music (the
    neon palette) and dance music (driving, a kick on most beats) the ring over the tunnel, band music the lights."""
    from nemo_notebook.engine.planning.backgrounds import design_for

    def song(drive: float, kicks_every: int) -> AudioAnalysis:
        made = click_analysis(140, 60_000, energy=(0.9,) * 601, drive=drive)
        return dataclasses.replace(made, kicks_ms=made.beats_ms[::kicks_every])

    calm, rock, dance = song(0.2, 2), song(0.8, 2), song(0.95, 1)
    assert [design_for(calm), design_for(rock), design_for(dance), design_for(rock, "neon")] == [
        "aurora",
        "bokeh",
        "pulse",
        "pulse",
    ]
    assert design_for(dance, "club") == "bokeh"  # jazz's club lights, not a rave


def test_a_songs_scenes_turn_far_apart_warmer_as_it_is_louder() -> None:
    """Six sections all loud, their energies close (a rock ballad's lay between 0.77 and 0.90): each scene's palette
    turned 35 degrees or more from the one before (14-24 before: "4 minutes of near-identical purple", a blind
    reviewer), the loudest towards warm (dusk: its hue rising towards red), the softest towards cool."""
    energies = (0.81, 0.9, 0.88, 0.9, 0.77, 0.88)
    energy = (*(e for e in energies for _ in range(100)), energies[-1])
    analysis = click_analysis(100, 60_000, energy=energy, sections_ms=tuple(range(0, 60_000, 10_000)))
    song = dataclasses.replace(SONG, duration_ms=60_000)
    draft = plan_music_video(song, analysis, [], MusicVideoOptions(backdrop="aurora", palette="dusk"))
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments
    assert len(lane) == len(energies), [sg.start_ms for sg in lane]
    turns = [sg.meta.get("hue_deg", 0) for sg in lane]
    assert min(abs(a - b) for a, b in itertools.pairwise(turns)) >= 35, turns
    assert turns[4] < 0 < turns[3], turns  # the softest cooler (towards blue), the loudest warmer (towards red)
