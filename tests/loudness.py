"""Loudness as a listener meets it: ffmpeg's EBU R128 meter over a file's sound."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from nemo_notebook.engine.ffmpeg import ffmpeg_exe


def ebu_r128(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP, 4× oversampled) of the file's sound, by ffmpeg's meter."""
    done = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = done.stderr[done.stderr.rindex("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+) LUFS", summary)
    peak = re.search(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    assert integrated and peak, summary
    return float(integrated.group(1)), float(peak.group(1))


def ebu_r128_full(path: Path, *, start_s: float = 0.0, duration_s: float | None = None) -> tuple[float, float, float]:
    """Integrated loudness (LUFS), loudness range (LU) and true peak (dBTP) of the file's sound, or of the stretch
    ``start_s`` .. ``start_s + duration_s``."""
    window = ["-ss", f"{start_s:.3f}"] + (["-t", f"{duration_s:.3f}"] if duration_s is not None else [])
    done = subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-nostats",
            *window,
            "-i",
            str(path),
            "-af",
            "ebur128=peak=true",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = done.stderr[done.stderr.rindex("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+) LUFS", summary)
    spread = re.search(r"LRA:\s+(-?[\d.]+) LU", summary)
    peak = re.search(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    assert integrated and spread and peak, summary
    return float(integrated.group(1)), float(spread.group(1)), float(peak.group(1))
