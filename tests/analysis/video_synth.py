"""Clips with known cuts, motion and colour, written with the bundled ffmpeg (tests and benchmarks share it).

A clip is a list of ``Shot`` (an ffmpeg lavfi source and a length); the shots are joined with the ``concat`` filter,
so the cuts are exactly where one shot ends, on a frame boundary. Each shot's source is different enough from its
neighbours (different test patterns) that a person would call the change a cut.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nemo_notebook.engine.ffmpeg import ffmpeg_exe

SIZE = "320x180"
PATTERNS = (
    "testsrc2=size={size}:rate={fps}",
    "smptehdbars=size={size}:rate={fps},scroll=h=0.004",
    "mandelbrot=size={size}:rate={fps}",
    "rgbtestsrc=size={size}:rate={fps},scroll=v=0.01",
    "testsrc=size={size}:rate={fps}",
)


@dataclass(frozen=True)
class Shot:
    source: str  # a lavfi source with {size} and {fps} placeholders, optionally followed by filters
    seconds: float


def montage(seconds: Sequence[float]) -> list[Shot]:
    """Shots of the given lengths, cycling through ``PATTERNS``."""
    return [Shot(PATTERNS[i % len(PATTERNS)], s) for i, s in enumerate(seconds)]


def cut_times_ms(shots: Sequence[Shot]) -> list[int]:
    """Where the cuts between ``shots`` fall (ms)."""
    return [round(1000 * t) for t in np.cumsum([s.seconds for s in shots])[:-1]]


def run_ffmpeg(args: Sequence[str]) -> None:
    done = subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {done.stderr[-800:]}")


def write_clip(
    path: Path,
    shots: Sequence[Shot],
    *,
    fps: int = 30,
    size: str = SIZE,
    codec: Sequence[str] = ("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
    extra_output: Sequence[str] = (),
    audio: Path | None = None,
    after: str = "",
) -> Path:
    """Write ``shots`` back to back to ``path`` (its extension picks the container); ``after`` filters the whole."""
    inputs: list[str] = []
    for shot in shots:
        source = shot.source.format(size=size, fps=fps)
        inputs += ["-f", "lavfi", "-t", f"{shot.seconds:.4f}", "-i", source]
    chains = "".join(f"[{i}:v]setsar=1,format=yuv420p[v{i}];" for i in range(len(shots)))
    joined = "".join(f"[v{i}]" for i in range(len(shots)))
    graph = f"{chains}{joined}concat=n={len(shots)}:v=1:a=0{',' + after if after else ''}[out]"
    sound = ["-i", str(audio)] if audio else []
    mapping = ["-map", "[out]"] + (["-map", f"{len(shots)}:a", "-c:a", "aac", "-shortest"] if audio else [])
    run_ffmpeg([*inputs, *sound, "-filter_complex", graph, *mapping, *codec, *extra_output, str(path)])
    return path


def write_wav(path: Path, samples: np.ndarray, sample_rate_hz: int) -> Path:
    import soundfile

    soundfile.write(str(path), samples.astype(np.float32), sample_rate_hz, subtype="PCM_16")
    return path


def speech_like(seconds: float, sample_rate_hz: int = 16000, seed: int = 0) -> np.ndarray:
    """Syllables of a voiced, formant-shaped buzz (120–180 Hz pitch) with pauses between them, as speech has."""
    rng = np.random.default_rng(seed)
    out = np.zeros(int(seconds * sample_rate_hz))
    t = 0.0
    while t < seconds - 0.4:
        length = rng.uniform(0.12, 0.28)
        n = int(length * sample_rate_hz)
        start = int(t * sample_rate_hz)
        time = np.arange(n) / sample_rate_hz
        f0 = rng.uniform(120, 180) * (1 + 0.05 * np.sin(2 * np.pi * 3 * time))
        phase = 2 * np.pi * np.cumsum(f0) / sample_rate_hz
        formants = rng.choice([(500, 1500), (700, 1200), (300, 2300), (400, 2000)])
        voice = sum(
            np.exp(-(((k * f0.mean()) - formants[0]) ** 2) / 2e4) * np.sin(k * phase)
            + 0.6 * np.exp(-(((k * f0.mean()) - formants[1]) ** 2) / 4e4) * np.sin(k * phase)
            for k in range(1, 30)
        )
        out[start : start + n] += 0.3 * voice * np.hanning(n)
        t += length + rng.uniform(0.05, 0.25)
    return out + rng.normal(0, 0.001, out.size)


def steady_chord(seconds: float, sample_rate_hz: int = 16000) -> np.ndarray:
    """A held A-minor chord with a soft bass and a slow swell: music with no pauses to breathe in."""
    time = np.arange(int(seconds * sample_rate_hz)) / sample_rate_hz
    tones = [55.0, 110.0, 220.0, 261.63, 329.63, 440.0, 880.0]
    chord = sum(np.sin(2 * np.pi * f * time) / (1 + i) for i, f in enumerate(tones))
    return 0.2 * chord * (0.8 + 0.2 * np.sin(2 * np.pi * 0.25 * time))
