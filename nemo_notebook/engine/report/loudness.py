"""Loudness as a listener meets it: ffmpeg's EBU R128 meter (integrated loudness, loudness range, 4x oversampled
true peak) over a file's sound."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..analysis.ebur128 import summary_figures
from ..errors import MediaError
from ..ffmpeg import ffmpeg_exe


@dataclass(frozen=True)
class Loudness:
    """A sound's integrated loudness (LUFS), loudness range (LU) and true peak (dBTP); -inf for silence."""

    integrated_lufs: float
    range_lu: float
    true_peak_dbtp: float


def ebu_r128(path: Path, *, start_s: float = 0.0, duration_s: float | None = None) -> Loudness:
    """The loudness of ``path``'s sound, or of its stretch ``start_s`` .. ``start_s + duration_s``.

    Raises
    ------
    MediaError
        ffmpeg cannot read the file, or it has no sound to measure.
    """
    window = ["-ss", f"{start_s:.3f}"] + (["-t", f"{duration_s:.3f}"] if duration_s is not None else [])
    command = [ffmpeg_exe(), "-hide_banner", "-nostats", *window, "-i", str(path), "-vn", "-sn", "-dn"]
    return _measured([*command, "-af", "ebur128=peak=true", "-f", "null", "-"], path.name)


def ebu_r128_of_command(inputs: list[str], filters: str) -> Loudness:
    """The loudness of the sound ``filters`` (a filtergraph over ffmpeg's ``inputs``: its command up to the last
    ``-i``) make.

    Raises
    ------
    MediaError
        ffmpeg cannot read an input, or the graph has no sound to measure.
    """
    return _measured([*inputs, "-filter_complex", f"{filters},ebur128=peak=true", "-f", "null", "-"], "the sound")


def _measured(command: list[str], name: str) -> Loudness:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    integrated, lra, peak = summary_figures(done.stderr)
    if done.returncode != 0 or integrated is None or lra is None or peak is None:
        raise MediaError(f"{name}: its sound could not be measured ({done.stderr.strip()[-200:]})")
    return Loudness(integrated, lra, peak)
