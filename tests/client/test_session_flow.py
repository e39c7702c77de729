"""The whole path a user walks, against the real engine on loopback: session, upload, chat, timeline, export."""

from __future__ import annotations

import io
from pathlib import Path

import av
import pytest

from nemo_notebook.client import (
    Client,
    Message,
    RenderJob,
    SessionNotFound,
    TextDelta,
    TurnComplete,
    UnsupportedMedia,
)
from nemo_notebook.engine import RunningEngine
from nemo_notebook.protocol import MediaKind, TrackType
from tests.conftest import shared_media

from .conftest import FileServer


def test_upload_takes_a_path_a_file_object_a_list_and_a_url(client: Client, file_server: FileServer) -> None:
    session = client.sessions.create()
    music = shared_media("choice-drum-bass.ogg")
    poster = shared_media("big-buck-bunny-poster.jpg")
    sent: list[tuple[int, int]] = []
    one = session.upload(music, progress=lambda done, total: sent.append((done, total)))
    assert one.kind == MediaKind.AUDIO and one.name == music.name and 24_000 < (one.duration_ms or 0) < 26_000
    assert sent[-1] == (music.stat().st_size, music.stat().st_size)
    with poster.open("rb") as f:
        assert session.upload(f).kind == MediaKind.IMAGE
    (file_server.folder / "p.jpg").write_bytes(poster.read_bytes())
    assert session.upload(f"{file_server.url}/p.jpg").kind == MediaKind.IMAGE
    mixed = session.upload([music, f"{file_server.url}/p.jpg", io.BytesIO(poster.read_bytes())])
    assert [m.kind for m in mixed] == [MediaKind.AUDIO, MediaKind.IMAGE, MediaKind.IMAGE]
    assert len(session.state().media) == 6


def test_a_text_file_named_mp3_is_refused_before_it_is_sent(client: Client, tmp_path: Path) -> None:
    session = client.sessions.create()
    fake = tmp_path / "song.mp3"
    fake.write_text("this is not music\n" * 50)
    with pytest.raises(UnsupportedMedia) as caught:
        session.upload(fake)
    assert "text" in caught.value.message and "mp3" in caught.value.hint and "webm" in caught.value.hint
    assert session.state().media == ()


def test_the_engine_judges_a_file_by_its_content(client: Client, tmp_path: Path) -> None:
    """The engine refuses what its bytes are not, and its message lists the formats to upload instead, once: on
    main d3ce0be the client's hint listed them a second time ("... Supported formats: ... (supported formats are
    ...)")."""
    session = client.sessions.create()
    noise = tmp_path / "noise.mp4"
    noise.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(UnsupportedMedia) as caught:
        session.upload(noise)
    assert caught.value.code == 4001 and caught.value.status == 415
    said = str(caught.value)  # the message and the hint, as a caller sees them
    assert "jpg" in said and said.lower().count("supported formats") == 1, said  # what to upload, said once


def test_chat_streams_words_that_add_up_to_the_message(client: Client) -> None:
    session = client.sessions.create()
    session.upload(shared_media("choice-drum-bass.ogg"))
    events = list(session.chat("add a title 'Urban Dreams' for the first 3 seconds"))
    deltas = "".join(e.text for e in events if isinstance(e, TextDelta))
    messages = [e.text for e in events if isinstance(e, Message)]
    assert messages and deltas == "".join(messages)
    assert isinstance(events[-1], TurnComplete)


def test_send_reports_the_reply_and_what_changed(client: Client) -> None:
    session = client.sessions.create()
    reply = session.send("add a title 'Urban Dreams' for the first 3 seconds")
    assert reply.text and reply.complete and reply.version >= 1
    assert reply.changes == ('added Title: "Urban Dreams" (0-3s)',)
    assert session.summary() == 'Timeline (1 track): 1. Title: "Urban Dreams" (0-3s)'


def test_timeline_is_a_dataframe_with_one_row_a_segment(client: Client) -> None:
    session = client.sessions.create()
    assert session.timeline().empty
    session.send("add a title 'Urban Dreams' for the first 3 seconds")
    frame = session.timeline()
    row = frame.iloc[0]
    assert len(frame) == 1 and row["track_type"] == "text" and row["text"] == "Urban Dreams"
    assert (row["start_s"], row["end_s"], row["duration_s"]) == (0.0, 3.0, 3.0)
    assert session.state().draft.tracks[0].type == TrackType.TEXT


def test_export_waits_downloads_and_is_listed_after_a_restart(
    client: Client, real_engine: RunningEngine, client_home: Path, tmp_path: Path
) -> None:
    session = client.sessions.create()
    session.send("add a title 'Urban Dreams' for the first 3 seconds")
    fractions: list[float] = []
    job = session.export(quality="low").wait(progress=fractions.append, timeout=120)
    assert fractions[-1] == 1.0 and job.status.status == "completed"
    received: list[int] = []
    path = job.download(tmp_path / "video.mp4", progress=lambda done, total: received.append(done))
    assert not path.with_name("video.mp4.part").exists() and received[-1] == path.stat().st_size
    with av.open(str(path)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert 2.5 < float(container.duration or 0) / 1_000_000 < 3.5
    with Client(base_url=real_engine.url, token=real_engine.token, home=client_home) as restarted:
        again = restarted.sessions.list()[0]
        assert again.id == session.id
        renders = again.renders()
        assert [r.id for r in renders] == [job.id] and renders[0].status.status == "completed"
        assert isinstance(restarted.render(job.id), RenderJob)
        copy = restarted.render(job.id).download(tmp_path)
        assert copy.read_bytes() == path.read_bytes()


def test_a_broken_download_resumes_from_its_part_file(client: Client, tmp_path: Path) -> None:
    session = client.sessions.create()
    session.send("add a title 'Urban Dreams' for the first 3 seconds")
    job = session.export(quality="low").wait(timeout=120)
    whole = job.download(tmp_path / "whole.mp4").read_bytes()
    (tmp_path / "resumed.mp4.part").write_bytes(whole[:1000])
    starts: list[int] = []
    resumed = job.download(tmp_path / "resumed.mp4", progress=lambda done, total: starts.append(done))
    assert resumed.read_bytes() == whole and starts[0] > 1000


def test_credits_and_sessions_by_id(client: Client) -> None:
    assert client.credits().available > 0
    session = client.sessions.create(language="zh")
    assert client.sessions.get(session.id).id == session.id
    with pytest.raises(SessionNotFound) as caught:
        client.sessions.get("ses_missing")
    assert caught.value.code == 1002 and "sessions.create" in caught.value.hint


def test_exporting_an_empty_timeline_says_what_to_do_first(client: Client) -> None:
    from nemo_notebook.client import NemoError

    with pytest.raises(NemoError, match="empty") as caught:
        client.sessions.create().export()
    assert "upload" in caught.value.hint
