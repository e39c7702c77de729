"""ffmpeg's EBU R128 meter (the ``ebur128`` filter) read: the figures of the summary it prints as it closes, the one
parser of them for the render (which levels a mix by them) and the report (which words them)."""

from __future__ import annotations

import re
import subprocess

from ..errors import MediaError

_INTEGRATED = re.compile(r"I:\s+(-?[\d.]+|-inf) LUFS")
_RANGE = re.compile(r"LRA:\s+(-?[\d.]+) LU")
_PEAK = re.compile(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS")


def summary_figures(stderr: str) -> tuple[float | None, float | None, float | None]:
    """The integrated loudness (LUFS), loudness range (LU) and true peak (dBTP; only with ``peak=true``) in the last
    summary of ffmpeg's ``stderr``; None for each figure it does not give, -inf for silence."""
    summary = stderr[stderr.rfind("Summary:") :] if "Summary:" in stderr else ""
    found = [pattern.search(summary) for pattern in (_INTEGRATED, _RANGE, _PEAK)]
    integrated, lra, peak = (float(match.group(1)) if match else None for match in found)
    return integrated, lra, peak


def integrated_lufs_of_command(inputs: list[str], filters: str) -> float:
    """The integrated loudness (LUFS) of the sound ``filters`` make over ffmpeg's ``inputs`` (its command up to the
    last ``-i``), without the true peak (its 4x oversampling took 3.6 s of a 3-minute song's 1.1); -inf for silence.

    Raises
    ------
    MediaError
        ffmpeg cannot read an input, or the graph has no sound to measure.
    """
    command = [*inputs, "-filter_complex", f"{filters},ebur128", "-f", "null", "-"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    integrated = summary_figures(done.stderr)[0]
    if done.returncode != 0 or integrated is None:
        raise MediaError(f"the sound could not be measured ({done.stderr.strip()[-200:]})")
    return integrated
