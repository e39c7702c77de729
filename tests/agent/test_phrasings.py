"""The service's own example phrasings are understood, or answered with what to do."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.agent import interpret
from nemo_notebook.engine.agent.operations import BuildMusicVideo, ComposeMusic
from nemo_notebook.protocol import Draft, MediaInfo

from .drafts import uploads
from .fakes import FakeContext, run


def ctx(media: list[MediaInfo]) -> FakeContext:
    return FakeContext(uploads=media, history=[Draft.empty()])


SONG_AND_PICTURES = uploads()[:3]
CLIP_ONLY = uploads()[3:]


@pytest.mark.parametrize(
    "text",
    [
        "create a 3-minute MP3 track into a 1080p MP4",
        "turn my MP3 into a 1080p MP4",
        "convert this mp3 to mp4",
        "generate my video clips",
        "generating videos from music tracks for musicians",
    ],
)
def test_with_a_track_uploaded_these_build_a_video_from_that_track(text: str) -> None:
    intent = interpret(text, ctx(SONG_AND_PICTURES))
    assert intent.action == "edit", intent
    (op,) = intent.args["ops"]
    assert isinstance(op, BuildMusicVideo) and op.track == "m_song"
    assert set(op.visuals) == {"m_pic1", "m_pic2"}


def test_asking_for_a_1080p_mp4_adds_how_to_export() -> None:
    intent = interpret("create a 3-minute MP3 track into a 1080p MP4", ctx(SONG_AND_PICTURES))
    assert intent.args["export_hint"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("turn my MP3 into a 1080p MP4", "need_track"),
        ("generate my video clips", "about_clips"),
        ("generate my audio files", "about_audio"),
        ("generating videos from music tracks for musicians", "need_track"),
    ],
)
def test_without_the_media_they_need_the_reply_says_what_to_do(text: str, key: str) -> None:
    the_ctx = ctx([])
    intent = interpret(text, the_ctx)
    assert (intent.action, intent.args.get("key")) == ("ask", key)
    _, said = run(the_ctx, text)
    assert "%nemo upload" in said and the_ctx.version() == 0


def test_my_audio_files_for_an_uploaded_clip_is_its_score() -> None:
    (op,) = interpret("generate my audio files", ctx(CLIP_ONLY)).args["ops"]
    assert isinstance(op, ComposeMusic) and op.video == "m_clip"


def test_a_track_asked_for_with_nothing_uploaded_is_composed() -> None:
    (op,) = interpret("create a 3-minute MP3 track into a 1080p MP4", ctx([])).args["ops"]
    assert isinstance(op, ComposeMusic) and op.duration_ms == 180_000


@pytest.mark.parametrize(
    "text",
    [
        "make a calm video for this piece with my five photos",  # composed a new track on main, ignoring both
        "make a slow video for this piece with my pictures",
        "turn this piece into a video",
        "make a video for my recording",
        "create a video for this instrumental",
    ],
)
def test_a_piece_or_recording_of_the_users_is_their_track(text: str) -> None:
    intent = interpret(text, ctx(SONG_AND_PICTURES))
    assert intent.action == "edit", intent
    (op,) = intent.args["ops"]
    assert isinstance(op, BuildMusicVideo) and op.track == "m_song"


@pytest.mark.parametrize("text", ["compose a new piece", "write a calm piece for my video", "create a short piece"])
def test_a_new_piece_is_still_composed(text: str) -> None:
    (op,) = interpret(text, ctx(SONG_AND_PICTURES)).args["ops"]
    assert isinstance(op, ComposeMusic)
