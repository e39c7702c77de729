"""The visualizer's copy of the sound lifted where the song plays quietly, so that a quiet passage or outro that is
still heard keeps its drawing moving, lower than the loud parts.

Every design draws the level of the sound it is given: an electronic track's outro 12 dB under its body (held-out 04,
-29 LUFS short-term after -17.5) flattened its cover's wave to a line over the last 6 s while the music still pulsed.
Here the level of the span the visualizer draws is read in ``WINDOW_S`` windows every ``HOP_S``, each the loudest of
the windows ``AHEAD`` hops on (so that the lift is gone before a loud entry, and comes in half a second after a fall:
with 3 s windows and the loudest within a second either side, 04's outro was drawn low for 2.5 s after its fall), and
where it lies under the span's loud level (its ``LOUD_PERCENTILE``-th percentile) the sound is raised by ``LIFT_SHARE`` of the shortfall, at most
``MOST_LIFT_DB``: the quiet part is still drawn lower than the loud. Nothing under ``NOISE_DB`` is raised (silence
and a noise floor stay still), with full lift from ``NOISE_DB + GATE_DB``. Only the visualizer's copy is changed,
never what is heard. A track alone's design is left as it was (its sections are its composition, its calm ones
lifted by ``sections.quiet_lift``) but in the song's own quiet outro (``before_the_outro``), and the cover's wave
keeps that lift in its calm sections. A song's own outro at ``NEAR_SILENT_LUFS`` or quieter is not lifted at all
(``calm_tail``): the visualizer calms with it, as the picture dims (``outro_dim``).

A cover video's drawing goes the other way (``DEPTH_SHARE``): where its song plays quietly it is lowered, so that a
breakdown reads as one (held-out 04's, 10 dB under the drop at 0:50-0:56, drew its bars over 0.41-0.47 of their box,
more than the loud parts' 0.31-0.33, to a blind reviewer "as tall as in the loud parts"; lowered, 0.15-0.28), read
1 s ahead (``DEPTH_AHEAD``): lowered until just before a loud entry.
"""

from __future__ import annotations

import functools
import itertools
import math
from pathlib import Path

from ...protocol import Draft, Segment
from ...protocol.sound_ending import sound_ending
from .graph import seconds
from .sums import sum_of
from .visualizer_level import modified, window_levels_db

WINDOW_S, HOP_S = 1.0, 0.5
AHEAD = 4  # the hops on whose loudest level is the one read (the sound 2.5 s on)
LOUD_PERCENTILE = 90
LIFT_SHARE, MOST_LIFT_DB = 0.4, 18.0
# a cover video's drawing lowered where its song plays quietly, by this share of the shortfall (at most
# ``MOST_DEPTH_DB``): its bars read as loud as the song (``cover_depth``)
DEPTH_SHARE, MOST_DEPTH_DB = -0.8, 15.0
DEPTH_AHEAD = 1  # the hops on whose loudest level a lowering reads (the sound 1 s on: lowered until near the entry)
NOISE_DB, GATE_DB = -60.0, 8.0
LEAST_DB = 0.5  # a lift smaller than this everywhere is none
STEP_DB = 0.25  # the lift changes in steps no smaller than this (ramped over a hop)
NEAR_SILENT_LUFS = -28.0  # a song's own outro this quiet or quieter is near silence: the visualizer calms with it


def follow_lift(
    path: Path, span: tuple[int, int], drawn: tuple[int, int], besides: str = "", *, share: float = LIFT_SHARE
) -> str:
    """``,volume`` raising the quiet parts of the sound a visualizer draws: ``span`` (in-point, duration; ms) is the
    part of ``path`` its loud level is read over, ``drawn`` (in-point, duration) the part the chain plays from its
    time 0; nothing where ``besides`` (an expression of the chain's ``t``: a design's calm sections, raised by
    ``sections.quiet_lift``) is non-zero; "" where nothing is lifted. ``share`` of the shortfall under the loud
    level: below 0 (``DEPTH_SHARE``), the quiet parts lowered rather than raised, by at most ``MOST_DEPTH_DB``."""
    lifts = lift_points(str(path), modified(path), span[0], span[1], share)
    first, last = (drawn[0] - span[0]) / 1000, (drawn[0] + drawn[1] - span[0]) / 1000
    inside = [(at, db) for at, db in lifts if first - HOP_S <= at <= last + HOP_S]
    if not inside or max(abs(db) for _, db in inside) < LEAST_DB:
        return ""
    steps, held = [], inside[0][1]
    for (at, _), (_, after) in itertools.pairwise(inside):
        if abs(after - held) >= STEP_DB:  # a ramp over a hop to the next level, from ``at`` on the file's span
            steps.append(f"({after - held:.2f})*clip((t{first - at:+.3f})/{HOP_S},0,1)")
            held = after
    expression = sum_of([f"({inside[0][1]:.2f})", *steps])  # bracketed: ffmpeg refuses a flat sum of ~100 terms
    outside = f":enable='not({besides})'" if besides else ""
    # ffmpeg evaluates it once before the first frame with no time (NaN): 1 there, not a warning on every render
    return f",volume=volume='if(isnan(t),1,pow(10,({expression})/20))':eval=frame{outside}"


