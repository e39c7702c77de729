"""How the picture's light follows the song's own quiet outro (``outro_dim``), continuously: full at the level of
the song's body just before its fall, falling linearly with the outro's level to dark ``DARK_DB`` under it
(``light_for``), read every ``HOP_S`` over ``WINDOW_S`` windows (each the loudest of its window and its neighbours':
a pulse every second is the outro's level, not a fall) and ramped from point to point, never lighter again and never
falling faster than ``FALL_PER_S`` (a fall of 14 dB in a second is a fade of 2.5 s); and from
``LAST_FADE_MS`` before the last sound ends, on to black with it.

Held-out 04 (an electronic song whose outro pulses 12 LU under its body, -29 LUFS short-term, from 3:08 to its end at
3:16): dimmed to 0.3 within a second of its fall and held there (s52), a blind reviewer saw it "look over while the
music goes on"; held at full light over it and faded over its last 1.5 s (s53), another saw "a flat line under the
title" on a bright frame over near silence. Followed, it sits at about 0.6 of its light over the outro.

Read from the recording the music segment plays at the end (``own_ending`` on it: ``protocol.sound_ending``), from
``BODY_S`` before the fall (the body's level: the median of those windows).
"""

from __future__ import annotations

import functools
import statistics
from pathlib import Path

from ...protocol import Draft, Segment, TrackType
from ...protocol.sound_ending import END_SLACK_MS, OWN_ENDING, SoundEnding
from .graph import MediaMap
from .visualizer_level import modified, window_levels_db

WINDOW_S, HOP_S, BODY_S = 3.0, 0.5, 4.0  # 3 s windows: the short-term level a loudness meter shows
DARK_DB = 30.0  # the picture is dark where the sound plays this far under its body
LAST_FADE_MS = 1500  # and goes black over this much, ending where the last sound ends
FALL_PER_S = 0.2  # the light falls at most this much a second: a fade, not a drop (04's 14 dB fall in 1 s)
STEP = 0.02  # a change of light smaller than this is held (fewer terms in the expression)
BARS_GONE = 0.85  # the visualizer fades out where the light falls under this (as the outro falls: its bars go flat)
BARS_FADE_S = 1.0


def outro_follow(draft: Draft, media: MediaMap, sound: SoundEnding) -> str:
    """A factor of ``t`` (video time), 0..1: the picture's light over the song's own outro (``outro_lights``) times
    its last fade to black; "" where the outro cannot be read."""
    lights = outro_lights(draft, media, sound)
    if not lights:
        return ""
    expression, held = "1", 1.0
    for at, light in lights:
        if held - light >= STEP:
            expression += f"{light - held:+.3f}*clip((t-{at - HOP_S:.3f})/{HOP_S},0,1)"
            held = light
    last = min(LAST_FADE_MS, sound.dark_ms - sound.from_ms) / 1000
    return f"({expression})*clip(({sound.dark_ms / 1000:.3f}-t)/{last:.3f},0,1)"


def bars_gone_s(draft: Draft, media: MediaMap, sound: SoundEnding) -> float | None:
    """Where (video time, s) the outro has fallen so far that the visualizer would draw a flat line (the light
    under ``BARS_GONE``): it fades out over ``BARS_FADE_S`` from there; None where it does not."""
    return next((at - HOP_S for at, light in outro_lights(draft, media, sound) if light < BARS_GONE), None)


def outro_lights(draft: Draft, media: MediaMap, sound: SoundEnding) -> tuple[tuple[float, float], ...]:
    """(video time in s, the picture's light 0..1) every ``HOP_S`` from the fall to the last sound; () where the
    outro's recording cannot be read."""
    segment = _ending_segment(draft)
    if segment is None or segment.src is None or segment.src not in media or segment.in_ms is None:
        return ()
    offset = segment.in_ms - segment.start_ms
    before = min(round(BODY_S * 1000), max(0, sound.from_ms + offset - segment.in_ms))
    path = media[segment.src][0]
    start = sound.from_ms + offset - before
    lights = outro_light(str(path), modified(path), start, sound.dark_ms - sound.from_ms + before, before)
    return tuple(((start - offset) / 1000 + at, light) for at, light in lights)


@functools.lru_cache(maxsize=16)
def outro_light(
    path: str, modified_at: float, start_ms: int, duration_ms: int, body_ms: int
) -> tuple[tuple[float, float], ...]:
    """(seconds from ``start_ms``, the light) every ``HOP_S`` after the first ``body_ms`` (the body's level),
    never lighter than before; () where it cannot be read."""
    levels = window_levels_db(Path(path), start_ms, duration_ms, WINDOW_S, HOP_S)
    first = round(body_ms / 1000 / HOP_S)
    if len(levels) <= first:
        return ()
    body = statistics.median(levels[: max(first, 1)])
    out, lowest = [], 1.0
    for i in range(first, len(levels)):
        heard = max(levels[max(0, i - 1) : i + 2])
        lowest = min(lowest, max(lowest - FALL_PER_S * HOP_S, light_for(body - heard)))
        out.append((i * HOP_S, lowest))
    return tuple(out)


def light_for(under_db: float) -> float:
    """The picture's light where the sound plays ``under_db`` under the song's body.

    >>> light_for(0), light_for(12), light_for(40)
    (1.0, 0.6, 0.0)
    """
    return max(0.0, min(1.0, 1 - under_db / DARK_DB))


def _ending_segment(draft: Draft) -> Segment | None:
    """The music segment whose own ending the outro is."""
    for track in draft.tracks_of(TrackType.AUDIO):
        for segment in track.segments:
            if OWN_ENDING in segment.meta and segment.end_ms >= draft.duration_ms - END_SLACK_MS:
                return segment
    return None
