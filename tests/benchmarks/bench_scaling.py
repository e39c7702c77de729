"""Export throughput of the three set-ups of the README's "Scaling out", on this machine: three exports sent at once
to an engine with one render slot, with two slots (``--render-slots 2``), and on a Dask ``LocalCluster`` of two
single-threaded worker processes (``--dask``).

Each export is a ``NEMO_BENCH_SCALING_SECONDS``-second (default 20) 1080p30 video at quality ``high``: a picture over
"Vibe Ace" with a spectrum visualizer. The figure is the wall time from the first request to the last completed
export; the reference is the one-slot engine in the same run.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx

from nemo_notebook.engine import EngineSettings, start_in_background
from nemo_notebook.protocol import paths
from tests.benchmarks import Figure
from tests.conftest import REPO_MEDIA, SHARED_MEDIA

EXPORTS = 3
SKILL = {paths.HEADER_SOURCE: "nemo-notebook", paths.HEADER_VERSION: "0.1.0", paths.HEADER_PLATFORM: "ipython"}


def _media(name: str) -> Path:
    for folder in (SHARED_MEDIA, REPO_MEDIA):
        if (folder / name).exists():
            return folder / name
    raise SystemExit(f"{name} is in neither {SHARED_MEDIA} nor {REPO_MEDIA}")


def _draft(picture: str, song: str, seconds: int) -> dict[str, Any]:
    d = seconds * 1000
    pictures = {"tt": 0, "sg": [{"s": 0, "d": d, "src": picture, "in": 0, "m": {}}], "m": {}}
    visualizer = {"tt": 0, "sg": [{"s": 0, "d": d, "src": song, "in": 0, "m": {}}], "m": {"role": "visualizer"}}
    music = {"tt": 1, "sg": [{"s": 0, "d": d, "src": song, "in": 0, "m": {"volume": 1.0}}], "m": {}}
    return {"t": [pictures, visualizer, music], "d": d, "m": {"aspect": "16:9", "fps": 30}}


def _three_exports(settings: EngineSettings, seconds: int) -> float:
    """Seconds from the first export request to the last completed export."""
    with start_in_background(settings=settings) as engine:
        headers = {"Authorization": f"Bearer {engine.token}", **SKILL}
        with httpx.Client(base_url=engine.url, headers=headers, timeout=120) as api:
            sid = api.post(paths.CREATE_SESSION, json={"task_name": "bench"}).json()["data"]["session_id"]
            files = [("files", (p.name, p.read_bytes())) for p in (_media("big-buck-bunny-poster.jpg"),
                                                                    _media("vibe-ace.mp3"))]  # fmt: skip
            picture, song = (m["id"] for m in api.post(paths.upload(sid), files=files).json()["data"]["media"])
            draft = _draft(picture, song, seconds)
            started = time.perf_counter()
            for n in range(EXPORTS):
                body = {"id": f"bench_{n}", "sessionId": sid, "draft": draft, "output": {"quality": "high"}}
                api.post(paths.RENDER, json=body).raise_for_status()
            for n in range(EXPORTS):
                while (job := api.get(paths.render_job(f"bench_{n}")).json()["data"])["status"] not in (
                    "completed",
                    "failed",
                ):
                    time.sleep(0.2)
                if job["status"] != "completed":
                    raise SystemExit(f"bench_{n} failed: {job['error']}")
            return time.perf_counter() - started


def run() -> list[Figure]:
    seconds = int(os.environ.get("NEMO_BENCH_SCALING_SECONDS", "20"))
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        base = EngineSettings(home=Path(folder) / "one", render_slots=1, dask=None)
        one = _three_exports(base, seconds)
        name = f"{EXPORTS} × {seconds} s 1080p exports at once"
        figures.append(Figure(f"{name}, one render slot", one, "s"))
        two = _three_exports(replace(base, home=Path(folder) / "two", render_slots=2), seconds)
        figures.append(Figure(f"{name}, --render-slots 2", two, "s", one, "one slot"))
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        with cluster, Client(cluster) as client:
            dask = _three_exports(replace(base, home=Path(folder) / "dask", render_slots=None, dask=client), seconds)
        figures.append(Figure(f"{name}, Dask LocalCluster 2 workers × 1 thread", dask, "s", one, "one slot"))
    return figures
