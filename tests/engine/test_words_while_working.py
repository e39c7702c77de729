"""Words while it works: over a real loopback port, the first words come before the work ends, a long step is never
silent for long (the stream says what still goes on), and the whole reply comes at the end without those progress
words (the clock, "40 %… "): they tell how the work goes while it goes, the reply that stays says what was done."""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from nemo_notebook.engine.agent import AgentStep, Intent, Say
from nemo_notebook.protocol import paths
from tests.conftest import shared_media

from .conftest import chat_body, client_for, new_session, running_engine, upload


@dataclass(frozen=True)
class Arrival:
    """One SSE item as the client read it: seconds since the request, the event (None for a heartbeat)."""

    at_s: float
    event: dict[str, Any] | None

    @property
    def text(self) -> str | None:
        parts = ((self.event or {}).get("content") or {}).get("parts", [])
        return next((p["text"] for p in parts if "text" in p), None)

    @property
    def event_partial(self) -> bool:
        return bool((self.event or {}).get("partial"))

    @property
    def partial_text(self) -> str | None:
        return self.text if self.event_partial else None

    def has(self, key: str) -> bool:
        parts = ((self.event or {}).get("content") or {}).get("parts", [])
        return any(key in p for p in parts)


def arrivals(response: httpx.Response) -> Iterator[Arrival]:
    """Each event and heartbeat as its bytes arrive (split on bytes, as STYLE.md asks)."""
    started = time.monotonic()
    buffer = b""
    for chunk in response.iter_bytes():
        buffer += chunk.replace(b"\r\n", b"\n")
        while b"\n\n" in buffer:
            block, buffer = buffer.split(b"\n\n", 1)
            for line in block.split(b"\n"):
                if line.startswith(b":"):
                    yield Arrival(time.monotonic() - started, None)
                elif line.startswith(b"data:") and line[5:].strip():
                    yield Arrival(time.monotonic() - started, json.loads(line[5:].decode("utf-8")))


class WaitingAgent:
    """Starts a long step, then works until the client has heard ``still_words`` words about it (at most 60 s)."""

    def __init__(self, still_words: int) -> None:
        self.still_words = still_words
        self.heard = threading.Event()

    def interpret(self, text: str, ctx: Any) -> Intent:
        return Intent("analyse")

    def execute(self, intent: Intent, ctx: Any) -> Iterator[AgentStep]:
        yield Say("Analysing the track… ", working="analysing the music")
        heard = self.heard.wait(60)
        ctx.narrate("90 %… ")
        yield Say("130 BPM. " if heard else "the client never heard me. ")


def test_a_long_step_is_told_about_until_it_ends_and_the_reply_comes_whole(tmp_path: Path) -> None:
    agent = WaitingAgent(still_words=3)
    with (
        running_engine(tmp_path / "home", agent=agent, words_interval_s=0.2, heartbeat_interval_s=600) as engine,
        client_for(engine) as api,
    ):
        sid = new_session(api)
        got: list[Arrival] = []
        with api.stream("POST", paths.RUN_SSE, json=chat_body(sid, "go")) as response:
            for arrival in arrivals(response):
                got.append(arrival)
                if sum("s)… " in t or t.endswith(" s… ") for t in _partials(got)) >= agent.still_words:
                    agent.heard.set()
    words = _partials(got)
    assert words[0] == "Analysing the track… "
    assert words[1].startswith("still analysing the music (") and words[1].endswith(" s)… ")
    assert all(w.endswith(" s… ") and w[:-4].isdigit() for w in words[2:4]), words
    assert words[-2:] == ["90 %… ", "130 BPM. "]
    finals = [a.text for a in got if a.text is not None and not a.event_partial]
    assert finals == ["Analysing the track… 130 BPM. "], "the reply that stays leaves the clock and the % out"
    assert got[-1].event is not None and got[-1].event.get("turnComplete")
    assert not any(a.event is None for a in got), "words came first, so no heartbeat was due"


def test_a_real_music_video_turn_speaks_before_its_work_ends_and_never_falls_silent_for_long(tmp_path: Path) -> None:
    song, poster = shared_media("vibe-ace.mp3"), shared_media("big-buck-bunny-poster.jpg")
    with (
        running_engine(tmp_path / "home", words_interval_s=1.0) as engine,
        client_for(engine) as api,
    ):
        sid = new_session(api)
        assert upload(api, sid, (song.name, song), (poster.name, poster)).status_code == 200
        body = chat_body(sid, "create a video from this music with visualizer and beat-synced cuts")
        with api.stream("POST", paths.RUN_SSE, json=body, headers={"Accept": "text/event-stream"}) as response:
            got = list(arrivals(response))
    work_ends = next(i for i, a in enumerate(got) if a.has("functionResponse"))
    spoken = [i for i, a in enumerate(got) if a.partial_text]
    assert spoken[0] < work_ends, "the first words came only after the work"
    during = [got[i] for i in spoken if i < work_ends]
    said = "".join(a.partial_text or "" for a in during)
    assert 'Analysing "vibe-ace.mp3"' in said and "BPM, 4/4" in said and "Planned" in said, said
    gaps = [b.at_s - a.at_s for a, b in itertools.pairwise(during)]
    # words every second while the work runs; 15 s leaves room for a loaded machine without hiding a silent step
    assert max(gaps, default=0.0) < 15.0, gaps
    whole = [a.text for a in got if a.text and not a.event_partial]
    assert whole and whole[-1].startswith("Done: a ") and " music video of " in whole[-1], whole  # what was made
    assert not any(re.search(r"\d+ %… |\(\d+ s\)… |\d+ s… ", w) for w in whole), whole


def _partials(got: list[Arrival]) -> list[str]:
    return [a.partial_text for a in got if a.partial_text is not None]
