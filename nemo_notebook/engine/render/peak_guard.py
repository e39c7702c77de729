"""The export's sound kept under -1 dBTP *as encoded*.

The mix leaves the AAC encoder 1.5 dB of headroom (``audio_mix``: limited at -2.5 dBTP), enough for dense music, but
not for every sound: a clip's sharp-edged voice under a score came out of the encoder 2.5 dB over its limiter (-0.0
dBTP in the MP4, -2.5 before it). So the finished file's sound is measured (true peak, 4x oversampled), and where it
passes the ceiling only the sound is encoded again, lowered by the excess and a margin, the picture copied as it is.

Each try encodes the *first* encoding's sound again, with the whole gain so far, and is measured: ffmpeg's AAC
encoder below 256 kb/s does not follow the level it is given (a composed upbeat track's preview, 128 kb/s: -0.5 dBTP
lowered 0.8 dB came out at +0.4, and that lowered 1.7 dB more at +3.6, each try encoding the one before), so the
sound is encoded again at ``LEVELLED_KBPS`` at least, where it does (the same sound lowered 0.3, 0.7 and 1.0 dB:
-0.9, -1.2 and -1.8 dBTP).
"""

from __future__ import annotations

import threading
from pathlib import Path

from ..ffmpeg import ffmpeg_exe
from .master_level import true_peak_dbtp
from .run import run_ffmpeg

EXPORT_CEILING_DBTP = -1.0
MARGIN_DB = 0.3  # below the ceiling, for the second encoding's own overshoot
ATTEMPTS = 3
LEVELLED_KBPS = 256  # the least AAC rate whose true peak follows the level it is given


def keep_under_ceiling(temp: Path, audio_kbps: int, duration_ms: int, cancel: threading.Event | None = None) -> float:
    """Lower the sound of the finished ``temp`` (an MP4, ``duration_ms`` long) where its true peak passes
    ``EXPORT_CEILING_DBTP``, its picture untouched; returns the gain applied in dB (0.0: none needed, or no sound to
    measure). The encoding runs as the render's own (``run_ffmpeg``: ``cancel`` stops it, its errors named)."""
    peak = true_peak_dbtp(temp)
    if peak is None or peak <= EXPORT_CEILING_DBTP:
        return 0.0
    first = temp.with_name(f"{temp.stem}.first{temp.suffix}")
    temp.replace(first)
    total = 0.0
    try:
        for _ in range(ATTEMPTS):
            total += EXPORT_CEILING_DBTP - MARGIN_DB - peak
            _reencode_sound(first, temp, total, max(audio_kbps, LEVELLED_KBPS), duration_ms, cancel)
            peak = true_peak_dbtp(temp)
            if peak is None or peak <= EXPORT_CEILING_DBTP:
                break
    finally:
        if not temp.exists():
            first.replace(temp)
        first.unlink(missing_ok=True)
    return total


def _reencode_sound(
    first: Path, temp: Path, gain_db: float, audio_kbps: int, duration_ms: int, cancel: threading.Event | None
) -> None:
    lowered = temp.with_name(f"{temp.stem}.level{temp.suffix}")
    cmd = [
        *(ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats", "-progress", "pipe:1"),
        *("-i", str(first), "-map", "0", "-c:v", "copy", "-af", f"volume={gain_db:.2f}dB"),
        *("-c:a", "aac", "-b:a", f"{audio_kbps}k", "-ar", "48000", "-ac", "2", "-movflags", "+faststart"),
        *("-f", "mp4", str(lowered)),
    ]
    try:
        run_ffmpeg(cmd, duration_ms=duration_ms, cancel=cancel)
        lowered.replace(temp)
    finally:
        lowered.unlink(missing_ok=True)
