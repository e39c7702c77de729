"""A video of pictures names its song as a musician would post it: the title over the artist (from the file's tags,
or the user's words) for seconds at the start, and an end card with them as the music ends, which words take off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nemo_notebook.client import Client
from nemo_notebook.protocol import TrackType
from tests.conftest import shared_media


def _texts(draft: Any) -> list[Any]:
    return [sg for t in draft.tracks if t.type == TrackType.TEXT for sg in t.segments]


def test_the_song_opens_and_ends_the_video_and_the_end_card_comes_off_in_words(
    real_engine: Any, tmp_path: Path
) -> None:
    from tests.render.synth import ffmpeg

    pictures = []
    for n, colour in enumerate(("red", "teal", "orange")):
        pictures.append(tmp_path / f"p{n}.png")
        ffmpeg("-f", "lavfi", "-i", f"color=c={colour}:s=640x360", "-frames:v", "1", str(pictures[-1]))
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([shared_media("vibe-ace.ogg"), *pictures])
        reply = session.send("create a video from this music with visualizer and beat-synced cuts, 25 seconds long")
        (title,) = _texts(session.state().draft)
        assert title.meta.get("layout") == "opening" and title.meta["text"] == "Vibe Ace — Kevin MacLeod"
        # a 25 s version of the 61.5 s song is a short (``planning.shorts``: a shorter version of a minute or less),
        # its title whole from the first frame (since stop 64); a whole video of pictures brings it in at 0.4-2 s
        assert title.start_ms == 0 and title.meta.get("fade_in_ms") == 0 and title.duration_ms >= 5000
        card = session.state().draft.meta.get("end_card")
        assert card == {"title": "Vibe Ace", "artist": "Kevin MacLeod"}  # was no card unless asked for
        assert 'say "no end card" to take it off' in reply.text and 'Title: "Vibe Ace — Kevin MacLeod"' in reply.text
        off = session.send("no end card")
        assert "end_card" not in session.state().draft.meta and "no end card" in off.text
        session.send("make it 22 seconds")  # a new plan, long enough for a card by itself
        assert "end_card" not in session.state().draft.meta
        session.send("the artist is The Kites")
        (title,) = _texts(session.state().draft)
        assert title.meta["text"] == "Vibe Ace — The Kites" and "end_card" not in session.state().draft.meta
