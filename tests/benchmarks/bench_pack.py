"""A release pack's wall time against rendering its versions one after another, on this machine.

One engine with two render slots (``NEMO_BENCH_PACK_SLOTS``, default 2); a ``NEMO_BENCH_PACK_SECONDS``-second
(default 36) cut of "Vibe Ace" with a picture made into a music video; then ``session.release_pack()`` at
``NEMO_BENCH_PACK_QUALITY`` (default ``preview``): the figure is the wall time from the first export to the last
completed one. The reference is the same versions' drafts exported one at a time, each waited for, in the same run.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

from nemo_notebook.client import Client
from nemo_notebook.client import _session as flows
from nemo_notebook.client._pack import version_quality
from nemo_notebook.engine import EngineSettings, start_in_background
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.protocol.pack import pack_versions
from tests.benchmarks import Figure
from tests.conftest import REPO_MEDIA, SHARED_MEDIA


def _media(name: str) -> Path:
    for folder in (SHARED_MEDIA, REPO_MEDIA):
        if (folder / name).exists():
            return folder / name
    raise SystemExit(f"{name} is in neither {SHARED_MEDIA} nor {REPO_MEDIA}")


def run() -> list[Figure]:
    seconds = int(os.environ.get("NEMO_BENCH_PACK_SECONDS", "36"))
    quality = os.environ.get("NEMO_BENCH_PACK_QUALITY", "preview")
    slots = int(os.environ.get("NEMO_BENCH_PACK_SLOTS", "2"))
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        song = home / "song.m4a"
        cut = [ffmpeg_exe(), "-v", "error", "-i", str(_media("vibe-ace.mp3")), "-vn", "-t", str(seconds), str(song)]
        subprocess.run(cut, check=True)
        engine = start_in_background(
            home=home / "engine", settings=EngineSettings(home=home / "engine", render_slots=slots)
        )
        try:
            with Client(base_url=engine.url, token=engine.token, home=home / "client") as client:
                session = client.sessions.create()
                session.upload([song, _media("big-buck-bunny-poster.jpg")])
                session.send("create a video from this music with visualizer and beat-synced cuts")
                session.send("make a release pack")
                started = time.perf_counter()
                session.release_pack(quality=quality, ask=False).wait()
                together = time.perf_counter() - started
                versions = pack_versions(session.state().draft)
                started = time.perf_counter()
                for version in versions:
                    flow = flows.export_draft_flow(
                        client._ctx, session.record, version.draft, version_quality(version.name, quality)
                    )
                    client._core.run(flow).wait()
                one_by_one = time.perf_counter() - started
        finally:
            engine.stop()
    name = f"release pack, {len(versions)} versions of a {seconds} s song ({quality}), {slots} render slots"
    return [Figure(name, together, "s", one_by_one, "the same versions exported one after another")]
