"""A recording cut off mid-phrase with a short fade put on where it was cut, told from a song's own ending.

Held-out export 03's orchestral file (07-orchestral-rubato-love-theme.ogg, 95.3 s) plays held notes at its body's
level to 94.4 s and then falls to silence within 0.8 s, ever faster (-1, -1, -3, -2, -5, -4, -8, -9, -9, -16 dB a 100
ms from 94.2 s), where the file ends: read as a final hit (``song_ending.own_ending``: 94.6-95.1 s), the video ended
with it, and a reviewer heard "the file ran out". The songs of the evaluation set that end by themselves end
otherwise: a band's final hit falls to silence within 200 ms (14-pop-rock, 06-metal, 02-hiphop's loop), a last chord
or note rings out, falling fastest first and for a second or more to silence (01-jazz, 13-ballad: silence 0.7-1.4 s
before the file ends), a producer's fade-out lasts several seconds (03-rock, 04-metal, 11-electronic).
"""

from __future__ import annotations

import itertools
import statistics

from ..analysis.types import AudioAnalysis

BODY_DROP = 0.125  # the body's level: within 5 dB of the song's median energy (as ``song_ending.HIT_DROP``)
END_DROP = 0.25  # the fall ends 10 dB or more under the median
SILENT = 0.1  # at silence, 36 dB under the loud passages (as ``song_ending.SILENT``), or at the file's end
EDIT_FALL_MS = (300, 1500)  # the fall from the body's level: longer than a hit's, shorter than a fade-out's
SILENCE_AFTER_MS = 300  # and the file ends within this of the silence: nothing rings out after it
RISE = 0.05  # and no 100 ms of the fall is 2 dB louder than the one before (10-electronic's last pulses are)


def faded_at_a_cut(analysis: AudioAnalysis) -> bool:
    """Whether the file's sound falls steadily (``RISE``) from its body's level to silence or the file's end within
    ``EDIT_FALL_MS``, faster in the fall's second half than in its first (a fade in amplitude; a ring-out falls
    fastest first), and the file ends within ``SILENCE_AFTER_MS`` of that silence."""
    hop = max(analysis.energy_hop_ms, 1)
    energy = analysis.energy
    silent = len(energy)
    while silent > 0 and energy[silent - 1] < SILENT:
        silent -= 1
    end = min(silent, len(energy) - 1)
    if not energy or (len(energy) - silent) * hop > SILENCE_AFTER_MS:
        return False
    median = statistics.median(energy)
    last = next((i for i in range(end - 1, -1, -1) if energy[i] >= median - BODY_DROP), None)
    if last is None or energy[end] > median - END_DROP:
        return False
    shortest, longest = EDIT_FALL_MS
    fall = energy[last : end + 1]
    middle = fall[(len(fall) - 1) // 2]  # half-way through the fall
    steady = all(b - a < RISE for a, b in itertools.pairwise(fall))
    return shortest <= (end - last) * hop <= longest and steady and fall[0] - middle < middle - fall[-1]
