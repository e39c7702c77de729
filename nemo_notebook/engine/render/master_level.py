"""The level of a user's own recording in an export: played as mastered, moved by one fixed gain only where its true
peak would otherwise pass the ceiling.

A commercial master peaks at -1 to +1 dBTP (the evaluation set's real recordings: -0.7 to +0.9; a held-out MP3
+1.7), so that nothing in the MP4 passes -1 dBTP without compressing or limiting the music, the whole mix is lowered
by one gain, the least that brings its sources' true peak 0.1 dB under the ceiling (``protocol.loudness``, -1 dBTP;
``LOWERED_TO_DBTP``). The AAC encoder moves the peak a little either way; ``peak_guard`` measures the encoded sound and, where it passes the
ceiling, lowers it by the excess (a second fixed gain), so that a hot master's export peaks at -1.0 to -1.2 dBTP. A
track with that much headroom plays at exactly its own level. Its loudness range is kept either way (a fixed gain
moves every moment alike). Until stop 42 sources were held to -1.5 dBTP and the mix then passed a limiter at -2.5,
which shaved the peaks the gain had left over -2.5: held-out songs came out 1.1 to 3.2 LU under their masters, 0.5
dB more than their peaks needed, their MP4s at -1.6 to -2.5 dBTP. Where the user asked for the loudness of other
posts (``m.loudness_match``: the agent measured the song as played), the gain raises it toward that target instead,
as far as the same ceiling allows: still one gain, never a limiter. Where the user asked to keep its own loudness
(``m.peak_limit``), a master whose peaks pass the ceiling is not lowered: ``peak_limit``'s limiter holds only them;
asked to make such a master louder (both), it is raised toward the target and the limiter holds what passes.

True peak: ``analysis.true_peak`` (48 kHz, 4x polyphase), one figure for each content of a file and span, shared with
the agent's measure of the song as played.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ...protocol.loudness import TRUE_PEAK_CEILING_DBTP
from ..analysis.true_peak import span_true_peak_dbtp, true_peak_dbtp

__all__ = ["LOWERED_TO_DBTP", "master_gain_db", "raise_asked_db", "true_peak_dbtp"]

LOWERED_TO_DBTP = TRUE_PEAK_CEILING_DBTP - 0.1
"""Where a master whose true peak passes the ceiling is lowered to: ``peak_guard``'s aim, so that the AAC encoder's
small overshoot leaves the export under the ceiling, lowered by this one gain, the figure the reply gives. Held-out
04 (+1.74 dBTP) lowered to the ceiling came out of the encoder at -0.97 dBTP (-1.04 before it, AAC 256 kb/s), so
the guard lowered it 0.13 dB more: 2.9 LU under its master where the reply said 2.7 dB."""


def master_gain_db(sources: list[tuple[Path, int, int]], raise_db: float = 0.0, limited: bool = False) -> float:
    """The gain that brings the loudest true peak of ``sources`` ((path, in ms, duration ms), each as the timeline
    plays it) to ``LOWERED_TO_DBTP`` where it passes the ceiling (``raise_db`` where its peaks are ``limited`` instead:
    "make it louder", the limiter holding what passes), else
    ``raise_db`` (the raise asked for) at most as far as the ceiling; 0 when they cannot be read."""
    peaks = [span_true_peak_dbtp(path, in_ms, duration_ms) for path, in_ms, duration_ms in sources]
    loudest = max((p for p in peaks if p is not None), default=None)
    if loudest is None:
        return 0.0
    if loudest > TRUE_PEAK_CEILING_DBTP:
        return max(0.0, raise_db) if limited else LOWERED_TO_DBTP - loudest
    return min(max(0.0, raise_db), TRUE_PEAK_CEILING_DBTP - loudest)


def raise_asked_db(meta: Mapping[str, object]) -> float:
    """The raise ``m.loudness_match`` asks for (its target less the song's measured loudness), 0 without one."""
    match = meta.get("loudness_match")
    if not isinstance(match, dict):
        return 0.0
    target, measured = match.get("target_lufs"), match.get("source_lufs")
    if not isinstance(target, (int, float)) or not isinstance(measured, (int, float)):
        return 0.0
    return max(0.0, float(target) - float(measured))
