"""The export's sound kept under -1 dBTP *as encoded*, and a lowered one landing just under it.

The AAC encoder moves a sound's true peak: a clip's sharp-edged voice under a score came out of it 2.5 dB over the
mix's limiter (-0.0 dBTP in the MP4, -2.5 before it), and a user's own master, brought by one gain to peak at the
ceiling itself (``master_level``), comes out a little over or under it. So the finished file's sound is measured
(true peak, 4x oversampled), and where it passes the ceiling only the sound is encoded again, lowered so as to peak at
``AIM_DBTP``, the picture copied as it is. A try that lands under ``LOW_DBTP`` is raised back toward the aim; a try
is never kept over the ceiling where one under it was made, nor where it lands lower than one before it (``keeps``):
a hot master's export peaks at -1.0 to -1.2 dBTP (issue 29; Vibe Ace raised 3 and 6 dB and a drum and bass excerpt
raised 9 dB: -1.1 each, within 0.1 LU of their loudness less their peaks' excess over -1 dBTP,
``tests/render/test_artist_master.py``).

Each try encodes the *first* encoding's sound again, with the whole gain so far, and is measured: ffmpeg's AAC
encoder below 256 kb/s does not follow the level it is given (a composed upbeat track's preview, 128 kb/s: -0.5 dBTP
lowered 0.8 dB came out at +0.4, and that lowered 1.7 dB more at +3.6, each try encoding the one before), so the
sound is encoded again at ``LEVELLED_KBPS`` at least, where it does (the same sound lowered 0.3, 0.7 and 1.0 dB:
-0.9, -1.2 and -1.8 dBTP).
"""

from __future__ import annotations

import threading
from pathlib import Path

from ...protocol.loudness import TRUE_PEAK_CEILING_DBTP
from ..ffmpeg import ffmpeg_exe
from .master_level import true_peak_dbtp
from .run import run_ffmpeg

EXPORT_CEILING_DBTP = TRUE_PEAK_CEILING_DBTP
AIM_DBTP = EXPORT_CEILING_DBTP - 0.1  # where a lowered sound is aimed: the second encoding lands within 0.1 dB of it
LOW_DBTP = EXPORT_CEILING_DBTP - 0.2  # a try under this was lowered further than the ceiling needs: raised back
ATTEMPTS = 3
LEVELLED_KBPS = 256  # the least AAC rate whose true peak follows the level it is given


def keep_under_ceiling(temp: Path, audio_kbps: int, duration_ms: int, cancel: threading.Event | None = None) -> float:
    """Lower the sound of the finished ``temp`` (an MP4, ``duration_ms`` long) where its true peak passes
    ``EXPORT_CEILING_DBTP``, to ``LOW_DBTP``..``EXPORT_CEILING_DBTP`` where three tries reach it, its picture
    untouched; returns the gain applied in dB (0.0: none needed, or no sound to measure). The encoding runs as the
    render's own (``run_ffmpeg``: ``cancel`` stops it, its errors named)."""
    peak = true_peak_dbtp(temp)
    if peak is None or peak <= EXPORT_CEILING_DBTP:
        return 0.0
    first = temp.with_name(f"{temp.stem}.first{temp.suffix}")
    temp.replace(first)
    total, kept, kept_peak = 0.0, 0.0, None
    try:
        for _ in range(ATTEMPTS):
            total += AIM_DBTP - peak  # a try under LOW_DBTP is raised back by as much as it fell short
            lowered = reencode_sound(first, temp, total, max(audio_kbps, LEVELLED_KBPS), duration_ms, cancel)
            try:
                peak = true_peak_dbtp(lowered)
                if keeps(peak, kept_peak):
                    lowered.replace(temp)
                    kept, kept_peak = total, peak
            finally:
                lowered.unlink(missing_ok=True)
            if peak is None or LOW_DBTP <= peak <= EXPORT_CEILING_DBTP:
                break
    finally:
        if not temp.exists():
            first.replace(temp)
        first.unlink(missing_ok=True)
    return kept


def keeps(peak: float | None, kept: float | None) -> bool:
    """Whether a try that peaks at ``peak`` replaces the one kept so far (peaking at ``kept``): one with no sound to
    measure, or one under the ceiling nearer it than the kept one (which may be over); one over the ceiling only
    where the kept one is over too, by more. The ceiling is never passed where a try under it was made, and a try
    raised back that lands lower than one before it is not kept (the AAC encoder's true peak moves up to 1 dB the
    other way for a change of gain of 0.3 dB: a square wave's third try came out at -1.46 dBTP, kept over the
    second's -1.40)."""
    if peak is None or kept is None:
        return True
    if peak <= EXPORT_CEILING_DBTP:
        return kept > EXPORT_CEILING_DBTP or peak > kept
    return kept > peak


def reencode_sound(
    first: Path,
    temp: Path,
    gain_db: float,
    audio_kbps: int,
    duration_ms: int,
    cancel: threading.Event | None,
) -> Path:
    """``first``'s sound changed by ``gain_db`` and encoded again beside ``temp``, its picture copied; the new file."""
    lowered = temp.with_name(f"{temp.stem}.level{temp.suffix}")
    cmd = [
        *(ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats", "-progress", "pipe:1"),
        *("-i", str(first), "-map", "0", "-c:v", "copy", "-af", f"volume={gain_db:.2f}dB"),
        *("-c:a", "aac", "-b:a", f"{audio_kbps}k", "-ar", "48000", "-ac", "2", "-movflags", "+faststart"),
        *("-f", "mp4", str(lowered)),
    ]
    try:
        run_ffmpeg(cmd, duration_ms=duration_ms, cancel=cancel)
    except BaseException:
        lowered.unlink(missing_ok=True)
        raise
    return lowered
