"""How strongly a pulse scene is lit and pushed, moment by moment: the song's loudness within the scene.

A blind reviewer of held-out 06: "the build 2:25.6-2:33 (drums return, the low end builds to the full re-entry at
2:33) gets no visual build; the beat pushes stay full while the band thins at 2:19". Each pulse scene now carries
its level (``level_of``): the song's loudness smoothed over ``SMOOTH_MS``, 1 at the song's body (its median second)
or louder, 0 at ``DEPTH`` under it, one value every ``HOP_MS`` from ``level_from_ms`` (the song's time), each
smoothed only over the scene's own music: a window reaching back over the cut into a quiet intro took the drop's
first beat (its loudest hit) to 0.55 of its level, its push to 0.64 of a full one (``test_track_alone_calm``).
``render.pulse_level`` dims the field and shortens the beat's push by it.
"""

from __future__ import annotations

import statistics

from ...protocol.draft import JSON
from ..analysis.types import ENERGY_RANGE_DB, AudioAnalysis
from .cutting import mean_energy

HOP_MS = 500  # one value of the level every this much
SMOOTH_MS = 1000  # the loudness averaged over this window round each value (a beat's hit moves nothing)
DEPTH = 12.0 / ENERGY_RANGE_DB  # the level is 0 this far (12 dB) under the song's body
STEP = 0.05  # the level rounded to this (a scene at its full level throughout carries none)


def song_body(analysis: AudioAnalysis, length_ms: int) -> float:
    """The song's body: the median of its whole seconds' mean energy over its first ``length_ms``."""
    return statistics.median(mean_energy(analysis, t, t + 1000) for t in range(0, max(length_ms - 1000, 1), 1000))


def level_body(analysis: AudioAnalysis) -> float:
    """The body a scene's level is measured from: ``song_body`` over the whole song (computed once per plan)."""
    return song_body(analysis, max(analysis.duration_ms, 1))


def level_of(
    analysis: AudioAnalysis, start_ms: int, stop_ms: int, smooth_ms: int = SMOOTH_MS, body: float | None = None
) -> dict[str, JSON]:
    """The meta of a pulse scene from ``start_ms`` to ``stop_ms`` that carries its level (the loudness smoothed over
    ``smooth_ms``, measured from ``body``, ``level_body`` where not given); empty for a song without an energy curve
    and for a scene at its full level throughout."""
    if not analysis.energy or stop_ms <= start_ms:
        return {}
    body = level_body(analysis) if body is None else body
    values = []
    for t in range(start_ms, stop_ms + HOP_MS, HOP_MS):
        level = mean_energy(analysis, max(t - smooth_ms // 2, start_ms), min(t + smooth_ms // 2, stop_ms))
        values.append(round(round(min(max(1 - (body - level) / DEPTH, 0.0), 1.0) / STEP) * STEP, 2))
    if min(values) >= 1:
        return {}
    return {"level": values, "level_from_ms": start_ms, "level_hop_ms": HOP_MS}
