"""The user's own media stays unless they ask otherwise: a restyle changes the picture's pace and keeps their song;
a replacement they ask for says what it replaced and how to bring it back; a rebuild keeps the visualizer."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.agent import COST_EDIT, interpret
from nemo_notebook.engine.agent.operations import BuildMusicVideo, ComposeMusic, SetCutRate, SetFade
from nemo_notebook.engine.agent.tracks import music_source
from nemo_notebook.protocol import Draft, Segment, Track, TrackType
from nemo_notebook.protocol.vocabulary import Position, Visualizer

from .drafts import LENGTH_MS, music_video, uploads
from .fakes import FakeContext, run


def ctx(draft: Draft | None = None) -> FakeContext:
    return FakeContext(uploads=uploads(), history=[draft or music_video()])


def composed_music_video() -> Draft:
    """The music video with music the engine composed (a generated file, not an upload)."""
    draft = music_video()
    music = Track(TrackType.AUDIO, (Segment(0, LENGTH_MS, src="g_lofi", in_ms=0),), {"role": "music", "name": "Lo-fi"})
    return draft.with_tracks((*draft.tracks[:2], music))


@pytest.mark.parametrize(
    ("text", "factor"),
    [("make it more cinematic", 2.0), ("more energetic", 0.5), ("make it calmer and more dreamy", 2.0)],
)
def test_a_restyle_keeps_the_users_song_and_changes_the_pace(text: str, factor: float) -> None:
    intent = interpret(text, ctx())
    assert intent.action == "edit" and intent.cost == COST_EDIT
    assert intent.args["ops"] == (SetCutRate(factor=factor),)
    the_ctx = ctx()
    _, said = run(the_ctx, text)
    assert music_source(the_ctx.draft()) == "m_song"
    assert 'I kept your music "AB2N_0330.mp3"' in said and "replace the music with something" in said


def test_more_cinematic_with_a_fade_out_keeps_the_song_and_adds_the_fade() -> None:
    the_ctx = ctx()
    intent = interpret("make it more cinematic and add a fade out at the end", the_ctx)
    assert [type(op) for op in intent.args["ops"]] == [SetCutRate, SetFade]
    _, said = run(the_ctx, "make it more cinematic and add a fade out at the end")
    assert music_source(the_ctx.draft()) == "m_song"
    assert "fade out" in said and "kept your music" in said
    assert not any(isinstance(op, ComposeMusic) for op in intent.args["ops"])


def test_a_mood_the_picture_cannot_show_changes_nothing_and_says_why() -> None:
    the_ctx = ctx()
    _, said = run(the_ctx, "make it more jazzy")
    assert the_ctx.version() == 0
    assert 'kept your music "AB2N_0330.mp3"' in said and "replace the music with something jazzy" in said


def test_asking_for_other_music_replaces_it_and_says_how_to_go_back() -> None:
    intent = interpret("replace the music with something cinematic", ctx())
    (op,) = intent.args["ops"]
    assert isinstance(op, ComposeMusic) and op.mode == "replace" and not op.restyle
    assert any('say "use AB2N_0330.mp3" to bring it back' in note for note in intent.args["notes"])


def test_music_the_engine_composed_is_composed_again_for_a_mood() -> None:
    (op,) = interpret("make it more cinematic", ctx(composed_music_video())).args["ops"]
    assert isinstance(op, ComposeMusic) and op.mode == "replace"


def test_building_again_from_a_named_track_keeps_the_visualizer_and_the_cut_rate() -> None:
    (op,) = interpret("use AB2N_0330.mp3", ctx(music_video(beats_per_cut=2))).args["ops"]
    assert isinstance(op, BuildMusicVideo)
    assert (op.visualizer, op.visualizer_position, op.beats_per_cut) == (Visualizer.WAVES, Position.BOTTOM, 2)
    (off,) = interpret("use AB2N_0330.mp3 without a visualizer", ctx()).args["ops"]
    assert isinstance(off, BuildMusicVideo) and off.visualizer is None


def test_a_new_track_asked_for_goes_under_the_pictures_there_are() -> None:
    intent = interpret("compose an upbeat track", ctx())
    (op,) = intent.args["ops"]
    assert isinstance(op, ComposeMusic) and op.mode == "replace"
    assert any("AB2N_0330.mp3" in note for note in intent.args["notes"])
    (fresh,) = interpret("compose an upbeat track", ctx(Draft.empty())).args["ops"]
    assert isinstance(fresh, ComposeMusic) and fresh.mode == "new"


def test_calm_piano_instead_of_my_song_is_a_replacement_with_a_piano_alone() -> None:
    from nemo_notebook.engine.music import brief_from_words

    words = "use calm piano music instead of my song"
    intent = interpret(words, ctx())
    (op,) = intent.args["ops"]  # was "I didn't understand"
    assert isinstance(op, ComposeMusic) and op.mode == "replace"
    assert any('say "use AB2N_0330.mp3" to bring it back' in note for note in intent.args["notes"])
    assert brief_from_words(op.words).style == "piano"  # what the composer is asked for: the piano alone
