"""The export's sound kept under -1 dBTP *as encoded*.

The mix leaves the AAC encoder 1.5 dB of headroom (``audio_mix``: limited at -2.5 dBTP), enough for dense music, but
not for every sound: a clip's sharp-edged voice under a score came out of the encoder 2.5 dB over its limiter (-0.0
dBTP in the MP4, -2.5 before it). So the finished file's sound is measured (true peak, 4x oversampled), and where it
passes the ceiling only the sound is encoded again, lowered by the excess and a margin, the picture copied as it is.
"""

from __future__ import annotations

import threading
from pathlib import Path

from ..ffmpeg import ffmpeg_exe
from .master_level import true_peak_dbtp
from .run import run_ffmpeg

EXPORT_CEILING_DBTP = -1.0
MARGIN_DB = 0.3  # below the ceiling, for the second encoding's own overshoot
ATTEMPTS = 2


def keep_under_ceiling(temp: Path, audio_kbps: int, duration_ms: int, cancel: threading.Event | None = None) -> float:
    """Lower the sound of the finished ``temp`` (an MP4, ``duration_ms`` long) where its true peak passes
    ``EXPORT_CEILING_DBTP``, its picture untouched; returns the gain applied in dB (0.0: none needed, or no sound to
    measure). The encoding runs as the render's own (``run_ffmpeg``: ``cancel`` stops it, its errors named)."""
    total = 0.0
    for _ in range(ATTEMPTS):
        peak = true_peak_dbtp(temp)
        if peak is None or peak <= EXPORT_CEILING_DBTP:
            break
        gain = EXPORT_CEILING_DBTP - MARGIN_DB - peak
        _reencode_sound(temp, gain, audio_kbps, duration_ms, cancel)
        total += gain
    return total


def _reencode_sound(
    temp: Path, gain_db: float, audio_kbps: int, duration_ms: int, cancel: threading.Event | None
) -> None:
    lowered = temp.with_name(f"{temp.stem}.level{temp.suffix}")
    cmd = [
        *(ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats", "-progress", "pipe:1"),
        *("-i", str(temp), "-map", "0", "-c:v", "copy", "-af", f"volume={gain_db:.2f}dB"),
        *("-c:a", "aac", "-b:a", f"{audio_kbps}k", "-ar", "48000", "-ac", "2", "-movflags", "+faststart"),
        *("-f", "mp4", str(lowered)),
    ]
    try:
        run_ffmpeg(cmd, duration_ms=duration_ms, cancel=cancel)
        lowered.replace(temp)
    finally:
        lowered.unlink(missing_ok=True)