def before_the_outro(draft: Draft, segment: Segment) -> str | None:
    """An expression of the chain's ``t`` (0 at the start of ``segment``) that is 1 before the song's own quiet outro
    (``SoundEnding.dim_ms``), where a track alone's design is not lifted; None where the song has no such outro or
    it begins after ``segment``. A click track's outro 20 dB under its body drew the bokeh design's bars moving 0.3
    as much as in the body, 0.19 in a song 14 dB quieter (``/tmp`` probe, 320x180)."""
    sound = sound_ending(draft)
    if not sound.dim_ms or sound.from_ms >= segment.end_ms:
        return None
    return f"lt(t,{seconds(sound.from_ms - segment.start_ms)})"


def calm_tail(draft: Draft, segment: Segment, path: Path) -> str:
    """An expression of the chain's ``t`` (0 at the start of ``segment``) that is 1 over the song's own quiet outro
    (``SoundEnding.dim_ms``) where it plays at ``NEAR_SILENT_LUFS`` or quieter: there the visualizer's sound is not
    lifted (``follow_lift``), so that it calms with the song; "" where the song has no such tail in ``segment``. A
    click track's outro 20 dB under its body (-44 LUFS), lifted 8 dB, drew a photo video's bars over 1.5 times as
    much of their strip as in the body; not lifted, 0.14 of it (``tests/render/test_outro_ending.py``)."""
    sound = sound_ending(draft)
    if not sound.dim_ms or sound.from_ms >= segment.end_ms or segment.in_ms is None:
        return ""
    start = max(sound.from_ms, segment.start_ms)
    span = (segment.in_ms + start - segment.start_ms, min(sound.until_ms, segment.end_ms) - start)
    if span[1] <= 0 or tail_lufs(str(path), modified(path), *span) > NEAR_SILENT_LUFS:
        return ""
    return f"gte(t,{seconds(start - segment.start_ms)})"


@functools.lru_cache(maxsize=32)
def tail_lufs(path: str, modified_at: float, start_ms: int, duration_ms: int) -> float:
    """The integrated loudness of this span of ``path`` (-70 where it cannot be read or is silent)."""
    from ..analysis.played import played_sound

    played = played_sound([(Path(path), start_ms, duration_ms)])
    loudness = played.loudness_lufs if played is not None else -70.0
    return loudness if math.isfinite(loudness) else -70.0


@functools.lru_cache(maxsize=32)
def lift_points(
    path: str, modified_at: float, start_ms: int, duration_ms: int, share: float = LIFT_SHARE
) -> tuple[tuple[float, float], ...]:
    """(seconds into the span, lift dB) every ``HOP_S``: how far the visualizer's sound is raised there (lowered,
    where ``share`` is below 0)."""
    import numpy as np

    levels = window_levels_db(Path(path), start_ms, duration_ms, WINDOW_S, HOP_S)
    if not levels:
        return ()
    ahead = AHEAD if share > 0 else DEPTH_AHEAD
    heard = [max(levels[i : i + ahead + 1]) for i in range(len(levels))]
    sounding = [level for level in heard if level > NOISE_DB]
    if not sounding:
        return ()
    loud = float(np.percentile(sounding, LOUD_PERCENTILE))
    return tuple((i * HOP_S, round(_lift_db(level, loud, share), 2)) for i, level in enumerate(heard))


def _lift_db(level: float, loud: float, share: float = LIFT_SHARE) -> float:
    gate = min(1.0, max(0.0, (level - NOISE_DB) / GATE_DB))
    return gate * min(MOST_LIFT_DB, max(-MOST_DEPTH_DB, share * max(0.0, loud - level)))
