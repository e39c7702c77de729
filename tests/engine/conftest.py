"""Helpers for the engine's contract tests: every test talks HTTP to a real engine on a loopback port."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from nemo_notebook.engine import EngineSettings, RunningEngine, start_in_background
from nemo_notebook.engine.agent.context import AgentStep, Intent, Say, StateChanged, ToolFinished, ToolStarted
from nemo_notebook.protocol import Draft, Segment, Track, TrackType, events, paths

SKILL_HEADERS = {paths.HEADER_SOURCE: "nemo-notebook", paths.HEADER_VERSION: "0.1.0", paths.HEADER_PLATFORM: "ipython"}


def client_for(engine: RunningEngine, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token or engine.token}", **SKILL_HEADERS}
    return httpx.Client(base_url=engine.url, headers=headers, timeout=60)


@contextmanager
def running_engine(home: Path, **settings: Any) -> Iterator[RunningEngine]:
    agent = settings.pop("agent", None)
    token = settings.pop("token", None)
    engine = start_in_background(settings=replace(EngineSettings(home=home), **settings), agent=agent, token=token)
    try:
        yield engine
    finally:
        engine.stop()


@pytest.fixture
def api(engine: RunningEngine) -> Iterator[httpx.Client]:
    with client_for(engine) as client:
        yield client


def new_session(api: httpx.Client) -> str:
    answer = api.post(paths.CREATE_SESSION, json={"task_name": "project", "language": "en"})
    assert answer.status_code == 200, answer.text
    session_id: str = answer.json()["data"]["session_id"]
    return session_id


@pytest.fixture
def sid(api: httpx.Client) -> str:
    return new_session(api)


def assert_error(answer: httpx.Response, status: int, code: int, *words: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = answer.json()
    assert body["code"] == code, body
    assert body["data"] is None
    for word in words:
        assert word in body["message"], body["message"]
    assert "Traceback" not in body["message"]
    return body


def chat_body(session_id: str, text: str) -> dict[str, Any]:
    return events.chat_request(session_id, text)


def sse_events(answer: httpx.Response) -> tuple[list[dict[str, Any]], int]:
    """The JSON events of a whole SSE answer, and how many heartbeat comments it had."""
    import json

    found: list[dict[str, Any]] = []
    pings = 0
    for line in answer.iter_lines():
        if line.startswith(":"):
            pings += 1
        elif line.startswith("data:") and line[5:].strip():
            found.append(json.loads(line[5:]))
    return found, pings


def upload(api: httpx.Client, session_id: str, *files: tuple[str, bytes | Path]) -> httpx.Response:
    parts = []
    for name, content in files:
        data = content.read_bytes() if isinstance(content, Path) else content
        parts.append(("files", (name, data)))
    return api.post(paths.upload(session_id), files=parts)


def media_draft(video_id: str, audio_id: str, duration_ms: int = 1000) -> Draft:
    video = Track(TrackType.VIDEO, (Segment(0, duration_ms, src=video_id, in_ms=0),))
    audio = Track(TrackType.AUDIO, (Segment(0, duration_ms, src=audio_id, in_ms=0, meta={"volume": 0.8}),))
    return Draft((video, audio), duration_ms, {"aspect": "16:9", "fps": 24})


class ScriptedAgent:
    """An agent whose behaviour the message names, so that the server's streaming machinery can be driven exactly.

    ``slow``: says something, stages a commit, then waits for cancellation (up to 20 s) and records it.
    ``boom``: says something, stages a commit, then raises. ``costly``: costs 5 credits and commits a title.
    ``pause``: waits ``pause_s`` in silence, then says "done".
    """

    def __init__(self, pause_s: float = 0.0) -> None:
        self.pause_s = pause_s
        self.saw_cancel = threading.Event()
        self.finished = threading.Event()

    def interpret(self, text: str, ctx: Any) -> Intent:
        return Intent(text.split()[0], cost=5 if text.startswith("costly") else 0)

    def execute(self, intent: Intent, ctx: Any) -> Iterator[AgentStep]:
        try:
            yield from getattr(self, "_" + intent.action)(ctx)
        finally:
            self.finished.set()

    @staticmethod
    def _titled(ctx: Any) -> Draft:
        title = Track(TrackType.TEXT, (Segment(0, 1000, meta={"text": "Hi", "role": "title"}),))
        draft: Draft = ctx.draft()
        return draft.with_tracks((*draft.tracks, title))

    def _slow(self, ctx: Any) -> Iterator[AgentStep]:
        yield Say("Working on it")
        yield StateChanged(ctx.commit(self._titled(ctx), note="slow"))
        deadline = time.monotonic() + 20
        while not ctx.cancelled and time.monotonic() < deadline:
            time.sleep(0.02)
        if ctx.cancelled:
            self.saw_cancel.set()
        yield Say("finished")

    def _boom(self, ctx: Any) -> Iterator[AgentStep]:
        yield Say("Let me try")
        ctx.commit(self._titled(ctx), note="boom")
        raise RuntimeError("the synthesizer caught fire")

    def _costly(self, ctx: Any) -> Iterator[AgentStep]:
        yield ToolStarted("call_1", "add_text", {"text": "Hi"})
        version = ctx.commit(self._titled(ctx), note="costly")
        yield ToolFinished("call_1", "add_text", {"ok": True})
        yield StateChanged(version)
        yield Say("Added ")
        yield Say("a title.")

    def _pause(self, ctx: Any) -> Iterator[AgentStep]:
        time.sleep(self.pause_s)
        yield Say("done")
