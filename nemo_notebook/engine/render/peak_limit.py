"""A user's own master kept at its own loudness where the user asked ("keep my loudness": ``m.peak_limit``, set by
the agent's ``peak_choice``): instead of the one gain that lowers the whole song under the ceiling
(``master_level``), only its overs are held down, by a true-peak limiter (``PEAK_LIMITER``) on the signal
oversampled 4x (where the peaks between samples are samples), 1 ms of lookahead, 50 ms of release, no auto-level.

Held-out 04's MP3 (-14.7 LUFS, +1.66 dBTP decoded, 64 overs of 0 dBTP in 196 s, 5.7 ms in all) through it came out
at -14.8 LUFS, -1.5 dBTP, LRA 6.3 (6.5 in), and after AAC at 256 kb/s at -14.9 LUFS, -1.0 dBTP; the same file lowered
by one gain to -1.1 dBTP plays at -17.5 LUFS (ffmpeg ebur128; the limiter took 2.5-3.5 s wall on the 196 s song,
under load). It changed the song in 111 stretches, 47 ms long at the median and 109 at most (where the difference
is within 40 dB of the music, 1 ms blocks), 3 % of its length. The limiter aims ``LIMITED_TO_DBTP``, half a dB
under the ceiling, because the AAC encoder lifts a limited sound's peaks about 0.5 dB (a gain-lowered one's 0.1);
``peak_guard`` corrects what still passes -1 dBTP after the encoder by one more gain.
"""

from __future__ import annotations

from collections.abc import Mapping

from ...protocol.loudness import TRUE_PEAK_CEILING_DBTP

LIMITED_TO_DBTP = TRUE_PEAK_CEILING_DBTP - 0.5
PEAK_LIMITER = (
    f"aresample=192000,alimiter=limit={10 ** (LIMITED_TO_DBTP / 20):.4f}:attack=1:release=50:level=0:latency=1,"
    "aresample=48000"
)


def limits_peaks(meta: Mapping[str, object]) -> bool:
    """Whether the draft keeps the user's master at its own loudness, its overs limited (``m.peak_limit``)."""
    return isinstance(meta.get("peak_limit"), dict)
