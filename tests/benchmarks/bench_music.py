"""Music generation speed: compose + render + master a 60-second and a 3-minute track.

Each figure's reference is decoding the produced file with PyAV in the same run, the floor any consumer of the
track pays anyway.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from tests.benchmarks import Figure


def _decode_seconds(path: Path) -> float:
    import av

    started = time.perf_counter()
    with av.open(str(path)) as container:
        for _ in container.decode(audio=0):
            pass
    return time.perf_counter() - started


def _generate_seconds(path: Path, words: str, seed: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one generate_track call (CPU time shows the cost when the machine is shared)."""
    from nemo_notebook.engine.music import generate_track

    started, started_cpu = time.perf_counter(), time.process_time()
    generate_track(path, words=words, seed=seed)
    return time.perf_counter() - started, time.process_time() - started_cpu


def run() -> list[Figure]:
    from nemo_notebook.engine.music import generate_track

    figures = []
    with tempfile.TemporaryDirectory() as folder:
        generate_track(Path(folder) / "warm.wav", words="a 5-second chill track")  # imports and SoundFont load
        for label, words, goal in (
            ("60-second", "an upbeat 60-second track", 3.0),
            ("3-minute", "an upbeat 3-minute track", 8.0),
        ):
            path = Path(folder) / f"{label}.wav"
            seconds, cpu_seconds = _generate_seconds(path, words, seed=1)
            decode = _decode_seconds(path)
            figures.append(Figure(f"music: {label} track (compose + render + master)", seconds, "s",
                                  decode, "PyAV decode of the same WAV", goal=goal))  # fmt: skip
            figures.append(Figure(f"music: {label} track, CPU time", cpu_seconds, "s", decode, "PyAV decode (wall)"))
    return figures
