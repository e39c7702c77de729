"""A release pack's wall time against rendering its versions one after another, on this machine.

One engine with two render slots (``NEMO_BENCH_PACK_SLOTS``, default 2); a ``NEMO_BENCH_PACK_SECONDS``-second
(default 36) cut of "Vibe Ace" with a picture made into a music video; then ``session.release_pack()`` at
``NEMO_BENCH_PACK_QUALITY`` (default ``preview``): the figure is the wall time from the first export to the last
completed one. The reference is the same versions' drafts exported one at a time, each waited for, in the same run.
Then the same on a Dask ``LocalCluster`` of two single-threaded worker processes (``NEMO_BENCH_PACK_DASK=0`` leaves
it out).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import replace
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


def _pack_and_one_by_one(settings: EngineSettings, song: Path, quality: str) -> tuple[float, float, int]:
    """(the pack's wall time, the same versions one after another, how many versions) on an engine of ``settings``."""
    engine = start_in_background(home=settings.home, settings=settings)
    try:
        with Client(base_url=engine.url, token=engine.token, home=settings.home / "client") as client:
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
            return together, time.perf_counter() - started, len(versions)
    finally:
        engine.stop()


def run() -> list[Figure]:
    seconds = int(os.environ.get("NEMO_BENCH_PACK_SECONDS", "36"))
    quality = os.environ.get("NEMO_BENCH_PACK_QUALITY", "preview")
    slots = int(os.environ.get("NEMO_BENCH_PACK_SLOTS", "2"))
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        song = home / "song.m4a"
        cut = [ffmpeg_exe(), "-v", "error", "-i", str(_media("vibe-ace.mp3")), "-vn", "-t", str(seconds), str(song)]
        subprocess.run(cut, check=True)
        settings = EngineSettings(home=home / "slots", render_slots=slots, dask=None)
        together, one_by_one, count = _pack_and_one_by_one(settings, song, quality)
        name = f"release pack, {count} versions of a {seconds} s song ({quality})"
        reference = "the same versions exported one after another"
        figures.append(Figure(f"{name}, {slots} render slots", together, "s", one_by_one, reference))
        if os.environ.get("NEMO_BENCH_PACK_DASK", "1") != "0":
            from distributed import Client as DaskClient
            from distributed import LocalCluster

            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
            with cluster, DaskClient(cluster) as dask:
                on_dask = replace(settings, home=home / "dask", render_slots=None, dask=dask)
                together, one_by_one, count = _pack_and_one_by_one(on_dask, song, quality)
            figures.append(
                Figure(f"{name}, Dask LocalCluster 2 workers × 1 thread", together, "s", one_by_one, reference)
            )
    return figures
