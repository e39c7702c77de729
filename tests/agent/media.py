"""Media the agent tests make for themselves: a click track at a known tempo, pictures, a clip with known cuts."""

from __future__ import annotations

import subprocess
from pathlib import Path

from nemo_notebook.engine.ffmpeg import ffmpeg_exe

SAMPLE_RATE = 22_050


def click_track(path: Path, *, tempo_bpm: float = 120.0, duration_s: float = 12.0) -> Path:
    """A WAV with a decaying click and a low thump on every beat, louder on each bar's first beat."""
    import numpy as np
    import soundfile as sf

    n = int(duration_s * SAMPLE_RATE)
    t = np.arange(int(0.12 * SAMPLE_RATE)) / SAMPLE_RATE
    hit = np.exp(-t * 40) * (np.sin(2 * np.pi * 80 * t) + 0.5 * np.sin(2 * np.pi * 1500 * t))
    audio = np.zeros(n)
    beat = 60.0 / tempo_bpm
    for k in range(int(duration_s / beat)):
        start = int(k * beat * SAMPLE_RATE)
        end = min(start + len(hit), n)
        audio[start:end] += hit[: end - start] * (1.0 if k % 4 == 0 else 0.6)
    sf.write(str(path), (0.5 * audio / np.abs(audio).max()).astype("float32"), SAMPLE_RATE)
    return path


def _ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def picture(path: Path, color: str) -> Path:
    """A 320×180 still of one colour (JPEG or PNG by the suffix)."""
    _ffmpeg("-f", "lavfi", "-i", f"color=c={color}:s=320x180", "-frames:v", "1", str(path))
    return path


def clip_with_cuts(path: Path, colors: tuple[str, ...] = ("red", "blue", "green"), shot_s: float = 2.0) -> Path:
    """A 160×90 MP4 of ``shot_s``-second shots of flat colours (hard cuts between them) over a quiet tone."""
    inputs: list[str] = []
    for color in colors:
        inputs += ["-f", "lavfi", "-i", f"color=c={color}:s=160x90:r=25:d={shot_s}"]
    total = shot_s * len(colors)
    inputs += ["-f", "lavfi", "-i", f"sine=frequency=220:sample_rate=44100:duration={total}"]
    chain = "".join(f"[{i}:v]" for i in range(len(colors))) + f"concat=n={len(colors)}:v=1:a=0[v]"
    _ffmpeg(*inputs, "-filter_complex", chain, "-map", "[v]", "-map", f"{len(colors)}:a", "-c:v", "libx264",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path))  # fmt: skip
    return path
