"""``client.batch``: several tracks at once against a real engine with one render slot and room for one waiting export
per token, so that the batch meets the engine's 429 and asks again; a track that cannot work fails alone."""

from __future__ import annotations

import threading
import wave
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.client import BatchRow, Client
from nemo_notebook.engine import EngineSettings, RunningEngine, start_in_background

RATE_HZ = 22050


def click_track(path: Path, tempo_bpm: float, seconds: float = 4.0) -> Path:
    """Clicks on every beat over a quiet tone: a track whose tempo is known."""
    t = np.arange(int(RATE_HZ * seconds)) / RATE_HZ
    since_beat = t % (60 / tempo_bpm)
    signal = 0.8 * np.sin(2 * np.pi * 880 * t) * np.exp(-since_beat * 40) + 0.1 * np.sin(2 * np.pi * 110 * t)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE_HZ)
        out.writeframes((signal / np.abs(signal).max() * 20000).astype(np.int16).tobytes())
    return path


@pytest.fixture(scope="module")
def tight_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEngine]:
    home = tmp_path_factory.mktemp("batch-engine")
    settings = EngineSettings(home=home, render_slots=1, max_waiting_renders=1)
    running = start_in_background(home=home, settings=settings)
    yield running
    running.stop()


def test_batch_makes_one_video_per_track_and_sums_them_up(
    tight_engine: RunningEngine, client_home: Path, tmp_path: Path
) -> None:
    tracks = {f"track-{bpm}": click_track(tmp_path / f"click-{bpm}.wav", bpm) for bpm in (90, 110, 128)}
    tracks["broken"] = tmp_path / "missing.wav"
    seen: list[list[BatchRow]] = []
    caller = threading.current_thread()

    def progress(rows: Sequence[BatchRow]) -> None:
        assert threading.current_thread() is caller  # a notebook can redraw from here
        seen.append(list(rows))

    with Client(base_url=tight_engine.url, token=tight_engine.token, home=client_home) as client:
        summary = client.batch(
            tracks,
            "create a video from this music",
            quality="low",
            folder=tmp_path / "out",
            prefix="batch-",
            concurrency=4,
            progress=progress,
        )
    assert list(summary.index) == ["track-90", "track-110", "track-128", "broken"]
    done = summary.loc[["track-90", "track-110", "track-128"]]
    assert list(done["stage"]) == ["done"] * 3, list(done["error"])
    for name, row in done.iterrows():
        video = Path(row["video"])
        assert video.name == f"batch-{name}.mp4" and video.read_bytes()[4:8] == b"ftyp"
        assert row["length_s"] > 3 and row["size_mb"] > 0 and row["render_id"]
    assert summary.loc["broken", "stage"] == "failed" and "missing.wav" in summary.loc["broken", "error"]
    assert all(len(rows) == 4 for rows in seen)
    stages = {row.stage for rows in seen for row in rows}
    assert {"uploading", "rendering", "done", "failed"} <= stages
