"""Answers worded as the hosted service's documents word them: fields left out, fields added, no ``kind`` on media,
the token in ``data`` or beside it, an upload answer without ``data.media``; and shapes the client cannot use, each
an error naming the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.client import Credits, NemoError
from nemo_notebook.protocol import MediaKind, paths

from .hosted import BIND, SESSION, TITLE_DRAFT, HostedService, Wording

MEDIA = [
    {"id": "m1", "name": "city.MP4"},
    {"id": "m2", "name": "voice", "mime_type": "audio/mpeg"},
    {"id": "m3", "name": "cover", "contentType": "image/png; charset=binary"},
    {"id": "m4", "name": "loop", "format": "wav"},
    {"id": "m5", "name": "https://cdn.example/a/b/clip.webm?sig=1"},
    {"id": "m6", "name": "generated-7", "sample_rate": 44100, "channels": 2},
    {"id": "m7", "name": "still-1", "width": 1080, "height": 1080},
]
KINDS = ["video", "audio", "image", "audio", "video", "audio", "image"]


def test_media_without_kind_take_it_from_names_and_mime_types(hosted: HostedService, user: Any) -> None:
    hosted.wording = Wording(kind=False)
    hosted.media, hosted.draft = MEDIA, TITLE_DRAFT
    session = user.sessions.create()
    state = session.state()
    assert [m.kind.value for m in state.media] == KINDS
    assert state.media[0].format == "mp4" and state.media[1].format == ""
    assert session.summary() == 'Timeline (1 track): 1. Title: "Urban Dreams" (0-3s)'
    assert list(session.timeline()["text"]) == ["Urban Dreams"]
    assert session.send("make it pop").text == "Added a title."
    assert session.export().status.status == "queued"


def test_a_media_entry_nothing_tells_the_kind_of_is_named(hosted: HostedService, user: Any) -> None:
    hosted.wording = Wording(kind=False)
    hosted.media = [MEDIA[0], {"id": "m9", "name": "mystery"}]
    with pytest.raises(NemoError) as caught:
        user.sessions.create().state()
    assert caught.value.message == (
        "the server's answer has data.state.video_infos[1].kind = None, "
        "expected video, audio or image (nor did its MIME type, format or name tell)"
    )
    assert "check the base URL" in caught.value.hint


def test_answers_without_the_optional_fields_are_read(hosted: HostedService, user: Any) -> None:
    hosted.wording = Wording(optional=False)
    hosted.media = [{"id": "m1", "name": "track.mp3", "kind": "audio", "size": None, "duration_ms": None}]
    hosted.render_polls = [({"id": "render_1", "status": "rendering"}, {})]
    session = user.sessions.create()
    state = session.state()
    assert (session.id, session.bind_id, session.record.task_id) == (SESSION, None, None)
    assert state.version == 0 and state.generated == () and state.bind_id == BIND
    assert (state.media[0].size, state.media[0].duration_ms, state.media[0].sample_rate) == (0, None, None)
    assert user.credits() == Credits(available=80, frozen=0, total=80)
    job = user.render("render_1")
    assert (job.status.status, job.status.progress, job.status.output) == ("rendering", 0.0, None)


def test_answers_with_extra_fields_are_read_the_same(hosted: HostedService, user: Any) -> None:
    hosted.wording = Wording(extra=True)
    hosted.media, hosted.draft = [{"id": "m1", "name": "track.mp3", "kind": "audio", "size": 9}], TITLE_DRAFT
    session = user.sessions.create()
    assert (session.id, session.bind_id) == (SESSION, BIND)
    assert session.state().media[0].size == 9 and session.state().draft.to_wire() == TITLE_DRAFT
    assert user.credits() == Credits(80, 5, 85)
    assert session.send("go").text == "Added a title."


@pytest.mark.parametrize("in_data", [True, False], ids=["data.token", "bare token"])
def test_the_anonymous_token_is_read_from_data_or_beside_it(
    hosted: HostedService, anonymous: Any, in_data: bool
) -> None:
    hosted.wording = Wording(token_in_data=in_data)
    anonymous.sessions.create()
    create = next(r for r in hosted.requests if r.url.path == paths.CREATE_SESSION)
    assert create.headers["Authorization"] == "Bearer anon-token-1"


def test_an_anonymous_token_answer_without_a_token_names_the_field(hosted: HostedService, anonymous: Any) -> None:
    hosted.replaced[paths.ANONYMOUS_TOKEN] = {"credits": 100, "expires_at": "2026-12-01T00:00:00Z"}
    with pytest.raises(NemoError) as caught:
        anonymous.sessions.create()
    assert caught.value.message == "the server's answer has no data.token (the anonymous token)"


def test_an_upload_answer_without_media_is_found_in_the_state(hosted: HostedService, user: Any, tmp_path: Path) -> None:
    hosted.wording = Wording(upload_media=False, kind=False)
    track = tmp_path / "track.mp3"
    track.write_bytes(b"ID3\x03" + bytes(64))
    info = user.sessions.create().upload(track)
    assert (info.id, info.name, info.kind) == ("m1", "track.mp3", MediaKind.AUDIO)
    assert hosted.called(paths.state(SESSION)) == 1


def test_an_upload_nobody_can_name_says_what_to_do(hosted: HostedService, user: Any, tmp_path: Path) -> None:
    hosted.replaced[paths.upload(SESSION)] = {"accepted": 1}
    track = tmp_path / "track.mp3"
    track.write_bytes(b"ID3\x03" + bytes(64))
    with pytest.raises(NemoError) as caught:
        user.sessions.create().upload(track)
    assert (
        caught.value.message
        == "the server took track.mp3 but its answer names no media (no data.media), nor does the state"
    )
    assert caught.value.hint == "look at session.state().media in a moment, or upload the file again"


SHAPES = [
    ("create", paths.CREATE_SESSION, {"task_id": "t"}, "the server's answer has no data.session_id (a non-empty string)"),
    ("create", paths.CREATE_SESSION, ["sess-1"], "the server's answer has data = ['sess-1'], expected an object"),
    ("create", paths.CREATE_SESSION, {"session_id": {"id": 1}}, "the server's answer has data.session_id = {'id': 1}, expected a string"),
    ("state", paths.state(SESSION), {"state": {"draft": {"t": [{"tt": 9}]}}},
     "the server's answer has an unreadable data.state.draft.t[0].tt: must be 0 (video), 1 (audio) or 7 (text)"),
    ("state", paths.state(SESSION), {"state": {"video_infos": [{"name": "a.mp4"}]}},
     "the server's answer has no data.state.video_infos[0].id (a non-empty string)"),
    ("state", paths.state(SESSION), {"state": {"video_infos": {"id": "m1"}}},
     "the server's answer has data.state.video_infos = {'id': 'm1'}, expected a list"),
    ("state", paths.state(SESSION), {"state": {"version": "three"}},
     "the server's answer has data.state.version = 'three', expected a finite number"),
    ("state", paths.state(SESSION), {"state": "ready"}, "the server's answer has data.state = 'ready', expected an object"),
    ("credits", paths.CREDITS, {"available": "lots"}, "the server's answer has data.available = 'lots', expected a finite number"),
    ("credits", paths.CREDITS, None, "the server's answer has no data (an object)"),
    ("render", paths.render_job("render_1"), {"progress": 0.5}, "the server's answer has no data.status (a non-empty string)"),
    ("render", paths.render_job("render_1"), {"status": "completed", "output": "https://cdn.example/v.mp4"},
     "the server's answer has data.output = 'https://cdn.example/v.mp4', expected an object"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "path", "data", "message"), SHAPES, ids=[f"{s[0]}-{i}" for i, s in enumerate(SHAPES)])
def test_a_shape_the_client_cannot_use_is_an_error_naming_the_field(
    hosted: HostedService, user: Any, call: str, path: str, data: Any, message: str
) -> None:
    hosted.replaced[path] = data
    run = {
        "create": lambda: user.sessions.create(),
        "state": lambda: user.sessions.get(SESSION),
        "credits": lambda: user.credits(),
        "render": lambda: user.render("render_1"),
    }[call]
    with pytest.raises(NemoError) as caught:
        run()
    assert type(caught.value) is NemoError and caught.value.message == message
    assert (
        caught.value.hint
        == "the server's answer is not what API.md describes: check the base URL, or update nemo-notebook"
    )
