"""A score under a clip's own voice lifted, in the finished file, to the loudness of other posts.

A clip whose sound is levelled as speech (``m.sound`` "speech", ``clip_level``) plays 2 dB under the music's
loudness with the music 12 dB under it (the bgm at 25 %): the mix sits about 2 LU under the composed music alone, and
the single-pass ``loudnorm`` of a full-quality export does not close that (its dynamic gain follows the voice's
short-term loudness and its limiter the voice's sharp peaks). A 12 s clip of the LibriVox reader under "add
background music to my video" came out at -16.0 LUFS (full quality) and -17.2 (preview, not normalised), where the
same music over a clip's ambience read -13.6 and -13.9. So the finished file's loudness is measured (ffmpeg's
ebur128, integrated) and, where it lands more than ``SHORT_LU`` under ``TARGET_LUFS``, its sound alone is encoded
again (the picture copied) raised by the shortfall through the true-peak limiter that holds a user's master's overs
(``peak_limit.PEAK_LIMITER``, -1.5 dBTP), which shaves the voice's consonants by a few dB, as a broadcast limiter
does; ``peak_guard`` then keeps what the encoder moves under -1 dBTP. A user's own master, or a video without a
levelled voice under music, is never touched here. Lifted, the reader's export reads -14.1 LUFS at -1.4 dBTP in
both qualities, JFK's -13.8 (was -16.6 preview, -15.0 full), a woman reading -14.0 (was -16.4, -14.1); measuring
takes about 0.1 s and the lift 0.5 s of a 12 s export.
"""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

from ...protocol import Draft, TrackType
from ...protocol.loudness import TARGET_LUFS
from ...protocol.vocabulary import Role
from ..analysis.ebur128 import summary_figures
from ..ffmpeg import ffmpeg_exe
from .peak_guard import LEVELLED_KBPS, reencode_sound
from .peak_limit import PEAK_LIMITER

SHORT_LU = 0.5
"""A finished file this far under ``TARGET_LUFS`` or less is left as it is."""
OVER_LIMITER_DB = 0.2
"""Added to the shortfall: what the limiter takes off the loudness (measured: +3.2 dB gave +3.0 LU)."""


def speaks_under_music(draft: Draft) -> bool:
    """Whether the draft plays a clip levelled as speech under background music that the render normalises."""
    if draft.meta.get("loudnorm", True) is False:
        return False
    music = any(t.meta.get("role") == Role.BGM and t.segments for t in draft.tracks_of(TrackType.AUDIO))
    said = any(sg.meta.get("sound") == "speech" for t in draft.tracks_of(TrackType.VIDEO) for sg in t.segments)
    return music and said


def lift_to_target(temp: Path, audio_kbps: int, duration_ms: int, cancel: threading.Event | None = None) -> float:
    """Raise the sound of the finished ``temp`` (an MP4) to about ``TARGET_LUFS`` where it lands more than
    ``SHORT_LU`` under it, its overs held by the limiter and its picture untouched; returns the gain in dB (0.0: none
    needed, or no sound to measure)."""
    lufs = integrated_lufs(temp)
    if lufs is None or lufs >= TARGET_LUFS - SHORT_LU:
        return 0.0
    gain = round(TARGET_LUFS - lufs + OVER_LIMITER_DB, 2)
    lifted = reencode_sound(temp, temp, gain, max(audio_kbps, LEVELLED_KBPS), duration_ms, cancel, PEAK_LIMITER)
    try:
        lifted.replace(temp)
    finally:
        lifted.unlink(missing_ok=True)
    return gain


def integrated_lufs(path: Path) -> float | None:
    """The integrated loudness (LUFS) of ``path``'s sound by ffmpeg's ebur128; None for silence or no sound."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path), "-vn", "-af", "ebur128", "-f", "null", "-"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    integrated = summary_figures(done.stderr)[0]
    if done.returncode != 0 or integrated is None or integrated == float("-inf"):
        return None
    return integrated
