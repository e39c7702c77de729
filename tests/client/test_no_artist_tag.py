"""A track whose file names no artist: the reply says where its title came from and the words that add the artist,
and those words set it under the title (a blind reviewer found no artist on two track-alone videos, and nothing
said why or what to do)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nemo_notebook.client import Client
from nemo_notebook.protocol import TrackType
from tests.conftest import shared_media
from tests.render.synth import ffmpeg


def _texts(draft: Any) -> list[str]:
    return [str(sg.meta.get("text")) for t in draft.tracks if t.type == TrackType.TEXT for sg in t.segments]


def test_a_track_without_an_artist_tag_is_told_how_to_add_one_and_the_words_work(
    real_engine: Any, tmp_path: Path
) -> None:
    song = tmp_path / "03_midnight_drive_final.ogg"  # the drum track, its tags stripped
    ffmpeg("-i", str(shared_media("choice-drum-bass.ogg")), "-map_metadata", "-1", "-c", "copy", str(song))
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([song])
        reply = session.send("create a video from this music with visualizer and beat-synced cuts, 20 seconds long")
        assert _texts(session.state().draft) == ["Midnight Drive"]
        assert "from the file's name" in reply.text and '"the artist is' in reply.text, reply.text
        named = session.send("the artist is The Kites")
        assert _texts(session.state().draft) == ["Midnight Drive — The Kites"], named.text
        assert "The Kites" in named.text


def test_a_tagged_artist_needs_no_words(real_engine: Any, tmp_path: Path) -> None:
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([shared_media("vibe-ace.ogg")])
        reply = session.send("create a video from this music with visualizer and beat-synced cuts, 20 seconds long")
        assert _texts(session.state().draft) == ["Vibe Ace — Kevin MacLeod"]
        assert "the artist is" not in reply.text, reply.text
