"""Loudness as a listener meets it: ffmpeg's EBU R128 meter (integrated loudness, loudness range, 4x oversampled
true peak) over a file's sound."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import MediaError
from ..ffmpeg import ffmpeg_exe

_INTEGRATED = re.compile(r"I:\s+(-?[\d.]+|-inf) LUFS")
_RANGE = re.compile(r"LRA:\s+(-?[\d.]+) LU")
_PEAK = re.compile(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS")


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


def integrated_lufs_of_command(inputs: list[str], filters: str) -> float:
    """The integrated loudness (LUFS) of the sound ``filters`` make over ffmpeg's ``inputs``, without the true peak
    (its 4x oversampling took 3.6 s of a 3-minute song's 1.1).

    Raises
    ------
    MediaError
        ffmpeg cannot read an input, or the graph has no sound to measure.
    """
    command = [*inputs, "-filter_complex", f"{filters},ebur128", "-f", "null", "-"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    found = _INTEGRATED.search(done.stderr[done.stderr.rfind("Summary:") :] if "Summary:" in done.stderr else "")
    if done.returncode != 0 or found is None:
        raise MediaError(f"the sound could not be measured ({done.stderr.strip()[-200:]})")
    return float(found.group(1))


def _measured(command: list[str], name: str) -> Loudness:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    summary = done.stderr[done.stderr.rfind("Summary:") :] if "Summary:" in done.stderr else ""
    found = [pattern.search(summary) for pattern in (_INTEGRATED, _RANGE, _PEAK)]
    if done.returncode != 0 or not all(found):
        raise MediaError(f"{name}: its sound could not be measured ({done.stderr.strip()[-200:]})")
    return Loudness(*(float(match.group(1)) for match in found if match is not None))
