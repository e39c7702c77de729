"""Exports against what a server may send: ``Retry-After`` values that are no sane interval, and a file longer than
the size it announced."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from nemo_notebook.client import StreamError, Timeout

from ..fakecloud import ClosingStream
from .hosted import TITLE_DRAFT, HostedService

RENDERING = {"id": "render_1", "status": "rendering", "progress": 0.5}
URL = "https://cdn.example/render_1.mp4"
DONE = {"id": "render_1", "status": "completed", "output": {"url": URL}}
RETRY_AFTER = [
    ("-5", 0.5),
    ("0", 0.5),
    ("nan", 30.0),
    ("inf", 30.0),
    ("-inf", 30.0),
    ("soon", 30.0),
    ("", 30.0),
    ("999999", 30.0),
    ("2.5", 2.5),
    ("Wed, 21 Oct 2015 07:28:00 GMT", 0.5),
    ("Fri, 01 Jan 2100 00:00:00 GMT", 30.0),
]


def _rendering(hosted: HostedService, retry_after: str, done: dict[str, Any] = DONE) -> None:
    hosted.draft = TITLE_DRAFT
    hosted.render_polls = [
        (RENDERING, {"Retry-After": retry_after}),
        (RENDERING, {"Retry-After": retry_after}),
        (done, {}),
    ]


@pytest.mark.parametrize(("retry_after", "wait_s"), RETRY_AFTER, ids=[v or "empty" for v, _ in RETRY_AFTER])
def test_a_retry_after_that_is_no_sane_interval_is_clamped(
    hosted: HostedService, user: Any, slept: list[float], retry_after: str, wait_s: float
) -> None:
    _rendering(hosted, retry_after)
    progress: list[float] = []
    user.sessions.create().export().wait(progress=progress.append)
    assert slept == [wait_s, wait_s] and progress == [0.5, 0.5, 1.0]


def test_waiting_never_sleeps_past_its_own_deadline(hosted: HostedService, user: Any, slept: list[float]) -> None:
    _rendering(hosted, "999999", RENDERING)

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        time.sleep(seconds)

    user._core.sleep = sleep
    job = user.sessions.create().export()
    with pytest.raises(Timeout) as caught:
        job.wait(timeout=1.0)
    assert caught.value.message == "render render_1 made no progress for 1 s"
    assert slept and sum(slept) <= 1.0


def test_a_render_that_moves_is_waited_for_past_the_timeout(hosted: HostedService, user: Any) -> None:
    """A slow machine's render: its progress moves at every poll, 3 s in all against a 2 s ``timeout``. main ca12819
    raised Timeout ("did not finish within 2 s") while it was still moving."""
    hosted.draft = TITLE_DRAFT
    moving = [({**RENDERING, "progress": k / 10}, {"Retry-After": "0"}) for k in range(1, 7)]
    hosted.render_polls = [*moving, (DONE, {})]
    user._core.sleep = time.sleep
    job = user.sessions.create().export()
    seen: list[float] = []
    job.wait(progress=seen.append, timeout=2.0)
    assert job.status.status == "completed" and seen[:6] == [k / 10 for k in range(1, 7)]


def _serve(hosted: HostedService, size: int, headers: dict[str, str], status: int = 200) -> list[ClosingStream]:
    streams: list[ClosingStream] = []

    def output(request: httpx.Request) -> httpx.Response:
        streams.append(ClosingStream([bytes(1000)] * (size // 1000)))
        return httpx.Response(status, headers=headers, stream=streams[-1])

    hosted.output = output
    return streams


OVERSIZED = [
    ({"Content-Length": "1000"}, None, 1000),
    ({}, 1000, 1000),
    ({"Content-Length": "3000"}, 1000, 3000),
]


@pytest.mark.parametrize(("headers", "size", "announced"), OVERSIZED, ids=["content-length", "output.size", "both"])
def test_a_download_never_writes_past_the_announced_size(
    hosted: HostedService, user: Any, tmp_path: Path, headers: dict[str, str], size: int | None, announced: int
) -> None:
    hosted.draft = TITLE_DRAFT
    done = {**DONE, "output": {"url": URL, "size": size}}
    hosted.render_polls = [(done, {})]
    streams = _serve(hosted, 20_000_000, headers)
    target = tmp_path / "out.mp4"
    with pytest.raises(StreamError) as caught:
        user.sessions.create().export().download(target)
    assert (
        caught.value.message
        == f"the download was stopped: the server sent more than the {announced} bytes it announced"
    )
    assert not target.exists() and not (tmp_path / "out.mp4.part").exists()
    assert len(streams) == 1 and streams[0].closed


def test_a_resumed_download_is_held_to_its_content_range_total(
    hosted: HostedService, user: Any, tmp_path: Path
) -> None:
    hosted.draft = TITLE_DRAFT
    hosted.render_polls = [(DONE, {})]
    target = tmp_path / "out.mp4"
    (tmp_path / "out.mp4.part").write_bytes(bytes(500))
    _serve(hosted, 10_000, {"Content-Range": "bytes 500-1499/1500"}, status=206)
    with pytest.raises(StreamError, match="more than the 1500 bytes it announced"):
        user.sessions.create().export().download(target)
    assert not (tmp_path / "out.mp4.part").exists()
