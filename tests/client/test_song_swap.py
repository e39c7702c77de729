"""Other music in place of the user's song, through the client on the real engine (issue 28's last bullet): "swap in
some calm piano music instead of my song" composes the piano, plays it instead of the song, takes the credit that
named the song off with it and says how to bring the song back; "use vibe-ace.ogg" brings it back as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nemo_notebook.client import Client
from nemo_notebook.protocol import Draft, TrackType
from tests.conftest import shared_media


def music_of(draft: Draft) -> list[str]:
    return [sg.src or "" for t in draft.tracks if t.type == TrackType.AUDIO for sg in t.segments]


def texts_of(draft: Draft) -> list[str]:
    return [str(sg.meta.get("text", "")) for t in draft.tracks if t.type == TrackType.TEXT for sg in t.segments]


def test_calm_piano_instead_of_the_song_and_the_song_brought_back(real_engine: Any, tmp_path: Path) -> None:
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        song, _ = session.upload([shared_media("vibe-ace.ogg"), shared_media("big-buck-bunny-poster.jpg")])
        session.send("create a video from this music with visualizer and beat-synced cuts, 20 seconds long")
        before = session.state().draft
        assert music_of(before) == [song.id] and any("Kevin MacLeod" in text for text in texts_of(before))

        reply = session.send("swap in some calm piano music instead of my song")
        swapped = session.state()
        (composed,) = {*music_of(swapped.draft)}
        assert composed != song.id and composed in {g.id for g in swapped.generated}
        assert next(g for g in swapped.generated if g.id == composed).name.startswith("Solo Piano")
        assert 'say "use vibe-ace.ogg" to bring' in reply.text
        # before: the credit "Vibe Ace — Kevin MacLeod" stayed on the video over the piano
        assert not any("Kevin MacLeod" in text for text in texts_of(swapped.draft)), texts_of(swapped.draft)
        assert swapped.draft.duration_ms == before.duration_ms == 20_000

        session.send("use vibe-ace.ogg")
        back = session.state().draft
        assert music_of(back) == [song.id] and any("Kevin MacLeod" in text for text in texts_of(back))
        assert back.duration_ms == before.duration_ms  # before: the whole song, 61.5 s


def shots_of(draft: Draft) -> int:
    lanes = [t for t in draft.tracks if t.type == TrackType.VIDEO and t.meta.get("role") == "visuals"]
    return len(lanes[0].segments) if lanes else 0


def last_shot_start(draft: Draft) -> int:
    lanes = [t for t in draft.tracks if t.type == TrackType.VIDEO and t.meta.get("role") == "visuals"]
    return max(sg.start_ms for sg in lanes[0].segments)


def test_the_users_end_card_line_stays_over_other_music_and_the_song_comes_back_as_it_was(
    real_engine: Any, tmp_path: Path
) -> None:
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload(
            [shared_media(n) for n in ("vibe-ace.ogg", "big-buck-bunny-poster.jpg", "big-buck-bunny-30s.mp4")]
        )
        session.send("create a video from this music with visualizer and beat-synced cuts, 25 seconds long")
        session.send("an end card saying 'Out now everywhere'")
        before = session.state().draft
        assert before.meta["end_card"] == {"title": "Vibe Ace", "artist": "Kevin MacLeod", "line": "Out now everywhere"}

        reply = session.send("swap in some calm piano music instead of my song")
        # before: the whole card, the user's own words with it, left with the song
        swapped = session.state().draft
        assert swapped.meta.get("end_card") == {"line": "Out now everywhere"}
        assert 'keeps your line "Out now everywhere"' in reply.text
        # one shot held under the card, as a plan holds it (the piano's recut cut three times under it)
        assert last_shot_start(swapped) <= swapped.duration_ms - 4000

        reply = session.send("put my song back pls")  # before: "I didn't understand"
        back = session.state().draft
        assert back.meta["end_card"] == before.meta["end_card"], back.meta.get("end_card")
        assert "Vibe Ace / Kevin MacLeod / Out now everywhere" in reply.text
        # the piano's slow tempo had set every 2 beats, which the song kept: 23 shots where it had 12
        assert shots_of(back) == shots_of(before)
