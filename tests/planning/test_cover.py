"""One cover and a track: the design follows the music (driving music the ring, music without a kick drum the
wave, the rest the poster) unless the user names one, or names a visualizer that belongs to one."""

from __future__ import annotations

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.cover import chosen_design, design_for
from nemo_notebook.protocol import MediaInfo, MediaKind, TrackType
from tests.render.synth import click_analysis

SONG = MediaInfo("m", "song.ogg", MediaKind.AUDIO, "ogg", 1000, duration_ms=20_000)
COVER = MediaInfo("c", "cover.png", MediaKind.IMAGE, "png", 500, width=1000, height=1000)


def _with_kicks(tempo_bpm: float, every: int) -> object:
    base = click_analysis(tempo_bpm, 20_000)
    return click_analysis(tempo_bpm, 20_000, kicks_ms=base.beats_ms[::every])


def test_the_design_follows_the_music() -> None:
    assert design_for(_with_kicks(128, 1)) == "ring"  # a kick on every beat at 128 BPM: driving
    assert design_for(_with_kicks(100, 2)) == "poster"  # a kick drum, not driving
    assert design_for(click_analysis(100, 20_000)) == "wave"  # no kick drum: an ambient or orchestral piece
    assert design_for(_with_kicks(70, 1)) == "wave"  # slow


def test_a_named_design_or_visualizer_wins_over_the_music() -> None:
    calm = click_analysis(70, 20_000)
    assert chosen_design("poster", None, calm) == "poster"
    assert chosen_design(None, "circular", calm) == "ring"
    assert chosen_design(None, "waves", calm) == "wave"
    assert chosen_design(None, "spectrum", calm) == "wave"  # the default bars name nothing: the music chooses
    assert chosen_design("poster", "circular", calm) == "poster"


def test_a_cover_video_plans_its_design_its_visualizer_and_its_credit() -> None:
    options = MusicVideoOptions(title="Song — Band", credit_line=True, cover_design="ring")
    draft = plan_music_video(SONG, _with_kicks(128, 1), [(COVER, None)], options)
    assert draft.meta["cover_design"] == "ring"
    lanes = {t.meta.get("role"): t for t in draft.tracks}
    assert lanes["visualizer"].segments[0].meta["effect"] == "circular"
    credit = next(t for t in draft.tracks if t.type == TrackType.TEXT).segments[0]
    assert credit.meta["layout"] == "cover" and credit.duration_ms == draft.duration_ms
    two = plan_music_video(SONG, _with_kicks(128, 1), [(COVER, None), (COVER, None)], options)
    assert "cover_design" not in two.meta  # two pictures: no cover video
