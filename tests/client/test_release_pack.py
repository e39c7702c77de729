"""``session.release_pack()`` through a real engine with two render slots: every version rendered (sizes, lengths,
streams measured on the MP4s), the shorts from the chorus, the Canvas a silent 9:16 loop of 3-8 s whose last frame
flows into its first, and the versions rendering at the same time."""

from __future__ import annotations

import asyncio
import itertools
import subprocess
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemo_notebook.client import AsyncClient, Client, NemoError, PackRow
from nemo_notebook.engine import RunningEngine
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from tests.conftest import shared_media
from tests.render.synth import gray_frames

from .conftest import _start

SONG_S = 36  # a 36 s excerpt: shorts of 15 and 30 s, no 60 s short


def _excerpt(folder: Path, seconds: int) -> Path:
    path = folder / f"vibe-ace-{seconds}s.m4a"
    source = shared_media("vibe-ace.ogg")
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(source), "-vn", "-t", str(seconds), "-c:a", "aac", str(path)],
        check=True,
    )
    return path


@pytest.fixture(scope="module")
def song(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _excerpt(tmp_path_factory.mktemp("song"), SONG_S)


@pytest.fixture(scope="module")
def two_slots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEngine]:
    running = _start(tmp_path_factory.mktemp("pack-home"), render_slots=2, poll_interval_s=0.2)
    yield running
    running.stop()


def _probe(path: Path) -> dict[str, Any]:
    import av

    with av.open(str(path)) as container:
        video = container.streams.video[0]
        return {
            "streams": sorted(s.type for s in container.streams),
            "size": (video.width, video.height),
            "codec": video.codec_context.name,
            "duration_s": (container.duration or 0) / 1e6,
        }


class Watch:
    """The rows at each poll, and when each version was first and last seen rendering."""

    def __init__(self) -> None:
        self.rendering: dict[str, list[float]] = {}

    def __call__(self, rows: Sequence[PackRow]) -> None:
        now = time.monotonic()
        for row in rows:
            if row.status == "rendering":
                self.rendering.setdefault(row.name, [now, now])[1] = now

    def overlapping(self) -> bool:
        spans = sorted(self.rendering.values())
        return any(b[0] <= a[1] for a, b in itertools.pairwise(spans))


def test_a_release_pack_renders_every_version_at_once(two_slots: RunningEngine, song: Path, tmp_path: Path) -> None:
    pictures = [shared_media("big-buck-bunny-poster.jpg")]
    with Client(base_url=two_slots.url, token=two_slots.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([song, *pictures])
        session.send("create a video from this music with visualizer and beat-synced cuts")
        pack = session.release_pack(quality="preview")
        watch = Watch()
        videos = pack.wait(progress=watch).download(tmp_path / "pack")
    assert list(videos) == ["full", "short_15", "short_30", "square", "canvas"]
    assert pack.skipped == ("no 60 s short: the song is 36 s long",)
    facts = {name: _probe(path) for name, path in videos.items()}
    assert facts["full"]["size"] == (640, 360) and facts["square"]["size"] == (360, 360)
    assert facts["short_15"]["size"] == facts["short_30"]["size"] == (360, 640)
    for name, seconds in (("full", SONG_S), ("square", SONG_S), ("short_15", 15), ("short_30", 30)):
        assert abs(facts[name]["duration_s"] - seconds) < 0.6, (name, facts[name])
        assert facts[name]["streams"] == ["audio", "video"], name
    canvas = facts["canvas"]
    assert canvas["streams"] == ["video"] and canvas["codec"] == "h264"
    width, height = canvas["size"]
    assert width >= 720 and abs(width / height - 9 / 16) < 0.01, canvas
    assert 3.0 <= canvas["duration_s"] <= 8.0 and videos["canvas"].stat().st_size <= 8 * 1024 * 1024
    frames = gray_frames(videos["canvas"])
    assert float(np.abs(frames[-1] - frames[0]).mean()) < 4.0, "the Canvas's last frame flows into its first"
    parts = pack.reply.text if pack.reply else ""
    assert "the chorus" in parts, parts
    assert watch.overlapping(), f"two slots, yet the versions rendered one after another: {watch.rendering}"


def test_a_pack_without_a_music_video_says_what_to_make_first(two_slots: RunningEngine, tmp_path: Path) -> None:
    with Client(base_url=two_slots.url, token=two_slots.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        with pytest.raises(NemoError) as caught:
            session.release_pack(quality="preview")
    assert "no release pack" in str(caught.value) and "music video" in str(caught.value)
    assert caught.value.hint and "music video first" in caught.value.hint


def test_the_async_client_exports_the_pack_when_the_engine_takes_one_waiting_export(tmp_path: Path) -> None:
    """One render slot and one waiting export at most: the versions beyond are refused (429) and sent again."""
    song = _excerpt(tmp_path, 20)  # a full video, a 15 s short, a square cut and a Canvas
    running = _start(tmp_path / "engine", render_slots=1, max_waiting_renders=1, poll_interval_s=0.2)

    async def main() -> list[str]:
        async with AsyncClient(base_url=running.url, token=running.token, home=tmp_path / "home") as client:
            session = await client.sessions.create()
            await session.upload([song, shared_media("big-buck-bunny-poster.jpg")])
            await session.send("create a video from this music")
            await session.send("make a release pack")
            pack = await session.release_pack(quality="preview", ask=False)
            await pack.wait()
            return [row.status for row in pack.rows()]

    try:
        assert asyncio.run(main()) == ["completed"] * 4
    finally:
        running.stop()
