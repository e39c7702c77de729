"""The hosted service's quirks that the engine does not reproduce, on httpx.MockTransport."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from nemo_notebook.client import (
    APIError,
    Message,
    PlanBlocked,
    RenderFailed,
    StateChanged,
    StreamError,
    TextDelta,
    Timeout,
    ToolCall,
    TurnComplete,
)
from nemo_notebook.protocol import paths

from .fakecloud import ClosingStream, FakeCloud, answer, sse, text_event

TITLE = {"tt": 7, "sg": [{"s": 0, "d": 3000, "m": {"text": "Urban Dreams", "role": "title"}}], "m": {}}
EMPTY = {"t": [], "d": 0, "m": {"aspect": "16:9"}}
WITH_TITLE = {"t": [TITLE], "d": 3000, "m": {"aspect": "9:16"}}


def streaming(body: bytes, streams: list[ClosingStream] | None = None, **kwargs: int) -> httpx.Response:
    stream = ClosingStream([body[i : i + 7] for i in range(0, len(body), 7)], **kwargs)
    if streams is not None:
        streams.append(stream)
    return httpx.Response(200, headers={"Content-Type": "text/event-stream"}, stream=stream)


def test_a_stream_that_closes_without_words_reports_the_change(tmp_path: Path, cloud: FakeCloud) -> None:
    cloud.drafts = [EMPTY, WITH_TITLE]
    body = sse({"id": "e1", "author": "nemo_agent", "actions": {"stateDelta": {"version": 4}}})
    cloud.route("POST", paths.RUN_SSE, lambda r: streaming(body))
    with cloud.client(tmp_path) as client:
        reply = client.sessions.create().send("add a title")
    assert not reply.complete and reply.version == 3
    assert reply.changes == ('added Title: "Urban Dreams" (0-3s)', "aspect ratio 16:9 → 9:16")
    assert reply.text == 'Done. What changed: added Title: "Urban Dreams" (0-3s); aspect ratio 16:9 → 9:16.'
    assert isinstance(reply.events[0], StateChanged) and reply.events[0].version == 4
    assert isinstance(reply.events[-1], Message) and reply.events[-1].synthesized


FULL = sse(
    text_event("Analysing ", partial=True),
    {
        "id": "c",
        "author": "nemo_agent",
        "content": {"parts": [{"functionCall": {"id": "1", "name": "cut", "args": {}}}]},
    },
    text_event("the track…", partial=True),
    text_event("Analysing the track…", partial=False),
    {"id": "d", "author": "nemo_agent", "actions": {"stateDelta": {"version": 4}}},
    {"id": "t", "author": "nemo_agent", "turnComplete": True},
).replace(b"\n\n", b"\r\n\r\n", 2)


def test_a_body_cut_at_every_byte_gives_only_whole_events_and_closes(tmp_path: Path, cloud: FakeCloud) -> None:
    cut = {"at": len(FULL)}
    streams: list[ClosingStream] = []
    cloud.route("POST", paths.RUN_SSE, lambda r: streaming(FULL[: cut["at"]], streams))
    with cloud.client(tmp_path) as client:
        client._core.sleep = lambda s: None  # a cut turn reads the state a few times, 0.25 s apart
        session = client.sessions.create()
        whole = list(session.chat("go"))
        structural = [e for e in whole if not isinstance(e, (TextDelta, Message))]
        assert [type(e) for e in structural] == [ToolCall, StateChanged, TurnComplete]
        for at in range(len(FULL)):
            cut["at"] = at
            events = list(session.chat("go"))
            seen = [e for e in events if not isinstance(e, (TextDelta, Message))]
            assert seen == structural[: len(seen)]
            words = "".join(e.text for e in events if isinstance(e, TextDelta))
            assert "Analysing the track…".startswith(words) or words.startswith("Done.")
    assert len(streams) == len(FULL) + 1 and all(s.closed for s in streams)


def test_a_connection_that_breaks_mid_stream_is_not_replayed_and_the_state_says_what_happened(
    tmp_path: Path, cloud: FakeCloud
) -> None:
    streams: list[ClosingStream] = []
    cloud.route("POST", paths.RUN_SSE, lambda r: streaming(FULL, streams, error_after=5))
    with cloud.client(tmp_path) as client:
        session = client.sessions.create()
        stream = session.chat("go")
        events = list(stream)
    assert cloud.paths_called("POST").count(paths.RUN_SSE) == 1 and streams[0].closed
    assert isinstance(events[-1], Message) and events[-1].synthesized
    assert "connection dropped" in events[-1].text and "before sending the message again" in events[-1].text
    assert stream.reply is not None and not stream.reply.complete and stream.reply.changes == ()


def test_a_broken_stream_whose_state_cannot_be_read_is_a_stream_error(tmp_path: Path, cloud: FakeCloud) -> None:
    streams: list[ClosingStream] = []
    cloud.route("POST", paths.RUN_SSE, lambda r: streaming(FULL, streams, error_after=5))

    def network_down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("the network is down")

    cloud.route("GET", paths.state("s1"), cloud._state, network_down)
    with cloud.client(tmp_path) as client:
        session = client.sessions.create()
        with pytest.raises(StreamError, match="broke off") as caught:
            list(session.chat("go"))
    assert isinstance(caught.value.__cause__, httpx.ReadError)
    assert cloud.paths_called("POST").count(paths.RUN_SSE) == 1


def test_the_response_is_closed_when_the_reader_stops_early(tmp_path: Path, cloud: FakeCloud) -> None:
    streams: list[ClosingStream] = []
    cloud.route("POST", paths.RUN_SSE, lambda r: streaming(FULL, streams))
    with cloud.client(tmp_path) as client:
        session = client.sessions.create()
        for _event in session.chat("go"):
            break
        assert streams[0].closed
        with session.chat("go") as stream:
            next(stream)
        assert streams[1].closed


def test_an_error_status_on_the_stream_is_raised_and_closed(tmp_path: Path, cloud: FakeCloud) -> None:
    closing = ClosingStream([b'{"code": 5000, "message": "agent crashed", "data": null}'])
    cloud.route("POST", paths.RUN_SSE, lambda r: httpx.Response(500, stream=closing))
    with cloud.client(tmp_path) as client, pytest.raises(APIError) as caught:
        list(client.sessions.create().chat("go"))
    assert (caught.value.code, caught.value.status, caught.value.message) == (5000, 500, "agent crashed")
    assert closing.closed


def test_an_adk_error_event_becomes_the_matching_error(tmp_path: Path, cloud: FakeCloud) -> None:
    body = sse(text_event("Working", partial=True), {"errorCode": "2001", "errorMessage": "no credits left"})
    cloud.route("POST", paths.RUN_SSE, lambda r: streaming(body))
    with cloud.client(tmp_path) as client, pytest.raises(APIError) as caught:
        list(client.sessions.create().chat("go"))
    assert caught.value.code == 2001 and "no credits" in caught.value.message


def _export_ready(cloud: FakeCloud) -> None:
    cloud.drafts = [WITH_TITLE]
    cloud.route("POST", paths.RENDER, lambda r: answer({"id": "render_1", "status": "queued"}))


def test_export_blocked_by_the_plan_says_it_is_not_credits(tmp_path: Path, cloud: FakeCloud) -> None:
    _export_ready(cloud)
    cloud.route("POST", paths.RENDER, lambda r: answer(code=402, status=402))
    with cloud.client(tmp_path) as client, pytest.raises(PlanBlocked) as caught:
        client.sessions.create().export()
    assert "not your credits" in caught.value.hint and "upgrade" in caught.value.hint


def test_export_sends_the_draft_and_polls_at_the_services_pace(tmp_path: Path, cloud: FakeCloud) -> None:
    _export_ready(cloud)
    done = {"id": "render_1", "status": "completed", "progress": 1.0, "output": {"url": "https://cdn.example/v.mp4"}}
    cloud.route(
        "GET",
        paths.render_job("render_1"),
        lambda r: answer({"id": "render_1", "status": "queued", "progress": 0.0}),
        lambda r: answer({"id": "render_1", "status": "rendering", "progress": 0.5}, headers={"Retry-After": "5"}),
        lambda r: answer(done),
    )
    slept: list[float] = []
    with cloud.client(tmp_path) as client:
        client._core.sleep = slept.append
        session = client.sessions.create()
        progress: list[float] = []
        job = session.export(quality="medium").wait(progress=progress.append)
    sent = json.loads(next(r for r in cloud.requests if r.url.path == paths.RENDER).content)
    assert (
        sent["sessionId"] == "s1"
        and sent["draft"] == WITH_TITLE
        and sent["output"] == {"format": "mp4", "quality": "medium"}
    )
    assert sent["id"].startswith("render_") and sent["id"][7:].isdigit()
    assert slept == [30.0, 5.0] and progress == [0.0, 0.5, 1.0] and job.status.output is not None


def test_a_failed_render_raises_with_the_servers_message(tmp_path: Path, cloud: FakeCloud) -> None:
    _export_ready(cloud)
    failed = {"id": "render_1", "status": "failed", "error": "font missing"}
    cloud.route("GET", paths.render_job("render_1"), lambda r: answer(failed))
    with cloud.client(tmp_path) as client, pytest.raises(RenderFailed, match="font missing") as caught:
        client.sessions.create().export().wait()
    assert caught.value.render_id == "render_1"


def test_waiting_has_a_deadline(tmp_path: Path, cloud: FakeCloud) -> None:
    _export_ready(cloud)
    cloud.route("GET", paths.render_job("render_1"), lambda r: answer({"id": "render_1", "status": "rendering"}))
    with cloud.client(tmp_path) as client:
        client._core.sleep = lambda s: None
        with pytest.raises(Timeout, match="made no progress for 0 s"):
            client.sessions.create().export().wait(timeout=0.0)


def test_a_download_from_another_host_resumes_with_range_and_never_gets_the_token(
    tmp_path: Path, cloud: FakeCloud
) -> None:
    video = bytes(range(256)) * 400
    _export_ready(cloud)
    done = {"id": "render_1", "status": "completed", "output": {"url": "https://cdn.example/v.mp4", "size": len(video)}}
    cloud.route("GET", paths.render_job("render_1"), lambda r: answer(done))
    broken = ClosingStream([video[:40_000], video[40_000:]], error_after=1)
    cloud.route(
        "GET",
        "/v.mp4",
        lambda r: httpx.Response(200, headers={"Content-Length": str(len(video))}, stream=broken),
        lambda r: httpx.Response(206, content=video[int(r.headers["Range"][6:-1]) :]),
    )
    with cloud.client(tmp_path) as client:
        path = client.sessions.create().export().wait().download(tmp_path / "v.mp4")
    downloads = [r for r in cloud.requests if r.url.host == "cdn.example"]
    assert path.read_bytes() == video and not (tmp_path / "v.mp4.part").exists()
    assert [r.headers.get("Range") for r in downloads] == [None, "bytes=40000-"]
    assert all("Authorization" not in r.headers for r in downloads)
    assert all("Authorization" in r.headers for r in cloud.requests if r.url.host != "cdn.example")


def test_reading_stops_at_turn_complete_even_if_the_server_keeps_the_stream_open(
    tmp_path: Path, cloud: FakeCloud
) -> None:
    stream = ClosingStream([FULL, b"data: never read\n\n"], error_after=1)
    cloud.route("POST", paths.RUN_SSE, lambda r: httpx.Response(200, stream=stream))
    with cloud.client(tmp_path) as client:
        reply = client.sessions.create().send("go")
    assert reply.complete and reply.text == "Analysing the track…" and stream.closed


def test_a_home_folder_that_cannot_be_written_loses_no_session(tmp_path: Path, cloud: FakeCloud) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    with cloud.client(blocked / "home") as client:
        session = client.sessions.create()
        assert session.id == "s1" and client.sessions.list() == []


def test_an_answer_that_is_not_the_apis_json_points_at_the_base_url(tmp_path: Path, cloud: FakeCloud) -> None:
    cloud.route("GET", paths.CREDITS, lambda r: httpx.Response(502, html="<h1>Bad gateway</h1>"))
    with cloud.client(tmp_path) as client, pytest.raises(APIError) as caught:
        client.credits()
    assert caught.value.status == 502 and "text/html" in caught.value.message and "base URL" in caught.value.hint
