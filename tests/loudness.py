"""Loudness as a listener meets it: ffmpeg's EBU R128 meter over a file's sound (the engine's own meter, which the
report card uses too)."""

from __future__ import annotations

from pathlib import Path

from nemo_notebook.engine.report.loudness import ebu_r128 as _meter


def ebu_r128(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP, 4× oversampled) of the file's sound, by ffmpeg's meter."""
    measured = _meter(path)
    return measured.integrated_lufs, measured.true_peak_dbtp


def ebu_r128_full(path: Path, *, start_s: float = 0.0, duration_s: float | None = None) -> tuple[float, float, float]:
    """Integrated loudness (LUFS), loudness range (LU) and true peak (dBTP) of the file's sound, or of the stretch
    ``start_s`` .. ``start_s + duration_s``."""
    measured = _meter(path, start_s=start_s, duration_s=duration_s)
    return measured.integrated_lufs, measured.range_lu, measured.true_peak_dbtp
