"""AsyncClient: the same shape with await and async for, against the real engine."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from nemo_notebook.client import (
    AsyncClient,
    Heartbeat,
    Message,
    RenderFailed,
    StreamError,
    TextDelta,
    TransportError,
)
from nemo_notebook.engine import RunningEngine
from nemo_notebook.protocol import MediaKind, paths
from tests.conftest import shared_media

from .fakecloud import FakeCloud, answer


def test_a_whole_session_with_await(real_engine: RunningEngine, client_home: Path, tmp_path: Path) -> None:
    async def main() -> None:
        async with AsyncClient(base_url=real_engine.url, token=real_engine.token, home=client_home) as client:
            assert (await client.credits()).available > 0
            session = await client.sessions.create()
            sent: list[int] = []
            media = await session.upload(shared_media("choice-drum-bass.ogg"), progress=lambda d, t: sent.append(d))
            assert media.kind == MediaKind.AUDIO and sent[-1] == media.size
            events = [e async for e in session.chat("add a title 'Urban Dreams' for the first 3 seconds")]
            assert "".join(e.text for e in events if isinstance(e, TextDelta)) == "".join(
                e.text for e in events if isinstance(e, Message)
            )
            assert await session.summary() == 'Timeline (1 track): 1. Title: "Urban Dreams" (0-3s)'
            assert len(await session.timeline()) == 1
            job = await (await session.export(quality="low")).wait(timeout=120)
            path = await job.download(tmp_path / "a.mp4")
            assert path.stat().st_size > 1000 and [j.id for j in await session.renders()] == [job.id]
            assert (await client.render(job.id)).status.status == "completed"
            assert [s.id for s in client.sessions.list()] == [session.id]

    asyncio.run(main())


def test_async_chat_closes_when_the_reader_stops(scripted_engine: RunningEngine, client_home: Path) -> None:
    async def main() -> str:
        async with AsyncClient(base_url=scripted_engine.url, token=scripted_engine.token, home=client_home) as client:
            session = await client.sessions.create()
            async with session.chat("wait 30") as stream:
                assert isinstance(await stream.__anext__(), Heartbeat)
            for _ in range(100):
                try:
                    return (await session.send("say free")).text
                except Exception:
                    await asyncio.sleep(0.05)
            raise AssertionError("the session stayed busy")

    assert asyncio.run(main()) == "free"


def test_async_errors_are_the_same_tree(tmp_path: Path) -> None:
    cloud = FakeCloud()
    cloud.drafts = [{"t": [{"tt": 7, "sg": [{"s": 0, "d": 1000, "m": {"text": "x"}}], "m": {}}], "d": 1000, "m": {}}]
    cloud.route("POST", paths.RENDER, lambda r: answer({"id": "render_1", "status": "queued"}))
    cloud.route(
        "GET", paths.render_job("render_1"), lambda r: answer({"id": "render_1", "status": "failed", "error": "boom"})
    )
    cloud.route("POST", paths.RUN_SSE, lambda r: httpx.Response(200, content=b"data: {}\n\n"))

    def broken(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    async def main() -> None:
        transport = httpx.MockTransport(cloud)
        async with AsyncClient(backend="cloud", token="t", home=tmp_path, transport=transport) as client:
            session = await client.sessions.create()
            with pytest.raises(RenderFailed, match="boom"):
                await (await session.export()).wait()
            reply = await session.send("anything")
            assert reply.text.startswith("Done.") and isinstance(reply.events[0], Heartbeat)
        cloud.route("GET", paths.CREDITS, broken)
        async with AsyncClient(
            backend="cloud", token="t", home=tmp_path, transport=httpx.MockTransport(cloud)
        ) as client:
            with pytest.raises(TransportError, match="could not reach") as caught:
                await client.credits()
            assert not isinstance(caught.value, StreamError)

    asyncio.run(main())
