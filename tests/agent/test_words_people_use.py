"""Requests for music as people type them (issue 28): no verb, no article, "pls", typos, Chinese; other music asked
for before there is any; the song asked back in words that do not name its file."""

from __future__ import annotations

import pytest

from nemo_notebook.engine.agent import interpret
from nemo_notebook.engine.agent.operations import BuildMusicVideo, ComposeMusic
from nemo_notebook.protocol import Draft

from .drafts import music_video, uploads
from .fakes import FakeContext

SONG_AND_PICTURES = uploads()[:3]


def ops_of(text: str, draft: Draft | None = None, media: list | None = None) -> tuple:  # type: ignore[type-arg]
    intent = interpret(text, FakeContext(uploads=list(media or []), history=[draft or Draft.empty()]))
    return tuple(intent.args.get("ops") or ())


@pytest.mark.parametrize(
    ("text", "length_ms"),
    [
        ("epic cinematic track", None),
        ("Epic cinematic music pls", None),
        ("epic cinematic trak", None),
        ("sad piano track 60 seconds", 60_000),
        ("calm piano music", None),
        ("chill music", None),
        ("need a 30 second upbeat track", 30_000),
        ("can u do a chill lo-fi beat for 45 sec", 45_000),
        ("dreamy synthwave", None),
        ("compose something sad", None),
        ("i want an epic cinematic track", None),
        ("give me something upbeat", None),
        ("一首史诗电影感的音乐", None),
        ("来一首悲伤的钢琴曲", None),
    ],
)
def test_music_named_without_a_verb_or_an_article_is_composed(text: str, length_ms: int | None) -> None:
    (op,) = ops_of(text)
    assert isinstance(op, ComposeMusic) and op.mode == "new" and op.video is None, op
    assert op.duration_ms == length_ms


@pytest.mark.parametrize("text", ["make the sad track louder", "the music", "music volume 50%", "upbeat"])
def test_words_about_the_music_there_is_compose_nothing_new(text: str) -> None:
    assert not any(isinstance(op, ComposeMusic) and op.mode == "new" for op in ops_of(text, music_video())), text


def swapped() -> Draft:
    """A music video whose song ("m_song") other music ("m_piano") replaced."""
    draft = music_video()
    tracks = tuple(
        t.with_segments([sg.__class__(sg.start_ms, sg.duration_ms, src="m_piano", in_ms=0) for sg in t.segments])
        if t.meta.get("role") == "music"
        else t
        for t in draft.tracks
    )
    return draft.with_tracks(tracks).with_meta(replaced_song={"src": "m_song", "length_ms": 16_000})


@pytest.mark.parametrize(
    "text",
    ["bring back my song", "put my song back pls", "use my song again", "go back to my original track", "换回我的歌"],
)
def test_the_replaced_song_asked_back_in_words_is_built_again(text: str) -> None:
    (op,) = ops_of(text, swapped(), SONG_AND_PICTURES)
    assert isinstance(op, BuildMusicVideo) and op.track == "m_song" and op.length_ms == 16_000, op


@pytest.mark.parametrize("text", ["bring back my song", "put my song back pls"])
def test_without_a_replaced_song_nothing_is_built_again(text: str) -> None:
    assert not any(isinstance(op, BuildMusicVideo) for op in ops_of(text, music_video(), SONG_AND_PICTURES))


def test_other_music_than_my_song_is_not_my_song_back() -> None:
    (op,) = ops_of("swap in some new piano music instead of my song", swapped(), SONG_AND_PICTURES)
    assert isinstance(op, ComposeMusic) and op.mode == "replace"
