"""Talking to a real engine over HTTP with httpx, as API.md says (not through the project's client package)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from nemo_notebook.engine import EngineSettings, RunningEngine, start_in_background
from nemo_notebook.protocol import Draft, events, paths

HEADERS = {paths.HEADER_SOURCE: "nemo-notebook", paths.HEADER_VERSION: "0.1.0", paths.HEADER_PLATFORM: "ipython"}


@contextmanager
def engine_at(home: Path, *, credit_quota: int | None = None) -> Iterator[RunningEngine]:
    engine = start_in_background(settings=EngineSettings(home=home, credit_quota=credit_quota))
    try:
        yield engine
    finally:
        engine.stop()


def client(engine: RunningEngine) -> httpx.Client:
    return httpx.Client(
        base_url=engine.url, headers={"Authorization": f"Bearer {engine.token}", **HEADERS}, timeout=120
    )


@dataclass
class Reply:
    """One chat turn as it came over the wire."""

    status: int
    text: str = ""
    calls: list[str] = field(default_factory=list)
    versions: list[Any] = field(default_factory=list)
    complete: bool = False
    body: Any = None


def _events(response: httpx.Response) -> Iterator[dict[str, Any]]:
    buffer = b""
    for chunk in response.iter_bytes():
        buffer += chunk
        while b"\n\n" in buffer:
            block, buffer = buffer.split(b"\n\n", 1)
            for line in block.split(b"\n"):
                if line.startswith(b"data:") and line[5:].strip():
                    yield json.loads(line[5:].decode("utf-8"))


def chat(api: httpx.Client, sid: str, text: str) -> Reply:
    """Send ``text`` to ``/run_sse`` and read the whole stream."""
    body = events.chat_request(sid, text)
    with api.stream("POST", paths.RUN_SSE, json=body, headers={"Accept": "text/event-stream"}) as response:
        if response.status_code != 200:
            response.read()
            return Reply(status=response.status_code, body=response.json())
        reply = Reply(status=200)
        words = []
        for event in _events(response):
            for part in (event.get("content") or {}).get("parts", []):
                if "text" in part and event.get("partial"):
                    words.append(part["text"])
                if "functionCall" in part:
                    reply.calls.append(part["functionCall"]["name"])
            if "stateDelta" in (event.get("actions") or {}):
                reply.versions.append(event["actions"]["stateDelta"])
            reply.complete = reply.complete or bool(event.get("turnComplete"))
        reply.text = "".join(words)
        return reply


def new_session(api: httpx.Client, language: str = "en") -> str:
    answer = api.post(paths.CREATE_SESSION, json={"task_name": "project", "language": language})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["data"]["session_id"])


def upload(api: httpx.Client, sid: str, *files: Path) -> list[dict[str, Any]]:
    handles = [("files", (f.name, f.read_bytes())) for f in files]
    answer = api.post(f"/api/upload-video/nemo_agent/me/{sid}", files=handles)
    assert answer.status_code == 200, answer.text
    media: list[dict[str, Any]] = answer.json()["data"]["media"]
    return media


def state(api: httpx.Client, sid: str) -> tuple[Draft, int]:
    answer = api.get(f"/api/state/nemo_agent/me/{sid}/latest")
    assert answer.status_code == 200, answer.text
    data = answer.json()["data"]["state"]
    return Draft.from_wire(data["draft"]), int(data["version"])
